package io.go4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineInfo;
import io.go4j.runtime.GoroutineState;
import io.go4j.Go;
import io.go4j.runtime.spi.Timebase;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Leaks#verifyNone}: the report's text, retries, the timeout knob, where it sleeps. */
@Timeout(60)
class LeaksTest {
  /** A Go duration as {@code dumpWithAge} prints one: 850ns, 1.5µs, 150ms, 5.0001s, 1m2s. */
  static final String GO_DURATION = "([0-9]+h)?([0-9]+m)?[0-9]+(\\.[0-9]+)?(ns|µs|ms|s)";

  static final Duration SHORT = Duration.ofMillis(200);

  /** Returns once {@code g} is parked with {@code reason}; bounded by the class's @Timeout. */
  static void awaitBlocked(Goroutine g, String reason) {
    while (!(g.state() == GoroutineState.WAITING && reason.equals(g.waitReason()))) {
      if (GoRuntime.current() != null) {
        GoRuntime.sleep(Duration.ofMillis(1));
      } else {
        Thread.onSpinWait();
      }
    }
  }

  /** Sleeps an hour; returns quietly when interrupted (an escaping exception is a panic). */
  static void sleepUntilInterrupted() {
    try {
      GoRuntime.sleep(Duration.ofHours(1));
    } catch (CancelledException e) {
      // released
    }
  }

  static GoRuntime newRuntime() {
    return GoRuntime.builder().maxProcs(2).build();
  }

  @Test
  void leakedReceiverIsReportedWithWaitReasonAgeStackAndCreator() {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> ch = Chan.make();
      Goroutine g = rt.go(() -> ch.recv());
      awaitBlocked(g, "chan receive");

      LeakedGoroutinesError e =
          assertThrows(
              LeakedGoroutinesError.class,
              () -> Leaks.verifyNone(LeakOptions.defaults().runtime(rt).timeout(SHORT)));

      List<String> lines = e.getMessage().lines().toList();
      assertEquals("found unexpected goroutines:", lines.get(0), e.getMessage());
      assertTrue(
          lines.get(1).matches("goroutine " + g.id() + " \\[chan receive, " + GO_DURATION + "\\]:"),
          e.getMessage());
      assertTrue(
          lines.stream()
              .anyMatch(
                  l ->
                      l.matches(
                          "io\\.go4j\\.testkit\\.LeaksTest\\.lambda\\$"
                              + "leakedReceiverIsReportedWithWaitReasonAgeStackAndCreator"
                              + "\\$[0-9]+\\(LeaksTest\\.java:[0-9]+\\)")),
          e.getMessage());
      assertEquals(
          "created by io.go4j.testkit.LeaksTest."
              + "leakedReceiverIsReportedWithWaitReasonAgeStackAndCreator",
          lines.getLast(),
          e.getMessage());
      assertEquals(List.of(g.id()), e.goroutines().stream().map(i -> i.id()).toList());
      assertEquals(
          e.goroutines().getFirst().dumpWithAge(),
          e.getMessage().substring("found unexpected goroutines:\n".length()));

      ch.close();
      g.join();
    }
  }

  @Test
  void severalLeaksAreReportedByIdInBlocksSeparatedByBlankLines() {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> in = Chan.make();
      Chan<String> out = Chan.make();
      Goroutine receiver = rt.go(() -> in.recv());
      Goroutine sender = rt.go(() -> out.send("never received"));
      Goroutine sleeper = rt.go(LeaksTest::sleepUntilInterrupted);
      awaitBlocked(receiver, "chan receive");
      awaitBlocked(sender, "chan send");
      awaitBlocked(sleeper, "sleep");

      LeakedGoroutinesError e =
          assertThrows(
              LeakedGoroutinesError.class,
              () -> Leaks.verifyNone(LeakOptions.defaults().runtime(rt).timeout(SHORT)));

      String body = e.getMessage().substring("found unexpected goroutines:\n".length());
      List<String> blocks = List.of(body.split("\n\n"));
      assertEquals(3, blocks.size(), e.getMessage());
      List<String> headers = List.of("chan receive", "chan send", "sleep");
      List<Goroutine> leaked = List.of(receiver, sender, sleeper);
      for (int i = 0; i < 3; i++) {
        assertTrue(
            blocks
                .get(i)
                .startsWith("goroutine " + leaked.get(i).id() + " [" + headers.get(i) + ", "),
            e.getMessage());
        // every block but the last lost its final newline to the split
        assertEquals(
            e.goroutines().get(i).dumpWithAge(),
            blocks.get(i) + (i < 2 ? "\n" : ""),
            e.getMessage());
      }

      in.close();
      out.recv();
      sleeper.interrupt();
      for (Goroutine g : List.of(receiver, sender, sleeper)) {
        g.join();
      }
    }
  }

  @Test
  void leaksOfSeveralRuntimesAreGroupedUnderTheirRuntimesNames() {
    try (GoRuntime left = GoRuntime.builder().name("left").maxProcs(1).build();
        GoRuntime right = GoRuntime.builder().name("right").maxProcs(1).build()) {
      Chan<String> in = Chan.make();
      Chan<String> out = Chan.make();
      Goroutine l = left.go(() -> in.recv());
      Goroutine r = right.go(() -> out.send("never received"));
      awaitBlocked(l, "chan receive");
      awaitBlocked(r, "chan send");
      assertEquals(l.id(), r.id(), "each runtime numbers its goroutines from 1");

      LeakedGoroutinesError e =
          assertThrows(
              LeakedGoroutinesError.class,
              () ->
                  Leaks.verifyNone(
                      LeakOptions.defaults().runtime(left).runtime(right).timeout(SHORT)));

      assertEquals(
          List.of("left", "right"),
          e.goroutines().stream().map(GoroutineInfo::runtime).toList(),
          e.getMessage());
      assertEquals(
          "found unexpected goroutines:\n"
              + "in runtime \"left\":\n"
              + e.goroutines().get(0).dumpWithAge()
              + "\n"
              + "in runtime \"right\":\n"
              + e.goroutines().get(1).dumpWithAge(),
          e.getMessage());
      String leftBlock = e.goroutines().get(0).dumpWithAge();
      String rightBlock = e.goroutines().get(1).dumpWithAge();
      assertTrue(leftBlock.startsWith("goroutine " + l.id() + " [chan receive, "), leftBlock);
      assertTrue(rightBlock.startsWith("goroutine " + r.id() + " [chan send, "), rightBlock);

      in.close();
      out.recv();
      l.join();
      r.join();
    }
  }

  @Test
  void runtimesAreNamedByTheirBuilderOrNumbered() {
    try (GoRuntime named = GoRuntime.builder().name("checkout").maxProcs(1).build();
        GoRuntime unnamed = newRuntime()) {
      assertEquals("checkout", named.name());
      assertTrue(unnamed.name().matches("go4j-[1-9][0-9]*"), unnamed.name());
      Goroutine g = unnamed.go(LeaksTest::sleepUntilInterrupted);
      awaitBlocked(g, "sleep");
      assertEquals(
          List.of(unnamed.name()),
          unnamed.goroutines().stream().map(GoroutineInfo::runtime).toList());
      g.interrupt();
      g.join();
    }
  }

  @Test
  void aRuntimeBuiltWithTheNameOfAnOpenOneIsNumberedAndItsLeaksHeadedApart() {
    try (GoRuntime first = GoRuntime.builder().name("checkout").maxProcs(1).build();
        GoRuntime second = GoRuntime.builder().name("checkout").maxProcs(1).build()) {
      assertEquals("checkout", first.name());
      assertEquals("checkout#2", second.name());
      Goroutine a = first.go(LeaksTest::sleepUntilInterrupted);
      Goroutine b = second.go(LeaksTest::sleepUntilInterrupted);
      awaitBlocked(a, "sleep");
      awaitBlocked(b, "sleep");
      LeakedGoroutinesError e =
          assertThrows(
              LeakedGoroutinesError.class,
              () ->
                  Leaks.verifyNone(
                      LeakOptions.defaults().runtime(first).runtime(second).timeout(Duration.ZERO)));
      assertEquals(
          List.of("in runtime \"checkout\":", "in runtime \"checkout#2\":"),
          e.getMessage().lines().filter(l -> l.startsWith("in runtime")).toList());
      a.interrupt();
      b.interrupt();
      a.join();
      b.join();
    }
    try (GoRuntime again = GoRuntime.builder().name("checkout").maxProcs(1).build()) {
      assertEquals("checkout", again.name(), "closing freed the name");
    }
  }

  @Test
  void passesWhenNothingIsLeft() {
    try (GoRuntime rt = newRuntime()) {
      rt.go(() -> {}).join();
      Leaks.verifyNone(LeakOptions.defaults().runtime(rt).timeout(Duration.ZERO));
      assertTrue(Leaks.find(LeakOptions.defaults().runtime(rt)).isEmpty());
    }
  }

  @Test
  void goroutineReleasedByARuntimeTimerDuringTheRetriesIsNotReported() {
    try (GoRuntime rt = newRuntime()) {
      Goroutine g = rt.go(() -> GoRuntime.sleep(Duration.ofMillis(50)));

      Leaks.verifyNone(LeakOptions.defaults().runtime(rt));

      assertFalse(g.isAlive());
    }
  }

  @Test
  void goroutineReleasedByAnotherThreadDuringTheRetriesIsNotReported() throws Exception {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> ch = Chan.make();
      Goroutine g = rt.go(() -> ch.recv());
      awaitBlocked(g, "chan receive");
      Thread releaser =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    ch.send("go");
                  });

      Leaks.verifyNone(LeakOptions.defaults().runtime(rt));

      assertFalse(g.isAlive());
      releaser.join();
    }
  }

  @Test
  void insideAGoroutineItChecksItsRuntimeWithoutTheCallerAndSleepsOnTheRuntime() {
    try (GoRuntime rt = newRuntime()) {
      AtomicReference<Goroutine> worker = new AtomicReference<>();
      rt.main(
          () -> {
            worker.set(rt.go(() -> GoRuntime.sleep(Duration.ofMillis(50))));
            Leaks.verifyNone(); // the caller's runtime is rt; main itself is not a leak
          });
      assertFalse(worker.get().isAlive());
    }
  }

  @Test
  void leakFoundInsideAGoroutineNamesTheGoroutineThatStartedIt() {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> ch = Chan.make();
      AtomicReference<LeakedGoroutinesError> error = new AtomicReference<>();
      AtomicReference<Goroutine> leaked = new AtomicReference<>();
      rt.main(
          () -> {
            leaked.set(rt.go(() -> ch.recv()));
            awaitBlocked(leaked.get(), "chan receive");
            error.set(
                assertThrows(
                    LeakedGoroutinesError.class,
                    () -> Leaks.verifyNone(LeakOptions.defaults().timeout(SHORT))));
          });

      List<String> lines = error.get().getMessage().lines().toList();
      assertTrue(
          lines.get(1).startsWith("goroutine " + leaked.get().id() + " [chan receive, "),
          error.get().getMessage());
      assertTrue(
          lines
              .getLast()
              .matches(
                  "created by io\\.go4j\\.testkit\\.LeaksTest\\.lambda\\$"
                      + "leakFoundInsideAGoroutineNamesTheGoroutineThatStartedIt"
                      + "\\$[0-9]+ in goroutine 1"),
          error.get().getMessage());
      ch.close();
      leaked.get().join();
    }
  }

  @Test
  void timeoutBoundsTheWaitForAPermanentLeak() {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> ch = Chan.make();
      Goroutine g = rt.go(() -> ch.recv());

      LeakedGoroutinesError e =
          assertThrows(
              LeakedGoroutinesError.class,
              () ->
                  Leaks.verifyNone(
                      LeakOptions.defaults().runtime(rt).timeout(Duration.ofMillis(200))));

      assertTrue(
          e.getMessage().startsWith("found unexpected goroutines:\ngoroutine " + g.id() + " ["),
          e.getMessage());
      ch.close();
      g.join();
    }
  }

  @Test
  void zeroTimeoutChecksOnceWithoutRetrying() {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> ch = Chan.make();
      Goroutine g = rt.go(() -> ch.recv());
      awaitBlocked(g, "chan receive");

      List<?> found = Leaks.find(LeakOptions.defaults().runtime(rt).timeout(Duration.ZERO));

      assertEquals(1, found.size());
      ch.close();
      g.join();
    }
  }

  @Test
  void interruptedCallerReportsWhatIsThereWithoutWaiting() {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> ch = Chan.make();
      Goroutine g = rt.go(() -> ch.recv());
      awaitBlocked(g, "chan receive");

      Thread.currentThread().interrupt();
      LeakedGoroutinesError e;
      try {
        e =
            assertThrows(
                LeakedGoroutinesError.class,
                () -> Leaks.verifyNone(LeakOptions.defaults().runtime(rt)));
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
      }
      assertEquals(1, e.goroutines().size());
      ch.close();
      g.join();
    }
  }

  // ------------------------------------------------------------------ inside a bubble

  /** Returns once {@code g} is parked with {@code reason}, without moving the bubble's clock. */
  private static void awaitParkedInBubble(Goroutine g, String reason) {
    while (!(g.state() == GoroutineState.WAITING && reason.equals(g.waitReason()))) {
      GoRuntime.gosched();
    }
  }

  /**
   * The bubble's goroutines get the timeout on the bubble's clock, checked at its idle points: one
   * parked for good is reported once the clock has moved by exactly the timeout, at once in real
   * time, its age that timeout.
   */
  @Test
  @GoTest
  void inABubbleALeakParkedForGoodIsReportedOnceTheTimeoutOfVirtualTimeHasPassed() {
    Chan<String> ch = Chan.make();
    Goroutine g = Go.go(() -> ch.recv());
    awaitParkedInBubble(g, "chan receive");
    Instant before = GoRuntime.now();

    LeakedGoroutinesError e = assertThrows(LeakedGoroutinesError.class, Leaks::verifyNone);

    assertEquals(Duration.ofSeconds(5), Duration.between(before, GoRuntime.now()));
    assertEquals(
        "found unexpected goroutines:\ngoroutine " + g.id() + " [chan receive, 5s]:",
        e.getMessage().lines().limit(2).collect(Collectors.joining("\n")));
    ch.close();
  }

  /** A goroutine asleep on the bubble's clock within the timeout gets there and is not reported. */
  @Test
  @GoTest
  void inABubbleAGoroutineSleepingWithinTheTimeoutEndsDuringTheRetries() {
    Goroutine g = Go.go(() -> GoRuntime.sleep(Duration.ofSeconds(3)));

    Leaks.verifyNone();

    assertFalse(g.isAlive());
  }

  /**
   * A goroutine of the bubble blocked outside go4j's primitives keeps the bubble's clock still; the
   * check still ends after its timeout of real time, as outside, and reports it (it used to wait
   * for the clock for ever).
   */
  @Test
  @GoTest(timeoutSeconds = 10)
  void inABubbleAGoroutineBlockedOutsideGo4jIsReportedAfterTheTimeoutOfRealTime() {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    Goroutine g = Go.go(() -> LeakOptionsTest.takeQuietly(queue));
    while (Arrays.stream(g.stackTrace()).noneMatch(f -> f.getMethodName().equals("take"))) {
      GoRuntime.gosched(); // on its way into take
    }
    Instant before = GoRuntime.now();

    List<GoroutineInfo> found = Leaks.find(LeakOptions.defaults().timeout(SHORT));

    assertEquals(List.of(g.id()), found.stream().map(GoroutineInfo::id).toList());
    assertEquals(before, GoRuntime.now(), "the bubble never went idle");
    queue.add("released");
  }

  /**
   * Goroutines of a runtime on the real clock, checked from a bubble, get the timeout of real time,
   * and the bubble's clock stands still meanwhile (none of its goroutines is waited for): this one
   * ends once it has seen the bubble's clock stand still for 10 of its polls, and stays if it sees
   * the clock move (the check used to sleep on the bubble's clock: it spent its timeout of virtual
   * time at once and reported it).
   */
  @Test
  @GoTest(timeoutSeconds = 10)
  void inABubbleAGoroutineOfARealTimeRuntimeGetsTheTimeoutOfRealTime() {
    Timebase bubble = Timebase.current();
    long start = bubble.nanoTime();
    Chan<String> stay = Chan.make();
    try (GoRuntime real = newRuntime()) {
      Goroutine g =
          real.go(
              () -> {
                for (int polls = 0; polls < 10; polls++) {
                  GoRuntime.sleep(Duration.ofMillis(5)); // real time, on its runtime's clock
                  if (bubble.nanoTime() != start) {
                    stay.recv();
                  }
                }
              });

      Leaks.verifyNone(LeakOptions.defaults().runtime(real));

      assertFalse(g.isAlive());
      assertEquals(start, bubble.nanoTime());
    } finally {
      stay.close();
    }
  }
  /**
   * While an {@code ExternalWaker} is open the bubble's clock stands still, so a pause on it never
   * ends; the check also tries again after the same pause in real time, and passes as soon as the
   * goroutine a platform thread released is gone (it used to wait out its whole timeout of real
   * time, here 10 minutes, past the bubble's own 60 s).
   */
  @Test
  @GoTest(timeoutSeconds = 60)
  void inABubbleHoldingAnExternalWakerAGoroutineReleasedFromOutsideEndsDuringTheRetries()
      throws InterruptedException {
    Goroutine checker = GoRuntime.current();
    Chan<String> ch = Chan.make();
    Goroutine g = Go.go(() -> ch.recv());
    awaitParkedInBubble(g, "chan receive");
    Instant before = GoRuntime.now();
    Thread sender;
    try (var waker = Go.externalWaker()) {
      sender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (!"select".equals(checker.waitReason())) {
                      Thread.onSpinWait(); // until the check pauses between tries
                    }
                    ch.send("from outside");
                  });

      Leaks.verifyNone(LeakOptions.defaults().timeout(Duration.ofMinutes(10)));

      assertFalse(g.isAlive());
      assertEquals(before, GoRuntime.now(), "the clock stood still");
    }
    sender.join();
  }
}
