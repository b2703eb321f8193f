package io.go4j.sync;

import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Contended primitives whose goroutines are interrupted at random: whatever was cancelled did not
 * happen, invariants hold, nobody is left waiting (a lost wake-up would hang the test), and the
 * primitive is free at the end.
 */
@Timeout(60)
class CancellationStressTest {
  private static final int WORKERS = 6;
  private static final int ROUNDS = 2_000;

  @Test
  void mutex() {
    Mutex m = new Mutex();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    long[] counter = {0};
    AtomicLong acquired = new AtomicLong();
    underInterrupts(
        worker -> {
          try {
            m.lock();
          } catch (CancelledException e) {
            return;
          }
          acquired.incrementAndGet();
          if (inside.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
          }
          counter[0]++;
          GoRuntime.gosched(); // holding it, so that others queue
          inside.decrementAndGet();
          m.unlock();
        });
    assertEquals(0, overlaps.get());
    assertEquals(acquired.get(), counter[0]);
    assertTrue(m.tryLock());
  }

  @Test
  void rwMutex() {
    RWMutex rw = new RWMutex();
    AtomicInteger readers = new AtomicInteger();
    AtomicInteger writers = new AtomicInteger();
    AtomicInteger violations = new AtomicInteger();
    underInterrupts(
        worker -> {
          boolean write = ThreadLocalRandom.current().nextInt(4) == 0;
          try {
            if (write) {
              rw.lock();
            } else {
              rw.rLock();
            }
          } catch (CancelledException e) {
            return;
          }
          if (write) {
            if (writers.incrementAndGet() != 1 || readers.get() != 0) {
              violations.incrementAndGet();
            }
            GoRuntime.gosched();
            writers.decrementAndGet();
            rw.unlock();
          } else {
            readers.incrementAndGet();
            if (writers.get() != 0) {
              violations.incrementAndGet();
            }
            GoRuntime.gosched();
            readers.decrementAndGet();
            rw.rUnlock();
          }
        });
    assertEquals(0, violations.get());
    assertTrue(rw.tryLock());
  }

  @Test
  void semaphore() {
    Semaphore s = new Semaphore(5);
    AtomicLong held = new AtomicLong();
    AtomicInteger violations = new AtomicInteger();
    underInterrupts(
        worker -> {
          long n = 1 + ThreadLocalRandom.current().nextLong(5);
          try {
            s.acquire(n);
          } catch (CancelledException e) {
            return;
          }
          if (held.addAndGet(n) > 5) {
            violations.incrementAndGet();
          }
          GoRuntime.gosched();
          held.addAndGet(-n);
          s.release(n);
        });
    assertEquals(0, violations.get());
    assertTrue(s.tryAcquire(5));
  }

  @Test
  void condHandsEveryItemToAConsumer() {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    int[] items = {0};
    int[] consumed = {0};
    underInterrupts(
        worker -> {
          lockAnyway(m);
          try {
            if (worker % 2 == 0) { // a producer: one item, one signal
              items[0]++;
              c.signal();
              GoRuntime.gosched();
              return;
            }
            while (items[0] == 0) { // a consumer: as many calls as items are produced
              try {
                c.await();
              } catch (CancelledException e) {
                // not signalled, and holding the lock again: look again
              }
            }
            items[0]--;
            consumed[0]++;
          } finally {
            m.unlock();
          }
        });
    assertEquals(WORKERS / 2 * ROUNDS, consumed[0]);
    assertEquals(0, items[0]);
  }

  @Test
  void waitGroup() {
    main(
        () -> {
          WaitGroup wg = new WaitGroup();
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          AtomicInteger early = new AtomicInteger();
          for (int round = 0; round < 300; round++) {
            AtomicInteger finished = new AtomicInteger();
            wg.add(3);
            List<Goroutine> waiters = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
              waiters.add(
                  go(
                      () -> {
                        while (true) {
                          try {
                            wg.await();
                            break;
                          } catch (CancelledException e) {
                            // try again
                          }
                        }
                        if (finished.get() != 3) {
                          early.incrementAndGet();
                        }
                      }));
            }
            for (int i = 0; i < 3; i++) {
              go(
                  () -> {
                    GoRuntime.gosched();
                    finished.incrementAndGet();
                    wg.done();
                  });
            }
            for (int i = 0; i < 4; i++) {
              waiters.get(rnd.nextInt(waiters.size())).interrupt();
              GoRuntime.gosched();
            }
            waiters.forEach(Goroutine::join); // before the next round's add, as Go requires
          }
          assertEquals(0, early.get());
        });
  }

  /** Locks {@code l}, retrying when interrupted. */
  private static void lockAnyway(Locker l) {
    while (true) {
      try {
        l.lock();
        return;
      } catch (CancelledException e) {
        // again
      }
    }
  }

  /** Worker {@code i} runs {@code op.accept(i)} ROUNDS times while a goroutine interrupts them. */
  private static void underInterrupts(IntConsumer op) {
    main(
        () -> {
          WaitGroup done = new WaitGroup();
          List<Goroutine> gs = new ArrayList<>();
          AtomicInteger running = new AtomicInteger(1);
          WaitGroup started = new WaitGroup();
          started.add(1);
          Goroutine interrupter =
              go(
                  () -> {
                    started.await(); // until gs is complete
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (running.get() == 1) {
                      gs.get(rnd.nextInt(gs.size())).interrupt();
                      if (rnd.nextBoolean()) {
                        GoRuntime.gosched();
                      } else {
                        GoRuntime.sleep(Duration.ofNanos(10_000 + rnd.nextInt(50_000)));
                      }
                    }
                  });
          for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            gs.add(
                done.go(
                    () -> {
                      for (int i = 0; i < ROUNDS; i++) {
                        op.accept(worker);
                      }
                      Thread.interrupted();
                    }));
          }
          started.done();
          done.await();
          running.set(0);
          interrupter.join();
        });
  }
}
