package io.go4j.bench;

import static io.go4j.Go.chan;
import static io.go4j.Go.select;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.Select;
import io.go4j.channels.Chan;
import java.util.List;
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
 * Channels workload 4, select2: two spawned goroutines each send 500,000 values on their own
 * unbuffered channel; the main goroutine runs 1,000,000 two-case selects receiving from either;
 * score in ns per select (bench/go: {@code chan select2}). go4j builds the {@code Select} once and
 * runs it a million times (its intended fast form); jox: {@code Select.select(a.receiveClause(),
 * b.receiveClause())}. The JDK has no select.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChanSelectBenchmark.N)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class ChanSelectBenchmark {
  static final int N = 1_000_000;

  /** What the select's case bodies add to; only the main goroutine touches it. */
  private static final class Sum {
    long a;
    long b;
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    return go4jSelect("ChanSelectBenchmark.go4j", Spawner.of(s.rt));
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
    return go4jSelect("ChanSelectBenchmark.go4jOnTrivialScheduler", t);
  }

  private static long go4jSelect(String what, Spawner on) throws Exception {
    return on.main(
        what,
        () -> {
          Chan<Integer> a = chan();
          Chan<Integer> b = chan();
          for (Chan<Integer> ch : List.of(a, b)) {
            on.go(
                () -> {
                  for (int i = 0; i < N / 2; i++) {
                    ch.send(Workloads.ONE);
                  }
                });
          }
          Sum sum = new Sum();
          io.go4j.select.Select sel = select().recv(a, v -> sum.a += v).recv(b, v -> sum.b += v);
          for (int i = 0; i < N; i++) {
            sel.run();
          }
          Workloads.check("values from a", N / 2, sum.a);
          return Workloads.check("selects", N, sum.a + sum.b);
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jox() throws Exception {
    return Watchdog.virtual(
        "ChanSelectBenchmark.jox",
        () -> {
          Channel<Integer> a = Channel.newRendezvousChannel();
          Channel<Integer> b = Channel.newRendezvousChannel();
          Thread sa = sender(a);
          Thread sb = sender(b);
          long sum = 0;
          for (int i = 0; i < N; i++) {
            sum += Select.select(a.receiveClause(), b.receiveClause());
          }
          sa.join();
          sb.join();
          return Workloads.check("selects", N, sum);
        });
  }

  private static Thread sender(Channel<Integer> ch) {
    return Workloads.startVirtual(
        () -> {
          for (int i = 0; i < N / 2; i++) {
            ch.send(Workloads.ONE);
          }
        });
  }
}
