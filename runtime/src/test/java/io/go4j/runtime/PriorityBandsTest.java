package io.go4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.runtime.spi.Park;
import io.go4j.runtime.spi.Priorities;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Run queues by priority band: higher bands first, locally and globally (stealing: {@code
 * StealingTest}); starving bands reported.
 */
@Timeout(60)
class PriorityBandsTest {
  private static volatile boolean flag;

  @Test
  void aRealtimeGoroutineReadiedWhileNormalOnesAreQueuedRunsFirst() {
    List<String> order = new CopyOnWriteArrayList<>();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            flag = false;
            Goroutine realtime =
                rt.spawn()
                    .priority(Priority.REALTIME)
                    .start(
                        () -> {
                          while (!flag) {
                            Park.park("chan receive");
                          }
                          order.add("realtime");
                        });
            GoRuntime.gosched(); // it runs and parks
            List<Goroutine> normal = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
              int k = i;
              normal.add(rt.go(() -> order.add("normal " + k)));
            }
            flag = true;
            Park.ready(realtime); // readied behind five queued NORMAL goroutines
            normal.forEach(Goroutine::join);
            realtime.join();
          });
    }
    assertEquals("realtime", order.get(0), order.toString());
    assertEquals(6, order.size());
  }

  /** API §1: a child inherits nothing unless asked, a HIGH goroutine's children included. */
  @Test
  void aChildOfAHighGoroutineIsNormalUnlessAsked() {
    List<Priority> seen = new CopyOnWriteArrayList<>();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      rt.main(
          () ->
              rt.spawn()
                  .priority(Priority.HIGH)
                  .start(
                      () -> {
                        Goroutine plain = rt.go(() -> {});
                        Goroutine low = rt.spawn().priority(Priority.LOW).start(() -> {});
                        seen.add(GoRuntime.current().priority());
                        seen.add(plain.priority());
                        seen.add(low.priority());
                        plain.join();
                        low.join();
                      })
                  .join());
    }
    assertEquals(List.of(Priority.HIGH, Priority.NORMAL, Priority.LOW), seen);
  }

  @Test
  void spawnsAreQueuedInTheirBand() {
    List<Priority> order = new CopyOnWriteArrayList<>();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            List<Goroutine> all = new ArrayList<>();
            for (Priority p : List.of(Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.REALTIME)) {
              for (int i = 0; i < 3; i++) {
                all.add(rt.spawn().priority(p).start(() -> order.add(p)));
              }
            }
            all.forEach(Goroutine::join);
          });
    }
    List<Priority> expected = new ArrayList<>();
    for (Priority p : List.of(Priority.REALTIME, Priority.HIGH, Priority.NORMAL, Priority.LOW)) {
      for (int i = 0; i < 3; i++) {
        expected.add(p);
      }
    }
    assertEquals(expected, order);
  }

  @Test
  void aGoroutineBoostedWhileQueuedMovesToItsNewBandAndRunsOnce() {
    List<String> order = new CopyOnWriteArrayList<>();
    AtomicInteger lowRuns = new AtomicInteger();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            Goroutine low =
                rt.spawn()
                    .priority(Priority.LOW)
                    .start(
                        () -> {
                          lowRuns.incrementAndGet();
                          order.add("low");
                        });
            List<Goroutine> normal = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
              int k = i;
              normal.add(rt.go(() -> order.add("normal " + k)));
            }
            Priorities.setEffective(low, Priority.HIGH, "the test");
            assertEquals(Priority.HIGH, Priorities.effective(low));
            normal.forEach(Goroutine::join);
            low.join();
            GoRuntime.gosched(); // the stale LOW entry is taken and skipped
          });
    }
    assertEquals("low", order.get(0), order.toString());
    assertEquals(4, order.size());
    assertEquals(1, lowRuns.get());
  }

  @Test
  void aBandThatGetsNoTurnIsReportedStarving() {
    List<String> order = new CopyOnWriteArrayList<>();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            Goroutine low = rt.spawn().priority(Priority.LOW).start(() -> order.add("low"));
            Goroutine busy =
                rt.spawn()
                    .priority(Priority.HIGH)
                    .start(
                        () -> {
                          // never blocks and outranks both main (NORMAL) and LOW: both starve
                          while (!rt.stats().starvingBands().contains(Priority.LOW)) {
                            GoRuntime.checkpoint();
                          }
                          order.add("high saw LOW starving");
                        });
            busy.join(); // main, NORMAL, outranks LOW: it runs before LOW once busy is done
            low.join();
            assertEquals(List.of(), rt.stats().starvingBands());
          });
    }
    assertEquals(List.of("high saw LOW starving", "low"), order);
  }
}
