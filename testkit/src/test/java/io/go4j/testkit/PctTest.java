package io.go4j.testkit;

import static io.go4j.Go.chan;
import static io.go4j.Go.checkpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.sync.WaitGroup;
import io.go4j.testkit.internal.Recorder;
import io.go4j.testkit.internal.Strategies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * PCT's change points are counted in steps, the unit the explorer measures a run's length in
 * ({@link Trace#steps()}): a change point at step {@code c} takes effect at the {@code c}-th step.
 */
class PctTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long SEED = 11;

  /**
   * Two workers wait for a start signal, then take 20 steps each side by side: whichever runs
   * first, the other is runnable all along, so wherever a change point falls among the first one's
   * steps it has a rival to lose to. Before the race, someone blocks (a worker waiting for the
   * signal, or main waiting for the workers): an event that is not a step.
   */
  private static void rivals() {
    Chan<Integer> start = chan();
    WaitGroup wg = new WaitGroup();
    for (int w = 0; w < 2; w++) {
      wg.go(
          () -> {
            start.recv();
            for (int i = 0; i < 20; i++) {
              checkpoint();
            }
          });
    }
    start.close();
    wg.await();
  }

  private static Recorder run(List<Integer> changeAt) {
    return Runs.deterministic(
            () -> Strategies.pct(new SplittableRandom(SEED), changeAt), PctTest::rivals, TIMEOUT)
        .recorder();
  }

  /** The step of each event that is one ({@link Trace#steps()} counts them), else 0. */
  private static List<Integer> stepNumbers(List<String> events) {
    List<Integer> out = new ArrayList<>();
    int step = 0;
    for (String e : events) {
      boolean isStep = !e.startsWith(" ") && !e.contains(" blocks: ") && !e.endsWith(" exits");
      out.add(isStep ? ++step : 0);
    }
    return out;
  }

  /** The steps right after which a pick preempted the goroutine that took them. */
  private static List<Integer> preemptedAfter(Recorder r) {
    List<String> events = r.events();
    List<Integer> steps = stepNumbers(events);
    List<Integer> out = new ArrayList<>();
    int last = 0;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith(" ")) {
        out.add(last);
      }
      last = steps.get(i) == 0 ? last : steps.get(i);
    }
    return out;
  }

  /** The steps of the worker that races first: its checkpoints, with the other one runnable. */
  private static List<Integer> raceSteps(Recorder r) {
    List<String> events = r.events();
    List<Integer> steps = stepNumbers(events);
    String racer = null;
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      String e = events.get(i);
      if (e.endsWith(" checkpoint")) {
        racer = racer == null ? e : racer;
        if (e.equals(racer)) {
          out.add(steps.get(i));
        }
      }
    }
    return out;
  }

  private static int indexOf(List<String> events, String part) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aChangePointTakesEffectAtTheStepItNames() {
    Recorder baseline = run(List.of()); // depth 1: priorities only, no change point
    List<Integer> before = preemptedAfter(baseline);
    List<Integer> race = raceSteps(baseline);
    assertEquals(20, race.size(), baseline.events().toString());
    List<String> events = baseline.events();
    assertEquals(baseline.steps(), stepNumbers(events).stream().mapToInt(i -> i).max().orElse(0));
    int firstBlock = indexOf(events, " blocks: ");
    assertTrue(
        firstBlock >= 0 && firstBlock < indexOf(events, " checkpoint"),
        "a block, an event but no step, comes before the race: " + events);
    for (int c : race) {
      Recorder r = run(List.of(c));
      List<Integer> after = preemptedAfter(r);
      // the same run as the baseline up to step c, where the racer drops below its rival
      List<Integer> expected = new ArrayList<>(before.stream().filter(s -> s < c).toList());
      expected.add(c);
      assertEquals(
          expected,
          after.stream().filter(s -> s <= c).toList(),
          "change point at step " + c + ": " + r.events());
    }
  }

  @Test
  void changePointsMustBeSteps() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Strategies.pct(new SplittableRandom(1), List.of(3, 0)));
    assertEquals("PCT change points are steps, at least 1, got 0 at index 1", e.getMessage());
  }
}
