package io.go4j.sync;

import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.sync.internal.Sema;
import io.go4j.testsupport.Waits;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MutexTest {
  private static final String LOCK = "sync.Mutex.Lock";
  private static final String CANCELLED = "sync.Mutex.Lock interrupted; the lock was not acquired";

  @Test
  void excludesGoroutinesUnderContention() {
    Contention c = new Contention();
    main(
        () -> {
          WaitGroup wg = new WaitGroup();
          for (int g = 0; g < 8; g++) {
            wg.go(c::work);
          }
          wg.await();
        });
    c.check(8);
  }

  /**
   * Plain threads block on a Mutex too. (Not mixed with goroutines under {@code Go.main}: a
   * goroutine waiting for a plain thread looks deadlocked to the runtime, as in Go.)
   */
  @Test
  void excludesPlainThreadsUnderContention() throws InterruptedException {
    Contention c = new Contention();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      threads.add(Thread.ofPlatform().start(c::work));
    }
    for (Thread t : threads) {
      t.join();
    }
    c.check(3);
  }

  /** Increments a plain counter under the mutex, and counts overlaps in the critical section. */
  private static final class Contention {
    private static final int ROUNDS = 10_000;
    final Mutex m = new Mutex();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();
    int counter;

    void work() {
      for (int i = 0; i < ROUNDS; i++) {
        if (i % 7 != 0 || !m.tryLock()) {
          m.lock();
        }
        if (inside.incrementAndGet() != 1) {
          overlaps.incrementAndGet();
        }
        counter++;
        inside.decrementAndGet();
        m.unlock();
      }
    }

    void check(int workers) {
      assertEquals(0, overlaps.get());
      assertEquals(workers * ROUNDS, counter);
      assertTrue(m.tryLock(), "left unlocked");
    }
  }

  @Test
  void tryLockTakesOnlyAFreeMutex() {
    Mutex m = new Mutex();
    assertTrue(m.tryLock());
    assertFalse(m.tryLock());
    m.unlock();
    assertTrue(m.tryLock());
    m.unlock();
  }

  @Test
  void unlockOfAnUnlockedMutexIsGosFatalErrorAndChangesNothing() {
    Mutex m = new Mutex();
    IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
    assertEquals("sync: unlock of unlocked mutex", e.getMessage());
    m.lock();
    m.unlock();
    assertThrows(IllegalStateException.class, m::unlock);
    assertTrue(m.tryLock());
  }

  @Test
  void cancelledWaiterDoesNotGetTheLockAndTheOthersStillDo() {
    main(
        () -> {
          Mutex m = new Mutex();
          List<String> order = Collections.synchronizedList(new ArrayList<>());
          m.lock();
          Goroutine a = go(() -> lockedRun(m, () -> order.add("a")));
          Waits.until(a, LOCK);
          AtomicReference<RuntimeException> b = new AtomicReference<>();
          Goroutine gb = go(() -> b.set(Attempt.of(() -> lockedRun(m, () -> order.add("b")))));
          Waits.until(gb, LOCK);
          Goroutine c = go(() -> lockedRun(m, () -> order.add("c")));
          Waits.until(c, LOCK);
          gb.interrupt(); // the middle of the queue
          gb.join();
          assertEquals(CANCELLED, assertInstanceOf(CancelledException.class, b.get()).getMessage());
          assertFalse(m.tryLock(), "still held by main");
          m.unlock();
          a.join();
          c.join();
          assertEquals(List.of("a", "c"), order);
          assertTrue(m.tryLock(), "the cancelled waiter left nothing behind");
          m.unlock();
        });
  }

  @Test
  void cancellingTheOnlyWaiterOfAStarvingMutexReturnsItToNormal() {
    Attempt.onRuntime(
        1,
        rt -> {
          Mutex m = new Mutex();
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine a = starvedWaiter(rt, m, () -> outcome.set(Attempt.of(m::lock)));
          a.interrupt();
          a.join();
          assertEquals(CANCELLED, outcome.get().getMessage());
          m.unlock(); // no waiter left: no handoff to nobody
          assertTrue(m.tryLock(), "starvation mode ended with its last waiter");
          m.unlock();
        });
  }

  /**
   * The only waiter of a starving mutex is cancelled while an unlock hands the mutex to it: after
   * the unlock cleared LOCKED, before its release reached the semaphore (the unlock's two halves
   * replayed here through the mutex's fields, the cancellation between them). The release, finding
   * nobody, is banked; the mutex must go on working: the next goroutine to queue takes it as the
   * handoff, and a later waiter is woken by a plain unlock, with no "inconsistent mutex state".
   */
  @Test
  void aWaiterCancelledWhileAStarvationUnlockHandsOverLeavesTheMutexWorking() {
    Attempt.onRuntime(
        1,
        rt -> {
          Mutex m = new Mutex();
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine a = starvedWaiter(rt, m, () -> outcome.set(Attempt.of(m::lock)));
          MUTEX_STATE.getAndAdd(m, -1); // the unlock's first half: LOCKED cleared, a handoff due
          a.interrupt();
          a.join();
          assertEquals(CANCELLED, outcome.get().getMessage());
          sema(m).releaseHandoff(); // its second half: the release, to nobody now

          m.lock();
          AtomicReference<RuntimeException> later = new AtomicReference<>();
          Goroutine c = rt.go(() -> later.set(Attempt.of(() -> lockedRun(m, () -> {}))));
          while (c.isAlive() && !LOCK.equals(c.waitReason())) {
            GoRuntime.gosched();
          }
          m.unlock();
          c.join();
          assertNull(later.get(), "a waiter that queued behind the handoff");
          assertTrue(m.tryLock(), "free and in normal mode again");
          m.unlock();
        });
  }

  private static final VarHandle MUTEX_STATE;
  private static final MethodHandle MUTEX_SEMA;

  static {
    try {
      MethodHandles.Lookup mutex =
          MethodHandles.privateLookupIn(Mutex.class, MethodHandles.lookup());
      MUTEX_STATE = mutex.findVarHandle(Mutex.class, "state", int.class);
      MUTEX_SEMA = mutex.findGetter(Mutex.class, "sema", Sema.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static Sema sema(Mutex m) {
    try {
      return (Sema) MUTEX_SEMA.invokeExact(m);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  @Test
  void aGrantBeforeTheInterruptStandsAndTheInterruptIsKept() {
    Attempt.onRuntime(
        1,
        rt -> {
          Mutex m = new Mutex();
          m.lock();
          AtomicBoolean interruptKept = new AtomicBoolean();
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine a =
              rt.go(
                  () -> {
                    outcome.set(Attempt.of(m::lock));
                    interruptKept.set(Thread.interrupted());
                    m.unlock();
                  });
          Waits.until(a, LOCK);
          m.unlock(); // wakes a, which runs only when main blocks (one P)...
          a.interrupt(); // ...so it finds its wake-up and the interrupt together
          a.join();
          assertNull(outcome.get());
          assertTrue(interruptKept.get());
        });
  }

  @Test
  void anInterruptedGoroutineTakesAFreeMutexButDoesNotWaitForAHeldOne() {
    main(
        () -> {
          Mutex m = new Mutex();
          List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
          go(() -> {
                Thread.currentThread().interrupt();
                outcomes.add(Attempt.of(m::lock)); // free: taken
                outcomes.add(Thread.currentThread().isInterrupted());
                outcomes.add(Attempt.of(m::lock)); // held (by itself): would wait, so cancelled
                outcomes.add(Thread.currentThread().isInterrupted());
                m.unlock();
              })
              .join();
          assertNull(outcomes.get(0));
          assertEquals(true, outcomes.get(1));
          assertEquals(CANCELLED, ((RuntimeException) outcomes.get(2)).getMessage());
          assertEquals(false, outcomes.get(3), "the interrupt was consumed");
          assertTrue(m.tryLock());
        });
  }

  @Test
  void aPlainThreadWaitingForTheMutexCanBeInterruptedToo() throws InterruptedException {
    Mutex m = new Mutex();
    m.lock();
    AtomicReference<RuntimeException> outcome = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> outcome.set(Attempt.of(m::lock)));
    while (t.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    t.interrupt();
    t.join();
    assertEquals(CANCELLED, outcome.get().getMessage());
    m.unlock();
    assertTrue(m.tryLock());
  }

  @Test
  void normalModeNewcomersBargeAndAWokenWaiterThatLosesGoesBackToTheFront() {
    Attempt.onRuntime(
        1,
        rt -> {
          Mutex m = new Mutex();
          List<String> order = Collections.synchronizedList(new ArrayList<>());
          m.lock();
          Goroutine a = rt.go(() -> lockedRun(m, () -> order.add("a")));
          Waits.until(a, LOCK);
          Goroutine b = rt.go(() -> lockedRun(m, () -> order.add("b")));
          Waits.until(b, LOCK);
          m.unlock(); // wakes a, the first waiter; it has not run yet (one P)
          assertTrue(m.tryLock(), "a running newcomer takes the mutex from the woken waiter");
          Waits.until(a, LOCK); // a ran, lost, and queued again: in front of b
          m.unlock();
          a.join();
          b.join();
          assertEquals(List.of("a", "b"), order);
        });
  }

  @Test
  void aWaiterStarvedForOverAMillisecondGetsTheMutexByHandoffBeforeNewcomers() {
    Attempt.onRuntime(
        1,
        rt -> {
          Mutex m = new Mutex();
          List<String> order = Collections.synchronizedList(new ArrayList<>());
          Goroutine a = starvedWaiter(rt, m, () -> lockedRun(m, () -> order.add("a")));
          Goroutine b = rt.go(() -> lockedRun(m, () -> order.add("b"))); // a newcomer: queues
          Waits.until(b, LOCK);
          m.unlock(); // hands the mutex to a
          lockedRun(m, () -> order.add("main")); // a newcomer too: no barging, to the tail
          a.join();
          b.join();
          assertEquals(List.of("a", "b", "main"), order);
          assertTrue(m.tryLock(), "back to normal mode");
          m.unlock();
        });
  }

  /**
   * With one P: locks {@code m}, starts {@code waiter} (a goroutine that locks it), lets it wait
   * over 1 ms, wakes it and takes the mutex back before it runs, so that it finds it held again,
   * switches it to starvation mode and queues again at the front. The caller holds the mutex after.
   */
  private static Goroutine starvedWaiter(GoRuntime rt, Mutex m, Runnable waiter) {
    m.lock();
    Goroutine a = rt.go(waiter);
    Waits.until(a, LOCK);
    GoRuntime.sleep(Duration.ofMillis(5));
    m.unlock();
    assertTrue(m.tryLock(), "in normal mode until the woken waiter runs");
    Waits.until(a, LOCK);
    return a;
  }

  private static void lockedRun(Mutex m, Runnable r) {
    m.lock();
    try {
      r.run();
    } finally {
      m.unlock();
    }
  }
}
