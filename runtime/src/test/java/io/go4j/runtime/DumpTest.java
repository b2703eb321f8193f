package io.go4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.spi.Park;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Golden tests of the dump, deadlock and panic formats. */
class DumpTest {
  /** Where {@link #receiveForever()} parks, for the golden text. */
  private static int parkLine;

  private static void receiveForever() {
    parkLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
    Park.park("chan receive");
  }

  private static int line(Throwable here) {
    return here.getStackTrace()[0].getLineNumber();
  }

  @Test
  void dumpShowsEachGoroutineInGosFormat() {
    AtomicReference<String> dump = new AtomicReference<>();
    AtomicReference<Goroutine> worker = new AtomicReference<>();
    int[] lines = new int[2];
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            lines[0] = line(new Throwable()) + 1;
            worker.set(rt.go(DumpTest::receiveForever));
            GoRuntime.gosched();
            StackTraceElement top = worker.get().stackTrace()[0];
            assertEquals("io.go4j.runtime.DumpTest", top.getClassName());
            assertEquals("receiveForever", top.getMethodName());
            lines[1] = line(new Throwable()) + 1;
            dump.set(rt.dump());
            Park.ready(worker.get());
            worker.get().join();
          });
    }
    String mainLambda = mainLambdaName(dump.get());
    String expected =
        "goroutine 1 [running]:\n"
            + "io.go4j.runtime.GoRuntime.dump(GoRuntime.java:"
            + dumpLine(dump.get())
            + ")\n"
            + "io.go4j.runtime.DumpTest."
            + mainLambda
            + "(DumpTest.java:"
            + lines[1]
            + ")\n"
            + "\n"
            + "goroutine 2 [chan receive]:\n"
            + "io.go4j.runtime.DumpTest.receiveForever(DumpTest.java:"
            + parkLine
            + ")\n"
            + "created by io.go4j.runtime.DumpTest."
            + mainLambda
            + " in goroutine 1\n";
    assertEquals(expected, dump.get());
  }

  private static String mainLambdaName(String dump) {
    int at = dump.indexOf("io.go4j.runtime.DumpTest.lambda$");
    return dump.substring(at + "io.go4j.runtime.DumpTest.".length(), dump.indexOf('(', at));
  }

  private static String dumpLine(String dump) {
    int at = dump.indexOf("GoRuntime.java:") + "GoRuntime.java:".length();
    return dump.substring(at, dump.indexOf(')', at));
  }

  @Test
  void aGoroutineBlockedInTheJdkShowsWhatItWaitsForNotRunning() throws Exception {
    java.util.concurrent.LinkedBlockingQueue<String> queue =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Object monitor = new Object();
    java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      Goroutine taker = rt.go(() -> uncheck(queue::take));
      Goroutine sleeper =
          rt.go(() -> uncheck(() -> release.await(10, java.util.concurrent.TimeUnit.MINUTES)));
      Goroutine blocked;
      String dump;
      synchronized (monitor) {
        blocked =
            rt.go(
                () -> {
                  synchronized (monitor) {
                    entered.incrementAndGet();
                  }
                });
        awaitReason(blocked, "waiting for a monitor");
        awaitReason(taker, "waiting in the JDK");
        awaitReason(sleeper, "timed waiting in the JDK");
        assertEquals(GoroutineState.RUNNING, taker.state()); // go4j does not know of the JDK's wait
        dump = rt.dump();
      }
      assertTrue(dump.contains("goroutine " + taker.id() + " [waiting in the JDK]:\n"), dump);
      assertTrue(dump.contains("goroutine " + sleeper.id() + " [timed waiting in the JDK]:\n"), dump);
      assertTrue(dump.contains("goroutine " + blocked.id() + " [waiting for a monitor]:\n"), dump);
      GoroutineInfo info =
          rt.goroutines().stream().filter(g -> g.id() == taker.id()).findFirst().orElseThrow();
      assertEquals("waiting in the JDK", info.waitReason());
      assertTrue(info.dump().startsWith("goroutine " + taker.id() + " [waiting in the JDK]:\n"));
      blocked.join();
      assertEquals(1, entered.get());
      queue.put("go");
      release.countDown();
      taker.join();
      sleeper.join();
    }
  }

  private interface Blocking {
    Object call() throws Exception;
  }

  private static void uncheck(Blocking b) {
    try {
      b.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits (bounded) until {@code g}'s wait reason is {@code reason}. */
  private static void awaitReason(Goroutine g, String reason) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!reason.equals(g.waitReason()) && System.nanoTime() - deadline < 0) {
      Thread.sleep(1);
    }
    assertEquals(reason, g.waitReason());
  }

  @Test
  void deadlockFailsMainWithGosMessageAndTheDump() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      DeadlockException e =
          assertThrows(
              DeadlockException.class,
              () ->
                  rt.main(
                      () -> {
                        rt.go(DumpTest::receiveForever);
                        while (true) {
                          Park.park("chan send");
                        }
                      }));
      String m = e.getMessage();
      assertTrue(
          m.startsWith("all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan send]:\n"), m);
      assertTrue(
          m.contains(
              "\n\ngoroutine 2 [chan receive]:\n"
                  + "io.go4j.runtime.DumpTest.receiveForever(DumpTest.java:"
                  + parkLine
                  + ")\ncreated by io.go4j.runtime.DumpTest.lambda$"),
          m);
    }
  }

  @Test
  void noDeadlockWhileATimerIsPending() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      Goroutine[] sleeper = new Goroutine[1];
      rt.main(
          () -> {
            Goroutine main = GoRuntime.current();
            sleeper[0] =
                rt.go(
                    () -> {
                      GoRuntime.sleep(java.time.Duration.ofMillis(100));
                      Park.ready(main);
                    });
            Park.park("chan receive"); // everyone asleep, but the sleeper's timer will fire
          });
      assertTrue(sleeper[0].join(java.time.Duration.ofMinutes(1)));
    }
  }

  @Test
  void panicIsReportedInGosFormatAndRecorded() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int[] throwLine = new int[1];
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).panicOutput(out).build()) {
      rt.main(
          () ->
              rt.go(
                      () -> {
                        throwLine[0] = line(new Throwable()) + 1;
                        throw new IllegalStateException("boom");
                      })
                  .join());
      assertEquals(1, rt.panics().size());
      assertEquals("boom", rt.panics().get(0).getMessage());
      assertEquals(1, rt.stats().panics());
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    assertEquals("panic: java.lang.IllegalStateException: boom", lines.get(0));
    assertEquals("", lines.get(1));
    assertEquals("goroutine 2 [running]:", lines.get(2));
    assertTrue(lines.get(3).startsWith("io.go4j.runtime.DumpTest.lambda$"), lines.get(3));
    assertTrue(lines.get(3).endsWith("(DumpTest.java:" + throwLine[0] + ")"), lines.get(3));
    assertTrue(lines.get(4).startsWith("created by io.go4j.runtime.DumpTest.lambda$"), lines.get(4));
    assertTrue(lines.get(4).endsWith(" in goroutine 1"), lines.get(4));
    assertEquals(5, lines.size(), text);
  }
}
