package io.go4j.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a fresh JVM can show: the failure without {@code --add-opens}, and what a goroutine
 * panic does to the process. Each test forks the same {@code java} as the test JVM with the test
 * class path, running one of the small {@code main} classes nested here.
 */
class ForkedJvmTest {
  private static final String ADD_OPENS = "--add-opens java.base/java.lang=ALL-UNNAMED";
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path tmp;

  // ------------------------------------------------------------------ the forked programs

  /** Builds a runtime twice in a JVM without the flag; prints what each attempt threw. */
  static final class BuildWithoutFlag {
    private BuildWithoutFlag() {}

    public static void main(String[] args) {
      int failures = 0;
      for (int attempt = 1; attempt <= 2; attempt++) {
        try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
          System.out.println("attempt " + attempt + ": built a runtime with " + rt.maxProcs() + " P without the flag");
        } catch (IllegalStateException e) {
          failures++;
          System.out.println("attempt " + attempt + ": cause=" + e.getCause());
          System.out.println("attempt " + attempt + ": message=" + e.getMessage());
          // the whole trace, to check that no reflective frame or exception shows up in it
          e.printStackTrace();
        }
      }
      System.exit(failures == 2 ? 0 : 1);
    }
  }

  /** A goroutine panics; main then waits for it and reports what the runtime recorded. */
  static final class Panicking {
    private Panicking() {}

    public static void main(String[] args) throws InterruptedException {
      GoRuntime rt = GoRuntime.builder().maxProcs(2).build();
      Goroutine g =
          rt.go(
              () -> {
                throw new IllegalStateException("boom");
              });
      g.join();
      // with -Dgo4j.panic=exit the process is gone before this point
      Thread.sleep(200);
      System.out.println("still running after the panic");
      System.out.println("panics=" + rt.panics().size());
      System.out.println("first=" + rt.panics().getFirst());
      Goroutine after = rt.go(() -> System.out.println("a new goroutine runs after the panic"));
      after.join();
      rt.close();
    }
  }

  /** Prints a dump with one parked goroutine; run with {@code -Dgo4j.creationstacks=true}. */
  static final class CreationStacks {
    private CreationStacks() {}

    public static void main(String[] args) {
      try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
        rt.main(
            () -> {
              Goroutine g = startParked(rt);
              GoRuntime.gosched();
              System.out.print(rt.dump());
              io.go4j.runtime.spi.Park.ready(g);
              g.join();
            });
      }
    }

    private static Goroutine startParked(GoRuntime rt) {
      return rt.go(() -> io.go4j.runtime.spi.Park.park("chan receive"));
    }
  }

  /**
   * Lets a two-P runtime go idle after some work (so that its Ms, sysmon and timer thread exist
   * and went idle), then prints the process's CPU time and its go4j threads' over 2 s of idleness.
   */
  static final class IdleRuntime {
    private IdleRuntime() {}

    public static void main(String[] args) throws InterruptedException {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      try (GoRuntime rt = GoRuntime.builder().name("idle").maxProcs(2).build()) {
        rt.main(
            () -> {
              for (int i = 0; i < 1_000; i++) {
                rt.go(() -> GoRuntime.sleep(Duration.ofMillis(1)));
              }
              GoRuntime.sleep(Duration.ofMillis(50));
            });
        Thread.sleep(500); // the JIT finishes compiling what the work used
        long cpu0 = processCpu();
        long runtimeCpu0 = runtimeThreadsCpu(threads);
        long wall0 = System.nanoTime();
        Thread.sleep(2_000);
        long wall = System.nanoTime() - wall0;
        System.out.println(
            "wall="
                + wall
                + " process="
                + (processCpu() - cpu0)
                + " go4j="
                + (runtimeThreadsCpu(threads) - runtimeCpu0)
                + " threads="
                + runtimeThreads().size());
      }
    }

    private static long processCpu() {
      return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** The runtime's threads: its Ms, sysmon and timer thread. */
    private static List<Thread> runtimeThreads() {
      return Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("idle-"))
          .toList();
    }

    private static long runtimeThreadsCpu(ThreadMXBean threads) {
      long sum = 0;
      for (Thread t : runtimeThreads()) {
        sum += Math.max(0, threads.getThreadCpuTime(t.threadId()));
      }
      return sum;
    }
  }

  /**
   * Run with {@code -Dgo4j.schedtrace} and {@code -Dgo4j.scheddetail}, and no trace setting in
   * code: captures stderr in-process until two trace rounds arrived, then prints it to stdout.
   */
  static final class SchedTraceFromProperties {
    private SchedTraceFromProperties() {}

    public static void main(String[] args) throws InterruptedException {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      System.setErr(new PrintStream(err, true, UTF_8));
      try (GoRuntime rt = GoRuntime.builder().name("traced").maxProcs(2).build()) {
        while (err.toString(UTF_8).lines().filter(l -> l.startsWith("SCHED ")).count() < 2) {
          Thread.sleep(5);
        }
      }
      System.out.print(err.toString(UTF_8));
    }
  }

  // ------------------------------------------------------------------ the tests

  /** The trace properties alone turn on Go's schedtrace and scheddetail lines, on stderr. */
  @Test
  void schedtraceAndScheddetailPropertiesTraceToStderr() throws Exception {
    Forked r =
        fork(
            List.of(
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "-Dgo4j.schedtrace=10",
                "-Dgo4j.scheddetail=1"),
            SchedTraceFromProperties.class);

    assertEquals(0, r.exit, r.toString());
    assertTrue(
        r.stdout.lines().anyMatch(l -> l.matches("SCHED \\d+ms: gomaxprocs=2 idleprocs=\\d+ .*")),
        r.toString());
    assertTrue(r.stdout.lines().anyMatch(l -> l.startsWith("  P0: status=")), r.toString());
    assertTrue(r.stdout.lines().anyMatch(l -> l.startsWith("  P1: status=")), r.toString());
  }

  /**
   * Issue 2: over 2 s of idleness a runtime burns under 5 % of one core in the whole process, and
   * its own threads under 1 %. In a JVM of its own, so that other tests' runtimes, collections and
   * compilations do not count.
   */
  @Test
  void anIdleRuntimeBurnsNoCpu() throws Exception {
    Forked r = fork(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"), IdleRuntime.class);

    assertEquals(0, r.exit, r.toString());
    String line = r.stdout.lines().filter(l -> l.startsWith("wall=")).findFirst().orElseThrow();
    Map<String, Long> ns = new HashMap<>();
    for (String kv : line.split(" ", -1)) {
      String[] p = kv.split("=", 2);
      ns.put(p[0], Long.parseLong(p[1]));
    }
    long wall = ns.get("wall");
    assertTrue(ns.get("threads") >= 3, "its Ms, sysmon and timer thread, by name: " + line);
    assertTrue(ns.get("process") < wall / 20, "process CPU over 5 % of the wall time: " + line);
    assertTrue(ns.get("go4j") < wall / 100, "go4j threads' CPU over 1 % of the wall time: " + line);
  }

  @Test
  void creationStacksFlagRecordsTheWholeSpawningStack() throws Exception {
    Forked r =
        fork(
            List.of(
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgo4j.creationstacks=true"),
            CreationStacks.class);

    assertEquals(0, r.exit, r.toString());
    String out = r.stdout;
    int block = out.indexOf("goroutine 2 [chan receive]:\n");
    assertTrue(block >= 0, r.toString());
    String created = out.substring(out.indexOf("created by ", block));
    List<String> lines = created.lines().toList();
    // the function with the go call, then every frame of the spawning stack, tab-indented
    assertTrue(
        lines.get(0).startsWith("created by " + CreationStacks.class.getName() + ".startParked in goroutine 1"),
        r.toString());
    assertTrue(
        lines.get(1).startsWith("\t" + CreationStacks.class.getName() + ".startParked(ForkedJvmTest.java:"),
        r.toString());
    assertTrue(
        lines.get(2).startsWith("\t" + CreationStacks.class.getName() + ".lambda$main$"), r.toString());
  }

  @Test
  void withoutAddOpensBuildingARuntimeFailsWithOneClearMessage() throws Exception {
    Forked r = fork(List.of(), BuildWithoutFlag.class);

    assertEquals(0, r.exit, "both attempts should throw IllegalStateException\n" + r);
    String expectedStart =
        "go4j cannot start goroutines: the JVM was started without " + ADD_OPENS;
    List<String> messages =
        r.stdout.lines().filter(l -> l.contains(": message=")).toList();
    assertEquals(2, messages.size(), r.toString());
    for (String m : messages) {
      assertTrue(
          m.substring(m.indexOf("message=") + "message=".length()).startsWith(expectedStart),
          "message should start with: " + expectedStart + "\n" + r);
    }
    // the settings a Maven user has to change
    assertTrue(r.stdout.contains("maven-surefire-plugin"), r.toString());
    assertTrue(r.stdout.contains("<argLine>" + ADD_OPENS + "</argLine>"), r.toString());
    assertTrue(r.stdout.contains("exec-maven-plugin"), r.toString());
    assertTrue(r.stdout.contains("attempt 1: cause=null"), r.toString());
    assertTrue(r.stdout.contains("attempt 2: cause=null"), r.toString());
    // never a reflective failure or the JDK's reflective plumbing
    String all = r.stdout + r.stderr;
    for (String bad :
        List.of(
            "IllegalAccessException",
            "InaccessibleObjectException",
            "ExceptionInInitializerError",
            "NoClassDefFoundError",
            "at java.base/java.lang.invoke",
            "at java.base/java.lang.reflect",
            "at java.base/jdk.internal.reflect")) {
      assertFalse(all.contains(bad), "output should not contain " + bad + "\n" + r);
    }
  }

  @Test
  void panicWithExitFlagPrintsGoReportAndExitsWithStatus2() throws Exception {
    Forked r =
        fork(
            List.of(
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "-Djdk.trackAllThreads=false",
                "-Dgo4j.panic=exit"),
            Panicking.class);

    assertEquals(2, r.exit, r.toString());
    List<String> lines = r.stderr.lines().toList();
    assertTrue(lines.size() >= 3, r.toString());
    assertEquals("panic: java.lang.IllegalStateException: boom", lines.get(0), r.toString());
    assertEquals("", lines.get(1), r.toString());
    assertTrue(lines.get(2).matches("goroutine \\d+ \\[running\\]:"), r.toString());
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("ForkedJvmTest$Panicking.lambda$main$")),
        "the report should show the panicking lambda's frame\n" + r);
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("created by ")),
        "the report should say who created the goroutine\n" + r);
    assertFalse(r.stdout.contains("still running"), r.toString());
  }

  @Test
  void panicWithoutExitFlagIsReportedAndRecordedAndTheProcessGoesOn() throws Exception {
    Forked r =
        fork(
            List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false"),
            Panicking.class);

    assertEquals(0, r.exit, r.toString());
    assertTrue(r.stderr.startsWith("panic: java.lang.IllegalStateException: boom\n\n"), r.toString());
    List<String> out = r.stdout.lines().toList();
    assertTrue(out.contains("still running after the panic"), r.toString());
    assertTrue(out.contains("panics=1"), r.toString());
    assertTrue(out.contains("first=java.lang.IllegalStateException: boom"), r.toString());
    assertTrue(out.contains("a new goroutine runs after the panic"), r.toString());
  }

  // ------------------------------------------------------------------ forking

  /** A finished child JVM. */
  private record Forked(List<String> command, int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "command: "
          + String.join(" ", command)
          + "\nexit status: "
          + exit
          + "\n--- stdout:\n"
          + stdout
          + "--- stderr:\n"
          + stderr;
    }
  }

  private Forked fork(List<String> jvmArgs, Class<?> main) throws IOException, InterruptedException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());

    Path out = tmp.resolve("stdout.txt");
    Path err = tmp.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    // the child must see exactly the flags above, not any the environment adds
    Map<String, String> env = pb.environment();
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("JDK_JAVA_OPTIONS");
    env.remove("_JAVA_OPTIONS");
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      fail(
          "forked JVM did not finish within "
              + TIMEOUT_SECONDS
              + " s\n"
              + new Forked(command, -1, Files.readString(out, UTF_8), Files.readString(err, UTF_8)));
    }
    return new Forked(command, p.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
  }
}
