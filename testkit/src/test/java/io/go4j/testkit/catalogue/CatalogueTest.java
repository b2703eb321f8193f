package io.go4j.testkit.catalogue;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.testkit.Explorer;
import io.go4j.testkit.GoTestKit;
import io.go4j.testkit.Schedule;
import io.go4j.testkit.ScheduleFailure;
import io.go4j.testkit.Trace;
import io.go4j.testkit.catalogue.Catalogue.Bug;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schedule explorer against the {@link Catalogue} of planted bugs: each passes on the default
 * schedule and fails on its minimal schedule; exploration (default MIXED strategy, fixed seed, at
 * most 1,000 tries) finds it with the expected failure, its replay reproduces that failure and
 * trace, and shrinking brings it down to the bug's {@code depth - 1} preemptions (one test per bug,
 * each stating its bound).
 */
class CatalogueTest {
  /** The exploration's seed: fixed, so the test is deterministic. */
  private static final long SEED = 0x5EED_CA7AL;

  private static final int TRIES = 1_000;

  /** One exploration per bug, shared by the tests. */
  private static final Map<String, ScheduleFailure> FOUND = new ConcurrentHashMap<>();

  static List<Bug> bugs() {
    return Catalogue.all();
  }

  /** Explores {@code bug} (once per test class run); returns the shrunk failure. */
  private static ScheduleFailure found(Bug bug) {
    return FOUND.computeIfAbsent(
        bug.name(),
        n -> {
          ScheduleFailure f =
              assertThrows(
                  ScheduleFailure.class,
                  () ->
                      Explorer.explore(
                          bug.body(), Explorer.Options.defaults().withTries(TRIES).withSeed(SEED)),
                  n + " not found in " + TRIES + " tries");
          System.out.println("== " + n + "\n" + f.getMessage());
          return f;
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bugs")
  void passesOnTheDefaultSchedule(Bug bug) {
    Trace t = assertDoesNotThrow(() -> GoTestKit.run(Schedule.choices(List.of()), bug.body()));
    assertEquals(0, t.preemptions());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bugs")
  void failsOnItsMinimalSchedule(Bug bug) {
    ScheduleFailure f =
        assertThrows(ScheduleFailure.class, () -> GoTestKit.run(bug.minimal(), bug.body()));
    assertExpectedFailure(bug, f.getCause());
    assertEquals(bug.minPreemptions(), f.trace().preemptions(), f.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bugs")
  void explorationFindsItAndTheReplayReproducesIt(Bug bug) {
    ScheduleFailure f = found(bug);
    assertTrue(f.tries() > 1, "found on the default schedule, which passes: " + f.tries());
    assertTrue(f.tries() <= TRIES, "tries " + f.tries());
    assertExpectedFailure(bug, f.getCause());
    assertEquals(f.trace().replay(), f.schedule());

    ScheduleFailure again =
        assertThrows(ScheduleFailure.class, () -> GoTestKit.run(f.schedule(), bug.body()));
    assertExpectedFailure(bug, again.getCause());
    assertEquals(firstLine(f.getCause()), firstLine(again.getCause()));
    assertEquals(f.trace().decisions(), again.trace().decisions());
    assertEquals(f.trace().preemptions(), again.trace().preemptions());
    assertEquals(f.trace().steps(), again.trace().steps());
    assertEquals(f.trace(), again.trace());
  }

  /**
   * The whole trace is the same on every replay: the record ends at the failure (the body's
   * exception or a goroutine's panic), not wherever the closing runtime's carrier happens to be.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("bugs")
  void replayTraceIsIdenticalToTheEnd(Bug bug) {
    ScheduleFailure f = found(bug);
    for (int i = 0; i < 20; i++) {
      ScheduleFailure again =
          assertThrows(ScheduleFailure.class, () -> GoTestKit.run(f.schedule(), bug.body()));
      assertEquals(f.trace(), again.trace(), "replay " + (i + 1));
    }
  }

  // Shrinking: one test per bug, each asserting the bug's bound (depth - 1 preemptions).

  @Test
  void lostUpdateShrinksToOnePreemption() {
    assertShrinksTo("lost update", 1);
  }

  @Test
  void checkThenActShrinksToOnePreemption() {
    assertShrinksTo("check-then-act", 1);
  }

  @Test
  void lockOrderDeadlockShrinksToOnePreemption() {
    assertShrinksTo("lock-order deadlock", 1);
  }

  @Test
  void missedWakeUpShrinksToOnePreemption() {
    assertShrinksTo("missed wake-up", 1);
  }

  @Test
  void doubleCloseShrinksToOnePreemption() {
    assertShrinksTo("double close", 1);
  }

  @Test
  void orderAssumptionShrinksToNoPreemption() {
    assertShrinksTo("order assumption", 0);
  }

  /**
   * The found run interleaves preemptions with the select choices; dropping the preemptions while
   * keeping the choices by progress reaches the minimum, {@code choices(0, 0, 1, 1, 1, 1)}.
   */
  @Test
  void selectStarvationShrinksToNoPreemption() {
    assertShrinksTo("select starvation", 0);
  }

  @Test
  void depth3LazyDialShrinksToTwoPreemptions() {
    assertShrinksTo("depth-3 lazy dial", 2);
  }

  /**
   * The minimal failing schedule needs three non-default picks after blocks and no preemption
   * ({@code choices(0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1)}); the found runs get there by
   * preemptions, which the shrink defers to where the preempted goroutine blocks.
   */
  @Test
  void addInsideGoroutineShrinksToNoPreemption() {
    assertShrinksTo("WaitGroup.add in goroutine", 0);
  }

  @Test
  void leakAfterCancelShrinksToNoPreemption() {
    assertShrinksTo("leak after cancel", 0);
  }

  /**
   * The depth-3 bug really needs two preemptions: no schedule with a single non-default decision
   * (anywhere in the run, any alternative) fails.
   */
  @Test
  void theDepth3BugSurvivesEverySingleDecisionSchedule() {
    Bug bug = Catalogue.named("depth-3 lazy dial");
    int positions = bug.minimal().decisions().size() + 12;
    for (int at = 0; at < positions; at++) {
      for (int v = 1; v <= 3; v++) {
        List<Integer> c = new ArrayList<>(Collections.nCopies(at, 0));
        c.add(v);
        Schedule s = Schedule.choices(c);
        assertDoesNotThrow(() -> GoTestKit.run(s, bug.body()), s.toString());
      }
    }
  }

  /** The shrink reaches the bug's minimum, {@code preemptions} (its depth - 1). */
  private static void assertShrinksTo(String name, int preemptions) {
    Bug bug = Catalogue.named(name);
    assertEquals(bug.minPreemptions(), preemptions, "the bound is the bug's depth - 1");
    ScheduleFailure f = found(bug);
    assertEquals(preemptions, f.trace().preemptions(), name + ": shrunk to\n" + f.getMessage());
  }

  /** 100 runs of one random-walk schedule: identical traces and identical results. */
  @Test
  void aSeededScheduleIsDeterministic() {
    Schedule s = Schedule.seed(20_250_917L);
    Trace firstTrace = null;
    List<String> firstResult = null;
    for (int i = 0; i < 100; i++) {
      AtomicReference<List<String>> result = new AtomicReference<>();
      Trace t = GoTestKit.run(s, () -> result.set(pipeline()));
      assertNotNull(result.get());
      if (firstTrace == null) {
        firstTrace = t;
        firstResult = result.get();
        assertTrue(t.steps() > 30, "too small a program: " + t.steps() + " steps");
      } else {
        assertEquals(firstTrace, t, "run " + (i + 1));
        assertEquals(firstResult, result.get(), "run " + (i + 1));
      }
    }
  }

  /**
   * Channels, select and a mutex: two producers on their own channels, two consumers selecting
   * between them and appending to a shared log under a mutex. Returns the log, whose order depends
   * on the schedule.
   */
  private static List<String> pipeline() {
    Chan<Integer> left = chan(2);
    Chan<Integer> right = chan();
    Mutex mu = new Mutex();
    List<String> log = new ArrayList<>();
    WaitGroup producers = new WaitGroup();
    producers.go(
        () -> {
          for (int i = 0; i < 5; i++) {
            left.send(i);
          }
        });
    producers.go(
        () -> {
          for (int i = 0; i < 5; i++) {
            right.send(100 + i);
          }
        });
    go(
        () -> {
          producers.await();
          left.close();
          right.close();
        });
    WaitGroup consumers = new WaitGroup();
    for (int c = 0; c < 2; c++) {
      String name = "c" + c;
      consumers.go(
          () -> {
            boolean[] open = {true, true};
            while (open[0] || open[1]) {
              select()
                  .recvOk(open[0] ? left : Chan.nil(), (v, ok) -> record(mu, log, name, v, ok, open, 0))
                  .recvOk(
                      open[1] ? right : Chan.nil(), (v, ok) -> record(mu, log, name, v, ok, open, 1))
                  .run();
            }
          });
    }
    consumers.await();
    return log;
  }

  private static void record(
      Mutex mu, List<String> log, String name, Integer v, boolean ok, boolean[] open, int which) {
    if (!ok) {
      open[which] = false;
      return;
    }
    mu.lock();
    try {
      log.add(name + ":" + v);
    } finally {
      mu.unlock();
    }
  }

  private static void assertExpectedFailure(Bug bug, Throwable cause) {
    assertInstanceOf(bug.failure(), cause);
    if (bug.panic() == null) {
      assertEquals(bug.message(), firstLine(cause));
    } else {
      assertTrue(
          firstLine(cause).matches("goroutine \\d+ panicked: .*"), "not a panic: " + cause);
      Throwable panic = cause.getCause();
      assertInstanceOf(bug.panic(), panic);
      assertEquals(bug.panicMessage(), panic.getMessage());
    }
  }

  private static String firstLine(Throwable t) {
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
