package io.go4j.bench;

import static io.go4j.Go.chan;

import com.softwaremill.jox.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * Channels workload 3, buffered 16 and buffered 100: {@link ChanHandoffBenchmark}'s 1 → 1 with a
 * buffer of 16 or 100 and 10,000,000 values; score in ns per value (bench/go: {@code chan
 * buffered16}, {@code chan buffered100}). JDK: {@code ArrayBlockingQueue}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChanBufferedBenchmark.N)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class ChanBufferedBenchmark {
  static final int N = 10_000_000;

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j16(Go4jRuntime s) throws Exception {
    return ChanHandoffBenchmark.go4jOneToOne(
        "ChanBufferedBenchmark.go4j16", Spawner.of(s.rt), chan(16), N);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j100(Go4jRuntime s) throws Exception {
    return ChanHandoffBenchmark.go4jOneToOne(
        "ChanBufferedBenchmark.go4j100", Spawner.of(s.rt), chan(100), N);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jox16() throws Exception {
    return ChanHandoffBenchmark.joxOneToOne(
        "ChanBufferedBenchmark.jox16", Channel.newBufferedChannel(16), N);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jox100() throws Exception {
    return ChanHandoffBenchmark.joxOneToOne(
        "ChanBufferedBenchmark.jox100", Channel.newBufferedChannel(100), N);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk16() throws Exception {
    return ChanHandoffBenchmark.jdkOneToOne(
        "ChanBufferedBenchmark.jdk16", new ArrayBlockingQueue<>(16), N);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk100() throws Exception {
    return ChanHandoffBenchmark.jdkOneToOne(
        "ChanBufferedBenchmark.jdk100", new ArrayBlockingQueue<>(100), N);
  }
}
