package io.go4j.bench;

import io.go4j.runtime.GoRuntime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a preemption point costs in a hot loop when sysmon has not asked the goroutine to yield: a
 * loop of {@value #LOOP} iterations summing an array, with and without {@code
 * GoRuntime.checkpoint()} in its body, run inside a goroutine (GOMAXPROCS=1, preemption off so
 * that no yield happens in either loop); score in ns per iteration.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(CheckpointBenchmark.LOOP)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
public class CheckpointBenchmark {
  static final int LOOP = 1_000_000;

  /** A one-P runtime and the data the loops read. */
  @State(Scope.Benchmark)
  public static class Rt {
    GoRuntime rt;
    final int[] data = new int[LOOP];

    @Setup(Level.Trial)
    public void start() {
      rt = GoRuntime.builder().name("checkpoint").maxProcs(1).preemption(false).build();
      for (int i = 0; i < LOOP; i++) {
        data[i] = i * 31;
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      rt.close();
    }
  }

  @Benchmark
  public long plainLoop(Rt s) {
    long[] sum = new long[1];
    s.rt.main(
        () -> {
          long acc = 0;
          for (int x : s.data) {
            acc += x;
          }
          sum[0] = acc;
        });
    return sum[0];
  }

  @Benchmark
  public long loopWithCheckpoint(Rt s) {
    long[] sum = new long[1];
    s.rt.main(
        () -> {
          long acc = 0;
          for (int x : s.data) {
            acc += x;
            GoRuntime.checkpoint();
          }
          sum[0] = acc;
        });
    return sum[0];
  }
}
