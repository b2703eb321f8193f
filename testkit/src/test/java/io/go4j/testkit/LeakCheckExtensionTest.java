package io.go4j.testkit;

import static io.go4j.testkit.LeaksTest.awaitBlocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.go4j.Go;
import io.go4j.channels.Chan;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link VerifyNoLeaks @VerifyNoLeaks}, by running fixture test classes with JUnit's {@link
 * EngineTestKit} and looking at what they report.
 */
@Timeout(60)
class LeakCheckExtensionTest {
  /** Set only for the engines this test launches: the fixtures are disabled anywhere else. */
  private static final String FIXTURES = "go4j.testkit.leak-fixtures";

  private static final String CONDITION = "io.go4j.testkit.LeakCheckExtensionTest#launchedHere";

  static boolean launchedHere(ExtensionContext context) {
    return context.getConfigurationParameter(FIXTURES).isPresent();
  }

  /** What the fixtures block on; closed after each test. */
  static volatile Chan<String> release = Chan.make();

  /** The fixtures' goroutines, joined after each test. */
  static final List<Goroutine> started = Collections.synchronizedList(new ArrayList<>());

  static volatile CyclicBarrier allStarted = new CyclicBarrier(1);

  /** Runtimes the fixtures built, closed after each test. */
  static final List<GoRuntime> ownRuntimes = Collections.synchronizedList(new ArrayList<>());

  static void leakOne() {
    Goroutine g = Go.go(() -> release.recv());
    started.add(g);
    awaitBlocked(g, "chan receive");
  }

  @AfterEach
  void releaseFixtureGoroutines() {
    release.close();
    synchronized (started) {
      started.forEach(Goroutine::join);
      started.clear();
    }
    release = Chan.make();
    synchronized (ownRuntimes) {
      ownRuntimes.forEach(GoRuntime::close);
      ownRuntimes.clear();
    }
  }

  private static Events run(Class<?> fixture, Map<String, String> config) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(FIXTURES, "true")
        .configurationParameters(config)
        .selectors(selectClass(fixture))
        .execute()
        .testEvents();
  }

  /** Test display name to its failure, for the failed tests. */
  private static Map<String, Throwable> failures(Events events) {
    Map<String, Throwable> out = new TreeMap<>();
    for (Event e : events.failed().list()) {
      out.put(
          e.getTestDescriptor().getDisplayName(),
          e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow());
    }
    return out;
  }

  private static List<String> succeeded(Events events) {
    return events.succeeded().list().stream()
        .map(e -> e.getTestDescriptor().getDisplayName())
        .sorted()
        .toList();
  }

  // ------------------------------------------------------------------ fixtures

  /** One leaking test, one clean one. */
  @VerifyNoLeaks(timeoutMillis = 300)
  @EnabledIf(CONDITION)
  static class Fixture {
    @Test
    void leaks() {
      Goroutine g = Go.go(() -> release.recv());
      started.add(g);
      awaitBlocked(g, "chan receive");
    }

    @Test
    void clean() {
      Go.go(() -> GoRuntime.sleep(Duration.ofMillis(20))); // gone during the retries
    }
  }

  /** Three tests at once: two leak, one is clean; all check while both leaks are alive. */
  @VerifyNoLeaks(timeoutMillis = 300)
  @Execution(ExecutionMode.CONCURRENT)
  @EnabledIf(CONDITION)
  static class ParallelFixture {
    @Test
    void leaksA() throws Exception {
      Goroutine g = Go.go(() -> release.recv());
      started.add(g);
      awaitBlocked(g, "chan receive");
      allStarted.await(30, TimeUnit.SECONDS);
    }

    @Test
    void leaksB() throws Exception {
      Goroutine g = Go.go(() -> release.recv());
      started.add(g);
      awaitBlocked(g, "chan receive");
      allStarted.await(30, TimeUnit.SECONDS);
    }

    @Test
    void clean() throws Exception {
      allStarted.await(30, TimeUnit.SECONDS);
    }
  }

  /** The test method runs on a thread of its own: its goroutines are still attributed to it. */
  @VerifyNoLeaks(timeoutMillis = 300)
  @EnabledIf(CONDITION)
  static class SeparateThreadFixture {
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void leaksOnASeparateThread() {
      leakOne();
    }
  }

  /** A test that starts its goroutine on a runtime of its own, still open when it ends. */
  @VerifyNoLeaks(timeoutMillis = 300)
  @EnabledIf(CONDITION)
  static class OwnRuntimeFixture {
    @Test
    void leaksOnItsOwnRuntime() {
      GoRuntime rt = GoRuntime.builder().name("own").build();
      ownRuntimes.add(rt);
      Goroutine g = rt.go(() -> release.recv());
      started.add(g);
      awaitBlocked(g, "chan receive");
    }
  }

  /** The method's annotation wins over the class's. */
  @VerifyNoLeaks(timeoutMillis = 300)
  @EnabledIf(CONDITION)
  static class IgnoringFixture {
    @Test
    @VerifyNoLeaks(
        timeoutMillis = 300,
        ignoreTopFunction = "io.go4j.testkit.LeakCheckExtensionTest.lambda$leakOne$0")
    void leakIgnoredByTopFunction() {
      leakOne();
    }

    @Test
    @VerifyNoLeaks(
        timeoutMillis = 300,
        ignoreCreatedBy = "io.go4j.testkit.LeakCheckExtensionTest.leakOne")
    void leakIgnoredByCreator() {
      leakOne();
    }

    @Test
    void leakNotIgnored() {
      leakOne();
    }
  }

  // ------------------------------------------------------------------ tests

  @Test
  void aLeakOnARuntimeTheTestBuiltIsFound() {
    Map<String, Throwable> failures = failures(run(OwnRuntimeFixture.class, Map.of()));
    assertEquals(List.of("leaksOnItsOwnRuntime()"), List.copyOf(failures.keySet()));
    Throwable t = failures.get("leaksOnItsOwnRuntime()");
    assertInstanceOf(LeakedGoroutinesError.class, t);
    assertTrue(t.getMessage().contains(" [chan receive, "), t.getMessage());
    assertTrue(
        t.getMessage()
            .endsWith(
                "\ncreated by io.go4j.testkit.LeakCheckExtensionTest$OwnRuntimeFixture"
                    + ".leaksOnItsOwnRuntime\n"),
        t.getMessage());
  }

  @Test
  void leakingTestFailsWithTheReportAndCleanTestPasses() {
    Events events = run(Fixture.class, Map.of());

    assertEquals(List.of("clean()"), succeeded(events));
    Map<String, Throwable> failures = failures(events);
    assertEquals(List.of("leaks()"), List.copyOf(failures.keySet()));
    Throwable t = failures.get("leaks()");
    assertInstanceOf(LeakedGoroutinesError.class, t);
    assertTrue(
        t.getMessage().startsWith("found unexpected goroutines:\ngoroutine "), t.getMessage());
    assertTrue(t.getMessage().contains(" [chan receive, "), t.getMessage());
    assertTrue(
        t.getMessage()
            .endsWith("\ncreated by io.go4j.testkit.LeakCheckExtensionTest$Fixture.leaks\n"),
        t.getMessage());
  }

  @Test
  void parallelTestsEachSeeOnlyTheirOwnLeaks() {
    allStarted = new CyclicBarrier(3);
    Events events =
        run(
            ParallelFixture.class,
            Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "3"));

    assertEquals(List.of("clean()"), succeeded(events));
    Map<String, Throwable> failures = failures(events);
    assertEquals(List.of("leaksA()", "leaksB()"), List.copyOf(failures.keySet()));
    String a = failures.get("leaksA()").getMessage();
    String b = failures.get("leaksB()").getMessage();
    assertTrue(a.startsWith("found unexpected goroutines:\n"), a);
    assertTrue(a.contains("lambda$leaksA$"), a);
    assertFalse(a.contains("leaksB"), a);
    assertEquals(1, ((LeakedGoroutinesError) failures.get("leaksA()")).goroutines().size(), a);
    assertTrue(b.startsWith("found unexpected goroutines:\n"), b);
    assertTrue(b.contains("lambda$leaksB$"), b);
    assertFalse(b.contains("leaksA"), b);
    assertEquals(1, ((LeakedGoroutinesError) failures.get("leaksB()")).goroutines().size(), b);
  }

  @Test
  void testMethodOnASeparateThreadIsStillAttributed() {
    Events events = run(SeparateThreadFixture.class, Map.of());

    Map<String, Throwable> failures = failures(events);
    assertEquals(List.of("leaksOnASeparateThread()"), List.copyOf(failures.keySet()));
    assertTrue(
        failures
            .get("leaksOnASeparateThread()")
            .getMessage()
            .endsWith("\ncreated by io.go4j.testkit.LeakCheckExtensionTest.leakOne\n"),
        failures.get("leaksOnASeparateThread()").getMessage());
  }

  @Test
  void ignoreFiltersOfTheAnnotationApply() {
    Events events = run(IgnoringFixture.class, Map.of());

    assertEquals(
        List.of("leakIgnoredByCreator()", "leakIgnoredByTopFunction()"), succeeded(events));
    assertEquals(List.of("leakNotIgnored()"), List.copyOf(failures(events).keySet()));
  }
}
