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
import io.go4j.runtime.Goroutine;
import io.go4j.testsupport.Waits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RWMutexTest {
  private static final String RLOCK = "sync.RWMutex.RLock";
  private static final String LOCK = "sync.RWMutex.Lock";
  private static final String RLOCK_CANCELLED =
      "sync.RWMutex.RLock interrupted; the read lock was not acquired";
  private static final String LOCK_CANCELLED =
      "sync.RWMutex.Lock interrupted; the lock was not acquired";

  @Test
  void readersShareTheLock() {
    main(
        () -> {
          RWMutex rw = new RWMutex();
          WaitGroup allInside = new WaitGroup();
          allInside.add(3);
          WaitGroup done = new WaitGroup();
          for (int i = 0; i < 3; i++) {
            done.go(
                () -> {
                  rw.rLock();
                  allInside.done();
                  allInside.await(); // only returns if all three hold the read lock at once
                  rw.rUnlock();
                });
          }
          done.await();
          assertTrue(rw.tryLock());
          rw.unlock();
        });
  }

  @Test
  void writersExcludeEveryoneUnderContention() {
    main(
        () -> {
          RWMutex rw = new RWMutex();
          long[] pair = {0, 0};
          AtomicInteger violations = new AtomicInteger();
          AtomicInteger writersInside = new AtomicInteger();
          WaitGroup wg = new WaitGroup();
          for (int g = 0; g < 4; g++) {
            wg.go(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    rw.lock();
                    if (writersInside.incrementAndGet() != 1) {
                      violations.incrementAndGet();
                    }
                    pair[0]++;
                    pair[1]++;
                    writersInside.decrementAndGet();
                    rw.unlock();
                  }
                });
            wg.go(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    Locker r = rw.rLocker();
                    r.lock();
                    if (pair[0] != pair[1] || writersInside.get() != 0) {
                      violations.incrementAndGet();
                    }
                    r.unlock();
                  }
                });
          }
          wg.await();
          assertEquals(0, violations.get());
          assertEquals(20_000, pair[0]);
          assertTrue(rw.tryLock());
        });
  }

  @Test
  void aWaitingWriterBlocksLaterReaders() {
    main(
        () -> {
          RWMutex rw = new RWMutex();
          List<String> order = Collections.synchronizedList(new ArrayList<>());
          rw.rLock();
          Goroutine w = go(() -> write(rw, () -> order.add("writer")));
          Waits.until(w, LOCK);
          assertFalse(rw.tryRLock(), "a waiting writer keeps new readers out");
          Goroutine r = go(() -> read(rw, () -> order.add("reader")));
          Waits.until(r, RLOCK);
          rw.rUnlock();
          w.join();
          r.join();
          assertEquals(List.of("writer", "reader"), order);
        });
  }

  @Test
  void tryLockAndTryRLock() {
    RWMutex rw = new RWMutex();
    assertTrue(rw.tryRLock());
    assertTrue(rw.tryRLock());
    assertFalse(rw.tryLock());
    rw.rUnlock();
    rw.rUnlock();
    assertTrue(rw.tryLock());
    assertFalse(rw.tryRLock());
    assertFalse(rw.tryLock());
    rw.unlock();
    Locker r = rw.rLocker();
    r.lock();
    assertFalse(rw.tryLock());
    r.unlock();
    assertTrue(rw.tryLock());
    rw.unlock();
  }

  @Test
  void misuseIsGosFatalErrorAndChangesNothing() {
    RWMutex rw = new RWMutex();
    assertEquals(
        "sync: RUnlock of unlocked RWMutex",
        assertThrows(IllegalStateException.class, rw::rUnlock).getMessage());
    assertEquals(
        "sync: Unlock of unlocked RWMutex",
        assertThrows(IllegalStateException.class, rw::unlock).getMessage());
    rw.lock();
    assertEquals(
        "sync: RUnlock of unlocked RWMutex",
        assertThrows(IllegalStateException.class, rw::rUnlock).getMessage());
    rw.unlock();
    rw.rLock();
    assertEquals(
        "sync: Unlock of unlocked RWMutex",
        assertThrows(IllegalStateException.class, rw::unlock).getMessage());
    rw.rUnlock();
    assertTrue(rw.tryLock());
    rw.unlock();
  }

  @Test
  void aCancelledReaderTakesNothingAndTheOthersStillGetIn() {
    main(
        () -> {
          RWMutex rw = new RWMutex();
          rw.lock();
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine r1 = go(() -> outcome.set(Attempt.of(rw::rLock)));
          Waits.until(r1, RLOCK);
          AtomicBoolean r2Read = new AtomicBoolean();
          Goroutine r2 = go(() -> read(rw, () -> r2Read.set(true)));
          Waits.until(r2, RLOCK);
          r1.interrupt();
          r1.join();
          assertEquals(
              RLOCK_CANCELLED,
              assertInstanceOf(CancelledException.class, outcome.get()).getMessage());
          rw.unlock();
          r2.join();
          assertTrue(r2Read.get());
          assertTrue(rw.tryLock(), "no read lock left behind by the cancelled reader");
          rw.unlock();
        });
  }

  @Test
  void aWriterCancelledWhileWaitingForReadersLetsTheReadersQueuedBehindItIn() {
    main(
        () -> {
          RWMutex rw = new RWMutex();
          List<String> order = Collections.synchronizedList(new ArrayList<>());
          rw.rLock();
          WaitGroup release = new WaitGroup();
          release.add(1);
          Goroutine holder = go(() -> read(rw, release::await)); // a second reader, holding
          Waits.until(holder, "sync.WaitGroup.Wait");
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine w = go(() -> outcome.set(Attempt.of(rw::lock)));
          Waits.until(w, LOCK);
          Goroutine w2 = go(() -> write(rw, () -> order.add("w2")));
          Waits.until(w2, "sync.Mutex.Lock"); // behind w, as in Go
          Goroutine r = go(() -> read(rw, () -> order.add("r")));
          Waits.until(r, RLOCK);
          w.interrupt();
          w.join();
          assertEquals(
              LOCK_CANCELLED, assertInstanceOf(CancelledException.class, outcome.get()).getMessage());
          r.join(); // let in although two readers still hold the lock
          Waits.until(w2, LOCK); // w2 took w's place and waits for the two readers
          rw.rUnlock();
          release.done();
          w2.join();
          holder.join();
          assertEquals(List.of("r", "w2"), order);

          // The readers that left after the cancel released nothing for a writer that was gone:
          // the next writer still waits for the next reader.
          WaitGroup release2 = new WaitGroup();
          release2.add(1);
          AtomicBoolean readerHolds = new AtomicBoolean(true);
          Goroutine x =
              go(
                  () ->
                      read(
                          rw,
                          () -> {
                            release2.await();
                            readerHolds.set(false);
                          }));
          Waits.until(x, "sync.WaitGroup.Wait");
          AtomicBoolean overlapped = new AtomicBoolean();
          Goroutine w3 = go(() -> write(rw, () -> overlapped.set(readerHolds.get())));
          Waits.until(w3, LOCK);
          release2.done();
          w3.join();
          x.join();
          assertFalse(overlapped.get());
          assertTrue(rw.tryLock());
          rw.unlock();
        });
  }

  @Test
  void aWriterCancelledBehindAnotherWriterTakesNothing() {
    main(
        () -> {
          RWMutex rw = new RWMutex();
          rw.lock();
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine w = go(() -> outcome.set(Attempt.of(rw::lock)));
          Waits.until(w, "sync.Mutex.Lock");
          w.interrupt();
          w.join();
          assertEquals(LOCK_CANCELLED, outcome.get().getMessage());
          rw.unlock();
          assertTrue(rw.tryLock());
          rw.unlock();
          assertTrue(rw.tryRLock());
          rw.rUnlock();
        });
  }

  @Test
  void aWriterGrantedBeforeItsInterruptHoldsTheLockWithTheInterruptKept() {
    Attempt.onRuntime(
        1,
        rt -> {
          RWMutex rw = new RWMutex();
          rw.rLock();
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          AtomicBoolean interruptKept = new AtomicBoolean();
          AtomicBoolean exclusive = new AtomicBoolean();
          Goroutine w =
              rt.go(
                  () -> {
                    outcome.set(Attempt.of(rw::lock));
                    interruptKept.set(Thread.interrupted());
                    exclusive.set(!rw.tryRLock());
                    rw.unlock();
                  });
          Waits.until(w, LOCK);
          rw.rUnlock(); // the last reader lets w in; w runs only when main blocks (one P)
          w.interrupt();
          w.join();
          assertNull(outcome.get());
          assertTrue(interruptKept.get());
          assertTrue(exclusive.get());
        });
  }

  @Test
  void anInterruptedGoroutineReadsAFreeLockButDoesNotWaitForAWriter() {
    main(
        () -> {
          RWMutex rw = new RWMutex();
          List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
          go(() -> {
                Thread.currentThread().interrupt();
                outcomes.add(Attempt.of(rw::rLock)); // no writer: completes
                rw.rUnlock();
                outcomes.add(Attempt.of(rw::lock)); // free: completes
                outcomes.add(Attempt.of(rw::rLock)); // its own writer: would wait, cancelled
                rw.unlock();
              })
              .join();
          assertNull(outcomes.get(0));
          assertNull(outcomes.get(1));
          assertEquals(RLOCK_CANCELLED, ((RuntimeException) outcomes.get(2)).getMessage());
          assertTrue(rw.tryLock());
        });
  }

  private static void read(RWMutex rw, Runnable r) {
    rw.rLock();
    try {
      r.run();
    } finally {
      rw.rUnlock();
    }
  }

  private static void write(RWMutex rw, Runnable r) {
    rw.lock();
    try {
      r.run();
    } finally {
      rw.unlock();
    }
  }
}
