package io.go4j.testkit;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.sleep;
import static io.go4j.Go.ticker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.go4j.CancelContext;
import io.go4j.Context;
import io.go4j.channels.Chan;
import io.go4j.channels.Ticker;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.spi.Timebase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** {@link GoTest}: bubbles with virtual time, and the failures they report. */
@Execution(ExecutionMode.CONCURRENT) // each test has its own runtime: they may run in parallel
class GoTestTest {
  private static Instant now() {
    Timebase tb = Timebase.current();
    return tb.instant(tb.nanoTime());
  }

  @Test
  @GoTest
  void runsAsGoroutineOneOfItsOwnRuntime() {
    assertEquals(1, GoRuntime.current().id());
    assertEquals(Instant.parse("2000-01-01T00:00:00Z"), now());
  }

  @Test
  @GoTest
  void sleepingAnHourReturnsAtOnceWithTheClockAnHourLater() {
    Instant before = now();
    sleep(Duration.ofHours(1));
    assertEquals(Duration.ofHours(1), Duration.between(before, now()));
  }

  @Test
  @GoTest
  void aTickerFiresExactlyNTimesInNPeriods() {
    Ticker t = ticker(Duration.ofSeconds(1));
    Chan<Integer> count = chan(1);
    go(
        () -> {
          int ticks = 0;
          for (Instant ignored : t.c()) {
            ticks++;
            if (ticks == 10) {
              break;
            }
          }
          count.send(ticks);
        });
    sleep(Duration.ofSeconds(10).plusMillis(500));
    t.stop();
    assertEquals(10, count.recv());
    assertEquals(Instant.parse("2000-01-01T00:00:10.500Z"), now());
  }

  @Test
  @GoTest
  void aContextDeadlineCancelsAtTheRightVirtualInstant() {
    try (CancelContext ctx = Context.background().withTimeout(Duration.ofMinutes(5))) {
      List<Instant> seen = new ArrayList<>();
      ctx.done().recvOk();
      seen.add(now());
      assertEquals(List.of(Instant.parse("2000-01-01T00:05:00Z")), seen);
      assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  @GoTest
  void worksWithParameterizedTests(int minutes) {
    Instant before = now();
    sleep(Duration.ofMinutes(minutes));
    assertEquals(Duration.ofMinutes(minutes), Duration.between(before, now()));
  }

  @Test
  @GoTest
  void waitsForTheGoroutinesItStarted() {
    Chan<String> out = chan(1);
    go(
        () -> {
          sleep(Duration.ofDays(1));
          out.send("done");
        });
    // returns before the goroutine; the bubble ends only once it did
  }

  // ---------------------------------------------------------------- failures, run through the engine

  /** Fixtures that fail on purpose; run only by the tests below through JUnit's engine. */
  static class Failing {
    @Test
    @GoTest
    void deadlocks() {
      Chan<Integer> ch = chan();
      ch.recv();
    }

    @Test
    @GoTest
    void leaksAGoroutine() {
      Chan<Integer> ch = chan();
      go(() -> ch.send(1));
    }

    @Test
    @GoTest
    void goroutinePanics() {
      go(
          () -> {
            throw new IllegalArgumentException("boom");
          });
      sleep(Duration.ofSeconds(1));
    }

    @Test
    @GoTest(timeoutSeconds = 1)
    void blocksInTheJdk() throws InterruptedException {
      Thread.sleep(10_000); // not a go4j wait: virtual time cannot help
    }
  }

  private static Throwable failureOf(String method) {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectMethod(Failing.class, method))
            .execute()
            .testEvents();
    List<Event> failed = events.failed().list();
    assertEquals(1, failed.size(), () -> method + ": " + events.list());
    return failed.get(0)
        .getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .orElseThrow()
        .getThrowable()
        .orElseThrow();
  }

  @Test
  void aDeadlockInsideTheBubbleFailsWithTheDump() {
    Throwable t = failureOf("deadlocks");
    String m = t.getMessage();
    assertTrue(
        m.startsWith(
            """
            deadlock: all goroutines in bubble are blocked

            goroutine 1 [chan receive]:
            io.go4j.channels.internal.Blocker.await("""),
        m);
    // the test method is the bottom frame: JUnit's reflective call and the testkit are cut
    assertTrue(
        m.matches(
            "(?s).*\nio\\.go4j\\.testkit\\.GoTestTest\\$Failing\\.deadlocks\\(GoTestTest\\.java:\\d+\\)\n"),
        m);
  }

  @Test
  void aLeakedGoroutineFailsWithTheDump() {
    Throwable t = failureOf("leaksAGoroutine");
    assertTrue(
        t.getMessage()
            .startsWith(
                """
                deadlock: main bubble goroutine has exited but blocked goroutines remain

                goroutine 2 [chan send]:
                """),
        t.getMessage());
    assertTrue(
        t.getMessage().contains("created by io.go4j.testkit.GoTestTest$Failing.leaksAGoroutine"),
        t.getMessage());
  }

  @Test
  void anExceptionInAnyGoroutineFailsTheTest() {
    Throwable t = failureOf("goroutinePanics");
    String m = t.getMessage();
    assertTrue(
        m.startsWith("goroutine 2 panicked: java.lang.IllegalArgumentException: boom\n\n"), m);
    assertTrue(m.contains("goroutine 2 [running]:\n"), m); // the dump
    assertEquals("boom", t.getCause().getMessage());
  }

  @Test
  void aRealTimeTimeoutFailsWithTheDump() {
    Throwable t = failureOf("blocksInTheJdk");
    assertTrue(
        t.getMessage()
            .startsWith(
                """
                test timed out after 1000 ms of real time; its goroutines:

                goroutine 1 [timed waiting in the JDK]:
                """),
        t.getMessage());
  }

  /** Run only through the engine below: {@code @GoTest} on a class that has a nested class. */
  @GoTest
  static class Enclosing {
    @Nested
    class Inner {
      @Test
      void runsInABubble() {
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), GoRuntime.now(), "virtual time");
      }
    }
  }

  @Test
  void aNestedClassTakesGoTestFromItsEnclosingClass() {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(Enclosing.class))
            .execute()
            .testEvents();
    assertEquals(1, events.succeeded().count(), () -> events.list().toString());
    assertEquals(0, events.failed().count(), () -> events.list().toString());
  }
}
