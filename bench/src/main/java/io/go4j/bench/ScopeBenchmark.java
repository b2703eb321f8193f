package io.go4j.bench;

import io.go4j.Go;
import io.go4j.Scope;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sync workload 4, scope overhead: 100,000 times in a row, the main goroutine runs a structured
 * scope with one child and waits for it; score in ns per scope. The child only increments a shared
 * counter (so that the check can see that every child ran: it must reach 100,000):
 *
 * <ul>
 *   <li>{@code go4jScope}: {@code Go.scope(s -> s.go(child))};
 *   <li>{@code go4jGoJoin}: {@code Go.go(child).join()}, the bare goroutine the scope is measured
 *       against (target: go4jScope ≤ 2 × go4jGoJoin);
 *   <li>{@code jdkStructuredTaskScope}: JDK 25's {@code StructuredTaskScope} (a preview API: its
 *       fork alone runs with {@code --enable-preview}): open, fork the child, join, close;
 *   <li>{@code jdkThreadJoin}: {@code Thread.startVirtualThread(child).join()}.
 * </ul>
 *
 * go4j on its runtime with GOMAXPROCS=2, the JDK on its default scheduler with parallelism 2. Go
 * has no scope: bench/go's {@code sync scope} is what a Go program writes instead ({@code
 * wg.Add(1); go func() {...; wg.Done()}(); wg.Wait()}), and {@code sync goJoin} waits on a done
 * channel the child closes.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ScopeBenchmark.N)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class ScopeBenchmark {
  static final int N = 100_000;

  /**
   * The preview flag, for the fork of {@link #jdkStructuredTaskScope} only (which runs {@link
   * ScopeBenchmarkPreview}).
   */
  static final String ENABLE_PREVIEW = "--enable-preview";

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jScope(Go4jRuntime s) throws Exception {
    return Watchdog.go4j(
        "ScopeBenchmark.go4jScope",
        s.rt,
        () -> {
          AtomicLong ran = new AtomicLong();
          Scope.Task child = ran::incrementAndGet;
          Scope.Body body = scope -> scope.go(child);
          for (int i = 0; i < N; i++) {
            Go.scope(body);
          }
          return Workloads.check("children run", N, ran.get());
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jGoJoin(Go4jRuntime s) throws Exception {
    return Watchdog.go4j(
        "ScopeBenchmark.go4jGoJoin",
        s.rt,
        () -> {
          AtomicLong ran = new AtomicLong();
          Runnable child = ran::incrementAndGet;
          for (int i = 0; i < N; i++) {
            Go.go(child).join();
          }
          return Workloads.check("goroutines run", N, ran.get());
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {
        BenchFlags.ADD_OPENS,
        BenchFlags.NO_TRACK,
        BenchFlags.JDK_PARALLELISM,
        ENABLE_PREVIEW
      })
  public long jdkStructuredTaskScope() throws Exception {
    return Watchdog.virtual(
        "ScopeBenchmark.jdkStructuredTaskScope", ScopeBenchmarkPreview::structuredTaskScope);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdkThreadJoin() throws Exception {
    return Watchdog.virtual(
        "ScopeBenchmark.jdkThreadJoin",
        () -> {
          AtomicLong ran = new AtomicLong();
          Runnable child = ran::incrementAndGet;
          for (int i = 0; i < N; i++) {
            Thread.startVirtualThread(child).join();
          }
          return Workloads.check("threads run", N, ran.get());
        });
  }
}
