package io.go4j.sync;

import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.Goroutine;
import io.go4j.testsupport.Waits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CondTest {
  private static final String WAIT = "sync.Cond.Wait";
  private static final String CANCELLED = "sync.Cond.Wait interrupted; no signal was consumed";

  @Test
  void signalWakesTheLongestWaiterFirst() {
    main(
        () -> {
          Mutex m = new Mutex();
          Cond c = new Cond(m);
          assertSame(m, c.locker());
          List<String> order = Collections.synchronizedList(new ArrayList<>());
          List<Goroutine> waiters = new ArrayList<>();
          for (String name : List.of("w1", "w2", "w3")) {
            Goroutine g = go(() -> awaitOnce(c, () -> order.add(name)));
            Waits.until(g, WAIT);
            waiters.add(g);
          }
          for (int i = 0; i < 3; i++) {
            c.signal();
            waiters.get(i).join();
            assertEquals(i + 1, order.size());
          }
          assertEquals(List.of("w1", "w2", "w3"), order);
        });
  }

  @Test
  void broadcastWakesEveryWaiter() {
    main(
        () -> {
          RWMutex rw = new RWMutex();
          Cond c = new Cond(rw.rLocker()); // any Locker: here readers share it
          List<Goroutine> waiters = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            Goroutine g = go(() -> awaitOnce(c, () -> {}));
            Waits.until(g, WAIT);
            waiters.add(g);
          }
          c.broadcast();
          waiters.forEach(Goroutine::join);
          assertTrue(rw.tryLock());
        });
  }

  @Test
  void aSignalWithNobodyWaitingIsNotKept() {
    main(
        () -> {
          Mutex m = new Mutex();
          Cond c = new Cond(m);
          c.signal();
          c.broadcast();
          Goroutine g = go(() -> awaitOnce(c, () -> {}));
          Waits.until(g, WAIT); // waits: the earlier signals woke nobody and were not banked
          c.signal();
          g.join();
        });
  }

  @Test
  void aCancelledWaiterConsumesNoSignalAndHoldsTheLockWhenItThrows() {
    main(
        () -> {
          Mutex m = new Mutex();
          Cond c = new Cond(m);
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          AtomicBoolean heldWhenThrown = new AtomicBoolean();
          Goroutine cancelled =
              go(
                  () -> {
                    m.lock();
                    outcome.set(Attempt.of(c::await));
                    heldWhenThrown.set(!m.tryLock());
                    m.unlock();
                  });
          Waits.until(cancelled, WAIT);
          AtomicBoolean otherWoke = new AtomicBoolean();
          Goroutine other = go(() -> awaitOnce(c, () -> otherWoke.set(true)));
          Waits.until(other, WAIT);

          m.lock(); // the cancelled waiter must take the lock back before it throws
          cancelled.interrupt();
          Waits.until(cancelled, "sync.Mutex.Lock");
          assertNull(outcome.get());
          m.unlock();
          cancelled.join();
          assertEquals(
              CANCELLED, assertInstanceOf(CancelledException.class, outcome.get()).getMessage());
          assertTrue(heldWhenThrown.get());

          c.signal(); // goes to the remaining waiter
          other.join();
          assertTrue(otherWoke.get());
        });
  }

  @Test
  void aSignalBeforeTheInterruptStandsAndTheInterruptIsKept() {
    Attempt.onRuntime(
        1,
        rt -> {
          Mutex m = new Mutex();
          Cond c = new Cond(m);
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          AtomicBoolean interruptKept = new AtomicBoolean();
          Goroutine g =
              rt.go(
                  () -> {
                    m.lock();
                    outcome.set(Attempt.of(c::await));
                    interruptKept.set(Thread.interrupted());
                    m.unlock();
                  });
          Waits.until(g, WAIT);
          c.signal(); // g runs only when main blocks (one P)
          g.interrupt();
          g.join();
          assertNull(outcome.get());
          assertTrue(interruptKept.get());
        });
  }

  @Test
  void anInterruptedGoroutineThrowsAtOnceStillHoldingTheLock() {
    main(
        () -> {
          Mutex m = new Mutex();
          Cond c = new Cond(m);
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          AtomicBoolean held = new AtomicBoolean();
          go(() -> {
                m.lock();
                Thread.currentThread().interrupt();
                outcome.set(Attempt.of(c::await));
                held.set(!m.tryLock());
                m.unlock();
              })
              .join();
          assertEquals(CANCELLED, outcome.get().getMessage());
          assertTrue(held.get());
          c.signal(); // nobody was left queued
          assertTrue(m.tryLock());
        });
  }

  @Test
  void awaitWithoutTheLockFailsAndLeavesNoWaiterBehind() {
    main(
        () -> {
          Mutex m = new Mutex();
          Cond c = new Cond(m);
          assertEquals(
              "sync: unlock of unlocked mutex",
              assertThrows(IllegalStateException.class, c::await).getMessage());
          Goroutine g = go(() -> awaitOnce(c, () -> {}));
          Waits.until(g, WAIT);
          c.signal(); // reaches g: the failed await did not stay queued to swallow it
          g.join();
        });
  }

  private static void awaitOnce(Cond c, Runnable then) {
    c.locker().lock();
    try {
      c.await();
      then.run();
    } finally {
      c.locker().unlock();
    }
  }
}
