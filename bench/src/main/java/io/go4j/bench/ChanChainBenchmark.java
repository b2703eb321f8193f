package io.go4j.bench;

import static io.go4j.Go.chan;

import com.softwaremill.jox.Channel;
import io.go4j.channels.Chan;
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
 * Channels workload 5, chain: 10,000 unbuffered channels {@code c[0..9999]} through 10,001
 * goroutines: a source sends 1,000 values into {@code c[0]}, 9,999 relays each pass 1,000 values
 * from {@code c[i-1]} to {@code c[i]}, and the main goroutine receives them from {@code c[9999]};
 * score in ns per value per hop (10,000 hops per value; the 10,001 spawns are inside the timing).
 * bench/go: {@code chan chain}. jox spins before parking on a rendezvous channel, which with
 * thousands of threads on 2 carriers makes it ~10× slower here, so it gets fewer iterations.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChanChainBenchmark.OPS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class ChanChainBenchmark {
  static final int CHANNELS = 10_000;
  static final int VALUES = 1_000;
  static final int OPS = CHANNELS * VALUES;

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    return go4jChain("ChanChainBenchmark.go4j", Spawner.of(s.rt));
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
    return go4jChain("ChanChainBenchmark.go4jOnTrivialScheduler", t);
  }

  private static long go4jChain(String what, Spawner on) throws Exception {
    return on.main(
        what,
        () -> {
          Chan<Integer> first = chan();
          on.go(
              () -> {
                for (int v = 0; v < VALUES; v++) {
                  first.send(Workloads.ONE);
                }
              });
          Chan<Integer> in = first;
          for (int i = 1; i < CHANNELS; i++) {
            Chan<Integer> from = in;
            Chan<Integer> to = chan();
            on.go(
                () -> {
                  for (int v = 0; v < VALUES; v++) {
                    to.send(from.recv());
                  }
                });
            in = to;
          }
          long sum = 0;
          for (int v = 0; v < VALUES; v++) {
            sum += in.recv();
          }
          return Workloads.check("values", VALUES, sum);
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
        "ChanChainBenchmark.jox",
        () -> {
          Channel<Integer> first = Channel.newRendezvousChannel();
          Workloads.startVirtual(
              () -> {
                for (int v = 0; v < VALUES; v++) {
                  first.send(Workloads.ONE);
                }
              });
          Channel<Integer> in = first;
          for (int i = 1; i < CHANNELS; i++) {
            Channel<Integer> from = in;
            Channel<Integer> to = Channel.newRendezvousChannel();
            Workloads.startVirtual(
                () -> {
                  for (int v = 0; v < VALUES; v++) {
                    to.send(from.receive());
                  }
                });
            in = to;
          }
          long sum = 0;
          for (int v = 0; v < VALUES; v++) {
            sum += in.receive();
          }
          return Workloads.check("values", VALUES, sum);
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk() throws Exception {
    return Watchdog.virtual(
        "ChanChainBenchmark.jdk",
        () -> {
          SynchronousQueue<Integer> first = new SynchronousQueue<>();
          Workloads.startVirtual(
              () -> {
                for (int v = 0; v < VALUES; v++) {
                  first.put(Workloads.ONE);
                }
              });
          SynchronousQueue<Integer> in = first;
          for (int i = 1; i < CHANNELS; i++) {
            SynchronousQueue<Integer> from = in;
            SynchronousQueue<Integer> to = new SynchronousQueue<>();
            Workloads.startVirtual(
                () -> {
                  for (int v = 0; v < VALUES; v++) {
                    to.put(from.take());
                  }
                });
            in = to;
          }
          long sum = 0;
          for (int v = 0; v < VALUES; v++) {
            sum += in.take();
          }
          return Workloads.check("values", VALUES, sum);
        });
  }
}
