package io.go4j.bench;

import static io.go4j.Go.chan;

import com.softwaremill.jox.Channel;
import io.go4j.channels.Chan;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
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
 * Channels workload 6, parallel: 10,000 sender/receiver pairs, each pair with its own unbuffered
 * channel over which the sender sends 1,000 values; each receiver then sends its count on a
 * results channel buffered for all of them, which the main goroutine drains; score in ns per value
 * (10,000,000 values; the 20,000 spawns are inside the timing). bench/go: {@code chan parallel}.
 * jox gets fewer iterations (its rendezvous spinning makes it ~10× slower here).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChanParallelBenchmark.OPS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class ChanParallelBenchmark {
  static final int PAIRS = 10_000;
  static final int VALUES = 1_000;
  static final int OPS = PAIRS * VALUES;

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    return go4jPairs("ChanParallelBenchmark.go4j", Spawner.of(s.rt));
  }

  /**
   * The same go4j workload on {@link TrivialScheduler}'s one carrier: its floor on JDK virtual
   * threads (the channels report's floor row).
   */
  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jOnTrivialScheduler(TrivialScheduler t) throws Exception {
    return go4jPairs("ChanParallelBenchmark.go4jOnTrivialScheduler", t);
  }

  private static long go4jPairs(String what, Spawner on) throws Exception {
    return on.main(
        what,
        () -> {
          Chan<Long> results = chan(PAIRS);
          for (int p = 0; p < PAIRS; p++) {
            Chan<Integer> ch = chan();
            on.go(
                () -> {
                  long n = 0;
                  for (int v = 0; v < VALUES; v++) {
                    n += ch.recv();
                  }
                  results.send(n);
                });
            on.go(
                () -> {
                  for (int v = 0; v < VALUES; v++) {
                    ch.send(Workloads.ONE);
                  }
                });
          }
          long sum = 0;
          for (int p = 0; p < PAIRS; p++) {
            sum += results.recv();
          }
          return Workloads.check("values", OPS, sum);
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  @Warmup(iterations = 1)
  @Measurement(iterations = 2)
  public long jox() throws Exception {
    return Watchdog.virtual(
        "ChanParallelBenchmark.jox",
        () -> {
          Channel<Long> results = Channel.newBufferedChannel(PAIRS);
          for (int p = 0; p < PAIRS; p++) {
            Channel<Integer> ch = Channel.newRendezvousChannel();
            Workloads.startVirtual(
                () -> {
                  long n = 0;
                  for (int v = 0; v < VALUES; v++) {
                    n += ch.receive();
                  }
                  results.send(n);
                });
            Workloads.startVirtual(
                () -> {
                  for (int v = 0; v < VALUES; v++) {
                    ch.send(Workloads.ONE);
                  }
                });
          }
          long sum = 0;
          for (int p = 0; p < PAIRS; p++) {
            sum += results.receive();
          }
          return Workloads.check("values", OPS, sum);
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk() throws Exception {
    return Watchdog.virtual(
        "ChanParallelBenchmark.jdk",
        () -> {
          ArrayBlockingQueue<Long> results = new ArrayBlockingQueue<>(PAIRS);
          for (int p = 0; p < PAIRS; p++) {
            SynchronousQueue<Integer> ch = new SynchronousQueue<>();
            Workloads.startVirtual(
                () -> {
                  long n = 0;
                  for (int v = 0; v < VALUES; v++) {
                    n += ch.take();
                  }
                  results.put(n);
                });
            Workloads.startVirtual(
                () -> {
                  for (int v = 0; v < VALUES; v++) {
                    ch.put(Workloads.ONE);
                  }
                });
          }
          long sum = 0;
          for (int p = 0; p < PAIRS; p++) {
            sum += results.take();
          }
          return Workloads.check("values", OPS, sum);
        });
  }
}
