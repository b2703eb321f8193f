package io.go4j.bench;

import io.go4j.runtime.GoRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one invocation of a channels or sync workload with a time limit, so that a hang fails that
 * benchmark (JMH records the exception and goes on with the next one) instead of stalling the whole
 * run. The JMH thread only waits: the workload runs on a go4j runtime ({@link #go4j}: its main
 * goroutine) or on a JDK virtual thread ({@link #virtual}: the JDK's and jox's "main goroutine").
 *
 * <p>On a hang it writes the go4j goroutine dump and the platform threads' stacks to {@code
 * $BENCH_DUMP_DIR/hang-<what>.txt} (bench/run.sh sets it to bench/results/raw; else the temp
 * directory), prints the start of it to stderr (JMH copies that to its log) and throws {@link
 * WorkloadHungException}. The stuck goroutines are abandoned.
 *
 * <p>The limit is {@value #DEFAULT_LIMIT_SECONDS} s per invocation, or {@code $BENCH_HANG_SECONDS}:
 * far above the slowest invocation measured (jox's chain, ~25 s).
 */
final class Watchdog {
  private Watchdog() {}

  static final int DEFAULT_LIMIT_SECONDS = 150;
  private static final int DUMP_LINES_ON_STDERR = 80;

  /** A workload invocation: its result is checked by the caller and returned to JMH. */
  @FunctionalInterface
  interface Body<T> {
    T run() throws Exception;
  }

  /** A workload that did not finish within the limit. */
  static final class WorkloadHungException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkloadHungException(String message) {
      super(message);
    }
  }

  /** Runs {@code body} as the main goroutine of {@code rt} ({@link GoRuntime#main}). */
  static <T> T go4j(String what, GoRuntime rt, Body<T> body) throws Exception {
    Object[] result = new Object[1];
    FutureTask<T> task =
        new FutureTask<>(
            () -> {
              rt.main(
                  () -> {
                    try {
                      result[0] = body.run();
                    } catch (RuntimeException | Error e) {
                      throw e;
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
              @SuppressWarnings("unchecked")
              T t = (T) result[0];
              return t;
            });
    Thread waiter = Thread.ofPlatform().daemon().name("bench-main-" + what).unstarted(task);
    return await(what, task, waiter, () -> "go4j goroutines:\n" + rt.dump());
  }

  /** Runs {@code body} on a new JDK virtual thread (default scheduler). */
  static <T> T virtual(String what, Body<T> body) throws Exception {
    return virtual(what, Thread.ofVirtual().name("bench-main-" + what)::unstarted, body);
  }

  /** {@link #virtual(String, Body)} on a virtual thread made by {@code newThread}. */
  static <T> T virtual(String what, Function<Runnable, Thread> newThread, Body<T> body)
      throws Exception {
    Callable<T> c = body::run;
    FutureTask<T> task = new FutureTask<>(c);
    Thread main = newThread.apply(task);
    return await(
        what,
        task,
        main,
        () ->
            "(JDK virtual threads are not listed: the forks run with -Djdk.trackAllThreads=false)");
  }

  private static <T> T await(String what, FutureTask<T> task, Thread thread, Supplier<String> dump)
      throws Exception {
    thread.start();
    int limit = limitSeconds();
    try {
      return task.get(limit, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception x) {
        throw x;
      }
      if (cause instanceof Error x) {
        throw x;
      }
      throw e;
    } catch (TimeoutException e) {
      String text = hangReport(what, limit, dump);
      Path file = dumpFile(what);
      String where;
      try {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        where = file.toString();
      } catch (IOException io) {
        where = "(could not write " + file + ": " + io + ")";
      }
      System.err.println(
          "Watchdog: "
              + what
              + " did not finish in "
              + limit
              + " s; dump in "
              + where
              + ", its start:");
      text.lines().limit(DUMP_LINES_ON_STDERR).forEach(System.err::println);
      System.err.flush();
      throw new WorkloadHungException(
          what + " did not finish in " + limit + " s (hung); dump: " + where);
    }
  }

  private static String hangReport(String what, int limit, Supplier<String> dump) {
    StringBuilder sb = new StringBuilder();
    sb.append(what).append(": no result after ").append(limit).append(" s\n\n");
    try {
      sb.append(dump.get()).append('\n');
    } catch (RuntimeException e) {
      sb.append("(dump failed: ").append(e).append(")\n");
    }
    sb.append("\nplatform threads:\n");
    Thread.getAllStackTraces()
        .forEach(
            (t, stack) -> {
              sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
              for (StackTraceElement e : stack) {
                sb.append("\tat ").append(e).append('\n');
              }
              sb.append('\n');
            });
    return sb.toString();
  }

  private static Path dumpFile(String what) {
    String dir = System.getenv("BENCH_DUMP_DIR");
    Path d = Path.of(dir == null || dir.isBlank() ? System.getProperty("java.io.tmpdir") : dir);
    return d.resolve("hang-" + what.replaceAll("[^\\w.-]", "_") + ".txt");
  }

  private static int limitSeconds() {
    String v = System.getenv("BENCH_HANG_SECONDS");
    return v == null || v.isBlank() ? DEFAULT_LIMIT_SECONDS : Integer.parseInt(v.strip());
  }
}
