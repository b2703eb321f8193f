package io.go4j.testkit;

import static io.go4j.Go.chan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.sync.Mutex;
import io.go4j.runtime.spi.Decider;
import io.go4j.sync.WaitGroup;
import io.go4j.testkit.internal.Recorder;
import io.go4j.testkit.internal.Strategies;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Decisions named by each goroutine's progress, which the shrinker edits. */
class ProgressDecisionsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Three workers take jobs from a channel, count under a mutex and report on another channel. */
  private static void workers() {
    Chan<Integer> jobs = chan();
    Chan<Integer> done = chan(3);
    Mutex mu = new Mutex();
    int[] total = {0};
    WaitGroup wg = new WaitGroup();
    for (int w = 0; w < 3; w++) {
      wg.go(
          () -> {
            int n = 0;
            for (Integer j : jobs) {
              mu.lock();
              total[0] += j;
              mu.unlock();
              n++;
            }
            done.send(n);
          });
    }
    for (int j = 1; j <= 6; j++) {
      jobs.send(j);
    }
    jobs.close();
    wg.await();
    assertEquals(21, total[0]);
  }

  /** One run of {@link #workers} under a fresh decider from {@code decider}: what it recorded. */
  private static Recorder run(Supplier<Decider> decider) {
    return Runs.deterministic(decider, ProgressDecisionsTest::workers, TIMEOUT).recorder();
  }

  @Test
  void aRunReplayedByProgressTakesTheSameDecisions() {
    int preempting = 0;
    for (long seed = 0; seed < 30; seed++) {
      Recorder r = run(Schedule.seed(seed)::decider);
      preempting += r.preemptions() > 0 ? 1 : 0;
      Recorder again = run(() -> Strategies.byProgress(r.byProgress(true), Set.of()));
      assertEquals(r.events(), again.events(), "seed " + seed);
      assertEquals(r.decisions(), again.decisions(), "seed " + seed);
    }
    assertTrue(preempting >= 20, "runs that preempted: " + preempting);
  }

  /**
   * Deferring (or dropping) a random walk's preemptions, about 25 a run here, leaves a few: the
   * run takes another course, where some of the decisions kept by progress fall on steps.
   */
  @Test
  void deferredOrDroppedPreemptionsMostlyDisappear() {
    for (long seed = 0; seed < 30; seed++) {
      Recorder r = run(Schedule.seed(seed)::decider);
      Recorder deferred =
          run(() -> Strategies.byProgress(r.byProgress(true), r.preemptionPoints()));
      assertTrue(
          deferred.preemptions() * 4 < r.preemptions(),
          "seed " + seed + ": " + r.preemptions() + " → " + deferred.events());
      Recorder dropped = run(() -> Strategies.byProgress(r.byProgress(false), Set.of()));
      assertTrue(
          dropped.preemptions() * 4 < r.preemptions(),
          "seed " + seed + ": " + r.preemptions() + " → " + dropped.events());
    }
  }

  /** Candidates for a hand-fed pick: the ids given, the first the default. */
  private static Decider.Candidates candidates(long... ids) {
    return new Decider.Candidates() {
      @Override
      public int size() {
        return ids.length;
      }

      @Override
      public long id(int i) {
        return ids[i];
      }
    };
  }

  /**
   * Goroutine 1 sends twice and is preempted after its second send, its first send blocking (a
   * receiver came late) or not: the preemption is at the same point, as points count steps, and
   * a block only since the last step (a shrink that makes an operation block, or no longer block,
   * leaves the goroutine's later points in place).
   */
  @Test
  void aBlockDoesNotShiftTheGoroutinesLaterPoints() {
    Recorder blocked = new Recorder(Strategies.choices(List.of(1)));
    blocked.event(1, "chan send");
    blocked.event(1, "blocks: chan send"); // goroutine 2 alone is runnable: no pick
    blocked.event(2, "chan receive");
    blocked.event(1, "chan send");
    blocked.pick(candidates(1, 2));

    Recorder straight = new Recorder(Strategies.choices(List.of(1)));
    straight.event(1, "chan send");
    straight.event(1, "chan send");
    straight.pick(candidates(1, 2));

    assertEquals(1, straight.byProgress(true).size());
    assertEquals(straight.byProgress(true), blocked.byProgress(true));
  }
}
