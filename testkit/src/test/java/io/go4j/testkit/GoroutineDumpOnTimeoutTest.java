package io.go4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.go4j.channels.Chan;
import io.go4j.runtime.GoRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** {@link GoroutineDumpOnTimeout}: what a timed-out test prints. */
class GoroutineDumpOnTimeoutTest {
  /** A fixture that times out on purpose; run only by the test below through JUnit's engine. */
  @ExtendWith(GoroutineDumpOnTimeout.class)
  static class Hangs {
    @Test
    @Timeout(value = 100, unit = TimeUnit.MILLISECONDS)
    void waitsForAGoroutineThatNeverSends() throws InterruptedException {
      try (GoRuntime rt = GoRuntime.builder().name("hung").maxProcs(1).build()) {
        Chan<Integer> never = Chan.make();
        rt.go(never::recv);
        new CountDownLatch(1).await(); // until JUnit's timeout interrupts it
      }
    }
  }

  @Test
  void aTimedOutTestPrintsTheDumpOfEveryOpenRuntimeAndStillFails() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    List<Event> failed;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      failed =
          EngineTestKit.engine("junit-jupiter")
              .selectors(selectMethod(Hangs.class, "waitsForAGoroutineThatNeverSends"))
              .execute()
              .testEvents()
              .failed()
              .list();
    } finally {
      System.setOut(out);
    }
    assertEquals(1, failed.size());
    TestExecutionResult result = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow();
    Throwable t = result.getThrowable().orElseThrow();
    assertInstanceOf(TimeoutException.class, t);
    assertEquals(
        "waitsForAGoroutineThatNeverSends() timed out after 100 milliseconds", t.getMessage());
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertTrue(
        printed.contains(
            "go4j: waitsForAGoroutineThatNeverSends() timed out;"
                + " goroutines of every open runtime:\n"),
        printed);
    int block = printed.indexOf("\n== runtime hung (GOMAXPROCS=1)\ngoroutine 2 [chan receive");
    assertTrue(block >= 0, printed);
    assertTrue(
        printed.indexOf("created by io.go4j.testkit.GoroutineDumpOnTimeoutTest$Hangs", block) > 0,
        printed);
  }

  @Test
  void withNoRuntimeOpenItSaysSo() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    GoroutineDumpOnTimeout.print(
        "t()", List.of(), new PrintStream(captured, true, StandardCharsets.UTF_8));
    assertEquals(
        "go4j: t() timed out; no go4j runtime is open\n",
        captured.toString(StandardCharsets.UTF_8));
  }
}
