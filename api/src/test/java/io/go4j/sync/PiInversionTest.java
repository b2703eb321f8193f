package io.go4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import io.go4j.sync.PiMutexTest.Gate;
import io.go4j.testsupport.Waits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The three-task priority inversion (Mars Pathfinder) on one P: LOW holds the lock, REALTIME
 * blocks on it, and HIGH "mediums" are CPU loops with preemption points. With strict priority
 * bands and no inheritance, the mediums starve LOW, and so REALTIME, until they finish.
 */
@Timeout(60)
class PiInversionTest {
  private static final int MEDIUMS = 3;
  private static final int MEDIUM_STEPS = 200;
  private static final int LOW_STEPS = 20;
  private static final AtomicLong SINK = new AtomicLong();

  @Test
  void withPiMutexTheHighTaskAcquiresBeforeAnyMediumFinishes() {
    List<String> events = run(new PiMutex());
    int acquired = events.indexOf("high acquired");
    int firstMedium = events.indexOf("medium done");
    assertTrue(acquired >= 0 && acquired < firstMedium, events.toString());
  }

  @Test
  void withAPlainMutexTheHighTaskAcquiresOnlyAfterEveryMediumFinished() {
    List<String> events = run(new Mutex());
    assertEquals(
        Collections.nCopies(MEDIUMS, "medium done"), events.subList(0, MEDIUMS), events.toString());
    assertEquals("high acquired", events.get(MEDIUMS), events.toString());
  }

  /**
   * A REALTIME director sets the scene without being preempted by what it starts: LOW locks and
   * waits at a gate, REALTIME blocks on the lock, the mediums are started, the gate opens; then
   * the director joins them all and the single P decides who runs.
   */
  private static List<String> run(Locker lock) {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () ->
              rt.spawn()
                  .name("director")
                  .priority(Priority.REALTIME)
                  .start(() -> direct(rt, lock, events))
                  .join());
    }
    return events;
  }

  private static void direct(GoRuntime rt, Locker lock, List<String> events) {
    Gate gate = new Gate();
    Goroutine low =
        rt.spawn()
            .name("low")
            .priority(Priority.LOW)
            .start(
                () -> {
                  lock.lock();
                  gate.pass();
                  for (int i = 0; i < LOW_STEPS; i++) {
                    GoRuntime.gosched();
                  }
                  lock.unlock();
                });
    Waits.until(low, "chan receive");
    Goroutine high =
        rt.spawn()
            .name("high")
            .priority(Priority.REALTIME)
            .start(
                () -> {
                  lock.lock();
                  events.add("high acquired");
                  lock.unlock();
                });
    Waits.until(high, "sync.Mutex.Lock");
    List<Goroutine> mediums = new ArrayList<>();
    for (int m = 0; m < MEDIUMS; m++) {
      mediums.add(
          rt.spawn()
              .name("medium-" + m)
              .priority(Priority.HIGH)
              .start(
                  () -> {
                    long x = 0;
                    for (int i = 0; i < MEDIUM_STEPS; i++) {
                      for (int j = 0; j < 1_000; j++) {
                        x += j ^ i;
                      }
                      GoRuntime.checkpoint();
                      GoRuntime.gosched();
                    }
                    SINK.addAndGet(x); // the loop is real work
                    events.add("medium done");
                  }));
    }
    gate.open();
    low.join();
    high.join();
    for (Goroutine m : mediums) {
      m.join();
    }
  }
}
