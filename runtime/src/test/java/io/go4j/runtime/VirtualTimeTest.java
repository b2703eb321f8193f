package io.go4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.spi.Decider;
import io.go4j.runtime.spi.GoDuration;
import io.go4j.runtime.spi.Park;
import io.go4j.runtime.spi.Timebase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Virtual time (synctest's bubble) and deterministic scheduling, at the runtime's level. */
@Timeout(120) // virtual time: a bug here hangs on the real clock rather than fails
class VirtualTimeTest {
  private static final long HOUR = Duration.ofHours(1).toNanos();

  private static GoRuntime bubble() {
    return GoRuntime.builder().maxProcs(2).virtualTime(true).build();
  }

  private static void parkForever(String reason) {
    while (true) {
      Park.park(reason);
    }
  }

  @Test
  void sleepingAnHourReturnsAtOnceWithTheClockAnHourLater() {
    try (GoRuntime rt = bubble()) {
      AtomicLong before = new AtomicLong();
      AtomicLong after = new AtomicLong();
      List<Instant> instants = new ArrayList<>();
      rt.main(
          () -> {
            Timebase tb = Timebase.current();
            before.set(tb.nanoTime());
            instants.add(GoRuntime.now());
            GoRuntime.sleep(Duration.ofHours(1));
            after.set(tb.nanoTime());
            instants.add(GoRuntime.now());
          });
      assertEquals(HOUR, after.get() - before.get());
      assertEquals(
          List.of(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2000-01-01T01:00:00Z")),
          instants);
    }
  }

  /**
   * A bubble's main waits, after its body, for the bubble's other goroutines to end; closing the
   * runtime (a test's time limit) ends that wait too, with the cancellation, rather than leaving
   * the caller's thread waiting for good.
   */
  @Test
  void closingTheRuntimeEndsAMainWaitingForTheBubbleToDrain() throws Exception {
    GoRuntime rt = bubble();
    Goroutine[] blocked = new Goroutine[1];
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    rt.main(() -> blocked[0] = rt.go(() -> blockInTheJdk()));
                    outcome.complete(null);
                  } catch (Throwable t) {
                    outcome.complete(t);
                  }
                });
    while (rt.stats().goroutines() != 1 || blocked[0] == null) {
      Thread.onSpinWait(); // the body returned: only the goroutine blocked in the JDK is left
    }
    rt.close();
    Throwable t = outcome.get();
    assertEquals("runtime closed", t.getMessage(), String.valueOf(t));
    caller.join();
    blocked[0].interrupt();
  }

  private static void blockInTheJdk() {
    try {
      Thread.sleep(Long.MAX_VALUE); // not a go4j wait: the bubble never goes idle
    } catch (InterruptedException e) {
      // the test's cleanup
    }
  }

  /**
   * A goroutine joining another with a time limit waits in virtual time (wait reason {@code
   * join}): the limit and the other's end each arrive at their instant, without real waiting.
   */
  @Test
  void aJoinWithATimeLimitWaitsInVirtualTime() {
    try (GoRuntime rt = bubble()) {
      List<String> seen = new ArrayList<>();
      rt.main(
          () -> {
            Timebase tb = Timebase.current();
            long start = tb.nanoTime();
            Goroutine sleeper = rt.go(() -> GoRuntime.sleep(Duration.ofHours(1)));
            Goroutine joiner =
                rt.go(
                    () -> {
                      seen.add("limit " + sleeper.join(Duration.ofMinutes(20)));
                      seen.add("at " + (tb.nanoTime() - start) / 60_000_000_000L + "m");
                      seen.add("end " + sleeper.join(Duration.ofHours(2)));
                      seen.add("at " + (tb.nanoTime() - start) / 60_000_000_000L + "m");
                    });
            while (joiner.state() != GoroutineState.WAITING) {
              GoRuntime.gosched(); // no time passes while main is runnable
            }
            seen.add(joiner.waitReason());
            joiner.join();
            seen.add("zero " + sleeper.join(Duration.ZERO));
            Goroutine later = rt.go(() -> GoRuntime.sleep(Duration.ofHours(1)));
            seen.add("negative " + later.join(Duration.ofHours(-1)));
          });
      assertEquals(
          List.of(
              "join", "limit false", "at 20m", "end true", "at 60m", "zero true", "negative false"),
          seen);
    }
  }

  /**
   * A Java duration beyond what Go's can hold (a wait "forever") waits the longest wait, about 73
   * years, instead of failing on the overflow of {@code Duration.toNanos}.
   */
  @Test
  void aSleepBeyondGosLongestDurationSleepsTheLongestWait() {
    try (GoRuntime rt = bubble()) {
      AtomicLong slept = new AtomicLong();
      rt.main(
          () -> {
            Timebase tb = Timebase.current();
            long before = tb.nanoTime();
            GoRuntime.sleep(Duration.ofSeconds(Long.MAX_VALUE));
            slept.set(tb.nanoTime() - before);
          });
      assertEquals(GoDuration.MAX_NANOS, slept.get());
    }
  }

  @Test
  void sleepersWakeInDeadlineOrderEachAtItsInstant() {
    try (GoRuntime rt = bubble()) {
      List<String> woke = new ArrayList<>();
      rt.main(
          () -> {
            Timebase tb = Timebase.current();
            for (int i = 3; i >= 1; i--) {
              int minutes = i;
              rt.go(
                  () -> {
                    GoRuntime.sleep(Duration.ofMinutes(minutes));
                    synchronized (woke) {
                      woke.add(minutes + "m@" + tb.nanoTime() / 60_000_000_000L);
                    }
                  });
            }
          });
      // main returns only once every goroutine of the bubble ended
      assertEquals(List.of("1m@1", "2m@2", "3m@3"), woke);
    }
  }

  @Test
  void allBlockedWithNoTimerIsADeadlockOfTheBubble() {
    try (GoRuntime rt = bubble()) {
      DeadlockException e =
          assertThrows(DeadlockException.class, () -> rt.main(() -> parkForever("chan receive")));
      assertTrue(
          e.getMessage()
              .startsWith("deadlock: all goroutines in bubble are blocked\n\ngoroutine 1 [chan receive"),
          e.getMessage());
    }
  }

  @Test
  void goroutinesLeftBlockedAfterTheBodyAreReported() {
    try (GoRuntime rt = bubble()) {
      DeadlockException e =
          assertThrows(
              DeadlockException.class,
              () -> rt.main(() -> rt.go("leak", () -> parkForever("chan send"))));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "deadlock: main bubble goroutine has exited but blocked goroutines remain\n\n"
                      + "goroutine 2 [chan send]:"),
          e.getMessage());
    }
  }

  @Test
  void aPanicInAnyGoroutineFailsTheBubble() {
    try (GoRuntime rt =
        GoRuntime.builder()
            .virtualTime(true)
            .panicOutput(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
            .build()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  rt.main(
                      () -> {
                        rt.go(
                            () -> {
                              // the clock moves once main sleeps: the dump shows it asleep
                              GoRuntime.sleep(Duration.ofSeconds(1));
                              throw new ArithmeticException("boom");
                            });
                        GoRuntime.sleep(Duration.ofHours(1));
                      }));
      String m = e.getMessage();
      assertTrue(m.startsWith("goroutine 2 panicked: java.lang.ArithmeticException: boom\n\n"), m);
      assertTrue(m.contains("\ngoroutine 1 [sleep]:\n"), m); // the dump
    }
  }

  @Test
  void timeDoesNotMoveWhileAGoroutineRuns() {
    try (GoRuntime rt = bubble()) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong seen = new AtomicLong(-1);
      rt.main(
          () -> {
            Timebase tb = Timebase.current();
            rt.go(
                () -> {
                  GoRuntime.sleep(Duration.ofSeconds(1));
                  stop.set(true);
                });
            for (int i = 0; i < 100_000; i++) {
              GoRuntime.gosched(); // runnable all along: never durably blocked
            }
            seen.set(tb.nanoTime());
            GoRuntime.sleep(Duration.ofSeconds(2));
          });
      assertEquals(0, seen.get());
      assertTrue(stop.get());
    }
  }

  /** A decider that records events and answers from a list, then 0. */
  private static final class Scripted implements Decider {
    final List<String> trace = new ArrayList<>();
    final List<Integer> answers;
    int next;

    Scripted(List<Integer> answers) {
      this.answers = answers;
    }

    @Override
    public int pick(Candidates candidates) {
      int k = next < answers.size() ? answers.get(next) : 0;
      next++;
      long[] ids = new long[candidates.size()];
      Arrays.setAll(ids, candidates::id);
      trace.add("pick " + k + " of " + Arrays.toString(ids));
      return k;
    }

    @Override
    public int random(int n) {
      return 0;
    }

    @Override
    public void event(long goroutine, String op) {
      trace.add("g" + goroutine + " " + op);
    }
  }

  private static List<String> runTwoCounters(Scripted d) {
    List<String> order = new ArrayList<>();
    try (GoRuntime rt = GoRuntime.builder().deterministic(d).build()) {
      rt.main(
          () -> {
            for (String who : List.of("a", "b")) {
              rt.go(
                  () -> {
                    for (int i = 0; i < 3; i++) {
                      order.add(who + i);
                      GoRuntime.checkpoint();
                    }
                  });
            }
          });
    }
    return order;
  }

  @Test
  void deterministicSchedulingFollowsTheDecisions() {
    assertEquals(List.of("a0", "a1", "a2", "b0", "b1", "b2"), runTwoCounters(new Scripted(List.of())));
    // decisions 1 and 2: main goes on after spawning a, then b; 3: once main ended, b before a
    assertEquals(
        List.of("b0", "b1", "b2", "a0", "a1", "a2"), runTwoCounters(new Scripted(List.of(0, 0, 1))));
    // 3: a first; 4: at a's first checkpoint, b
    Scripted d = new Scripted(List.of(0, 0, 0, 1));
    assertEquals(List.of("a0", "b0", "b1", "b2", "a1", "a2"), runTwoCounters(d));
    assertEquals(
        List.of(
            "g1 go 2",
            "pick 0 of [1, 2]",
            "g1 go 3",
            "pick 0 of [1, 2, 3]",
            "g1 exits",
            "pick 0 of [2, 3]",
            "g2 checkpoint",
            "pick 1 of [2, 3]",
            "g3 checkpoint",
            "pick 0 of [3, 2]",
            "g3 checkpoint",
            "pick 0 of [3, 2]",
            "g3 checkpoint",
            "pick 0 of [3, 2]",
            "g3 exits",
            "g2 checkpoint",
            "g2 checkpoint",
            "g2 exits"),
        d.trace);
    List<String> first = d.trace;
    for (int i = 0; i < 20; i++) {
      Scripted again = new Scripted(List.of(0, 0, 0, 1));
      runTwoCounters(again);
      assertEquals(first, again.trace);
    }
  }
}
