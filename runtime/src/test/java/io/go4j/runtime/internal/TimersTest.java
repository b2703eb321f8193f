package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer thread: deadline order, exactly-once firing, cancellation, the pending count. */
@Timeout(120)
class TimersTest {
  private final Timers timers =
      new Timers(Clock.REAL, new ThreadGroup("timers-test"), "timers-test", () -> {});

  @AfterEach
  void tearDown() {
    timers.close();
  }

  @Test
  void timersFromManyThreadsFireOnceEachInDeadlineOrder() throws Exception {
    int producers = 4;
    int perProducer = 500;
    List<Timers.Timer> fired = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch all = new CountDownLatch(producers * perProducer);
    AtomicLong lastScheduled = new AtomicLong(Long.MIN_VALUE);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < perProducer; i++) {
                      AtomicReference<Timers.Timer> self = new AtomicReference<>();
                      long delay =
                          TimeUnit.MILLISECONDS.toNanos(20)
                              + ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(50));
                      CountDownLatch known = new CountDownLatch(1);
                      self.set(
                          timers.schedule(
                              delay,
                              () -> {
                                awaitQuietly(known);
                                fired.add(self.get());
                                all.countDown();
                              }));
                      known.countDown();
                      lastScheduled.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(all.await(1, TimeUnit.MINUTES), "every timer fired");
    assertEquals(producers * perProducer, fired.size());
    assertEquals((long) producers * perProducer, fired.stream().distinct().count(), "each fired once");
    // every timer due after the last schedule returned was in the heap with all the others that
    // were: those fire in deadline order (earlier ones may have fired before later arrivals)
    List<Timers.Timer> together =
        fired.stream().filter(t -> t.when - lastScheduled.get() > 0).toList();
    for (int i = 1; i < together.size(); i++) {
      assertTrue(together.get(i - 1).compareTo(together.get(i)) < 0, "deadline order at " + i);
    }
    awaitNoPending();
  }

  /** A fired timer stops counting as pending once its action returned, just after the latch. */
  private void awaitNoPending() {
    while (timers.pending() != 0) {
      Thread.onSpinWait();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void cancelWinsOnlyBeforeFiringAndOnlyOnce() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    Timers.Timer late = timers.schedule(TimeUnit.HOURS.toNanos(1), () -> {});
    assertEquals(1, timers.pending());
    assertTrue(timers.cancel(late));
    assertFalse(timers.cancel(late), "already cancelled");
    assertEquals(0, timers.pending());

    AtomicInteger pendingDuringAction = new AtomicInteger(-1);
    Timers.Timer soon =
        timers.schedule(
            0,
            () -> {
              pendingDuringAction.set(timers.pending());
              ran.countDown();
            });
    assertTrue(ran.await(1, TimeUnit.MINUTES));
    assertFalse(timers.cancel(soon), "already fired");
    assertEquals(1, pendingDuringAction.get(), "pending until its action returned (checkdead)");
    awaitNoPending();
  }

  @Test
  void anEarlierTimerWakesATimerThreadSleepingTowardsALaterOne() throws Exception {
    CountDownLatch early = new CountDownLatch(1);
    timers.schedule(TimeUnit.HOURS.toNanos(1), () -> {});
    Thread.sleep(20); // let the timer thread go to sleep for an hour
    timers.schedule(TimeUnit.MILLISECONDS.toNanos(1), early::countDown);
    assertTrue(early.await(1, TimeUnit.MINUTES), "the earlier timer fired before the hour");
    while (timers.pending() != 1) { // the early one stops counting once its action returned
      Thread.onSpinWait();
    }
  }
}
