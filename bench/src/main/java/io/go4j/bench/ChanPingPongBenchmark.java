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
 * Channels workload 1, pingpong: 1,000,000 round trips over two unbuffered channels; score in ns
 * per round trip. The main goroutine sends the ball on {@code there} and waits for it on {@code
 * back}; one spawned goroutine sends back what it receives (bench/go: {@code chan pingpong}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChanPingPongBenchmark.N)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class ChanPingPongBenchmark {
  static final int N = 1_000_000;

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    return roundTrips("ChanPingPongBenchmark.go4j", Spawner.of(s.rt), N);
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
    return roundTrips("ChanPingPongBenchmark.go4jOnTrivialScheduler", t, N);
  }

  /**
   * {@code n} round trips between a goroutine {@code on} runs and one it starts, over two
   * unbuffered channels, under the watchdog named {@code label}.
   */
  static long roundTrips(String label, Spawner on, int n) throws Exception {
    return on.main(
        label,
        () -> {
          Chan<Integer> there = chan();
          Chan<Integer> back = chan();
          on.go(
              () -> {
                for (int i = 0; i < n; i++) {
                  back.send(there.recv());
                }
              });
          long rounds = 0;
          for (int i = 0; i < n; i++) {
            there.send(Workloads.ONE);
            rounds += back.recv();
          }
          return Workloads.check("round trips", n, rounds);
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jox() throws Exception {
    return Watchdog.virtual(
        "ChanPingPongBenchmark.jox",
        () -> {
          Channel<Integer> there = Channel.newRendezvousChannel();
          Channel<Integer> back = Channel.newRendezvousChannel();
          Thread pong =
              Workloads.startVirtual(
                  () -> {
                    for (int i = 0; i < N; i++) {
                      back.send(there.receive());
                    }
                  });
          long rounds = 0;
          for (int i = 0; i < N; i++) {
            there.send(Workloads.ONE);
            rounds += back.receive();
          }
          pong.join();
          return Workloads.check("round trips", N, rounds);
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk() throws Exception {
    return Watchdog.virtual(
        "ChanPingPongBenchmark.jdk",
        () -> {
          SynchronousQueue<Integer> there = new SynchronousQueue<>();
          SynchronousQueue<Integer> back = new SynchronousQueue<>();
          Thread pong =
              Workloads.startVirtual(
                  () -> {
                    for (int i = 0; i < N; i++) {
                      back.put(there.take());
                    }
                  });
          long rounds = 0;
          for (int i = 0; i < N; i++) {
            there.put(Workloads.ONE);
            rounds += back.take();
          }
          pong.join();
          return Workloads.check("round trips", N, rounds);
        });
  }
}
