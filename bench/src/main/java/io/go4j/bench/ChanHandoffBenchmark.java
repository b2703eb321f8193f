package io.go4j.bench;

import static io.go4j.Go.chan;

import com.softwaremill.jox.Channel;
import io.go4j.channels.Chan;
import java.util.concurrent.BlockingQueue;
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
 * Channels workload 2, handoff: one spawned goroutine sends 1,000,000 values on an unbuffered
 * channel, the main goroutine receives them; score in ns per value (bench/go: {@code chan
 * handoff}). {@link ChanBufferedBenchmark} is the same with a buffer.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChanHandoffBenchmark.N)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class ChanHandoffBenchmark {
  static final int N = 1_000_000;

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    return go4jOneToOne("ChanHandoffBenchmark.go4j", Spawner.of(s.rt), chan(), N);
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
    return go4jOneToOne("ChanHandoffBenchmark.go4jOnTrivialScheduler", t, chan(), N);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jox() throws Exception {
    return joxOneToOne("ChanHandoffBenchmark.jox", Channel.newRendezvousChannel(), N);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk() throws Exception {
    return jdkOneToOne("ChanHandoffBenchmark.jdk", new SynchronousQueue<>(), N);
  }

  /** A spawned sender sends {@code n} values on {@code ch}; the main goroutine receives them. */
  static long go4jOneToOne(String what, Spawner on, Chan<Integer> ch, int n) throws Exception {
    return on.main(
        what,
        () -> {
          on.go(
              () -> {
                for (int i = 0; i < n; i++) {
                  ch.send(Workloads.ONE);
                }
              });
          long sum = 0;
          for (int i = 0; i < n; i++) {
            sum += ch.recv();
          }
          return Workloads.check("values", n, sum);
        });
  }

  static long joxOneToOne(String what, Channel<Integer> ch, int n) throws Exception {
    return Watchdog.virtual(
        what,
        () -> {
          Thread sender =
              Workloads.startVirtual(
                  () -> {
                    for (int i = 0; i < n; i++) {
                      ch.send(Workloads.ONE);
                    }
                  });
          long sum = 0;
          for (int i = 0; i < n; i++) {
            sum += ch.receive();
          }
          sender.join();
          return Workloads.check("values", n, sum);
        });
  }

  static long jdkOneToOne(String what, BlockingQueue<Integer> q, int n) throws Exception {
    return Watchdog.virtual(
        what,
        () -> {
          Thread sender =
              Workloads.startVirtual(
                  () -> {
                    for (int i = 0; i < n; i++) {
                      q.put(Workloads.ONE);
                    }
                  });
          long sum = 0;
          for (int i = 0; i < n; i++) {
            sum += q.take();
          }
          sender.join();
          return Workloads.check("values", n, sum);
        });
  }
}
