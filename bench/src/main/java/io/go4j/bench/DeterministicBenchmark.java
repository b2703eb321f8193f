package io.go4j.bench;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.spi.Decider;
import io.go4j.runtime.spi.Timebase;
import io.go4j.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the testkit's runtimes cost (bench/run.sh --testkit): the same workloads on a normal go4j
 * runtime with GOMAXPROCS 1 and 2, on a virtual-time runtime (synctest's bubble, GOMAXPROCS 2), and
 * on a deterministic runtime (one P, one carrier, every scheduling choice taken by a {@link
 * Decider}) under two deciders: always the default (FIFO, no preemption: the cheapest a decider can
 * be) and a seeded uniform random walk (a preemption at almost every step, as the testkit's {@code
 * Schedule.seed} explores). The runtime kind is the {@link Kind} parameter. Tests written with the
 * testkit pay the deterministic carrier's overhead on every operation, so this says how much
 * slower a program runs under exploration than in production, and how fast the bubble moves its
 * clock.
 *
 * <ul>
 *   <li>{@code pingPong}: {@value #ROUND_TRIPS} round trips over two unbuffered channels between
 *       the main goroutine and one other (as {@link ChanPingPongBenchmark}); ns per round trip.
 *   <li>{@code spawnJoin1k}, {@code spawnJoin10k}: the main goroutine starts a batch of 1,000
 *       (10,000) goroutines, each incrementing an atomic counter and calling {@code
 *       WaitGroup.done}, and waits for all; 10 batches (1) per invocation; ns per goroutine. Two
 *       sizes, because a deterministic step's cost grows with the number of runnable goroutines
 *       (every step hands the decider all of their ids).
 *   <li>{@code sleepVirtual}: {@value #VIRTUAL_SLEEPS} {@code sleep(1 ms)} in a row on the kinds
 *       with a virtual clock: ns of real time per virtual sleep, how fast the bubble detects that
 *       every goroutine is blocked and jumps to the next timer. The clock must have moved by
 *       exactly that many ms.
 *   <li>{@code sleepReal}: {@value #REAL_SLEEPS} {@code sleep(1 ms)} on the normal runtimes, to
 *       show that the same call costs a real millisecond there.
 * </ul>
 *
 * <p>Every invocation runs on a runtime built once per trial (fork), as the main goroutine
 * ({@link Watchdog#go4j}, which turns a hang into a failed benchmark with a goroutine dump), and
 * checks its result. JMH AverageTime over 1 s iterations rather than single shots: an invocation
 * takes from ~10 ms (1,000 goroutines on a normal runtime, where {@code main}'s own ~35 µs stays
 * under 1 %) to ~1 s (10,000 on the FIFO deterministic runtime), and the JIT needs many of the
 * short ones to warm up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
@Fork(
    value = Workloads.FORKS,
    jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
public class DeterministicBenchmark {
  static final int ROUND_TRIPS = 100_000;
  static final int SMALL_BATCH = 1_000;
  static final int SMALL_BATCHES = 10;
  static final int LARGE_BATCH = 10_000;
  static final int VIRTUAL_SLEEPS = 10_000;
  static final int REAL_SLEEPS = 100;
  private static final Duration MS = Duration.ofMillis(1);

  /** The seed of the random-walk decider (each fork starts from it). */
  static final long SEED = 0x9047L;

  /** A runtime kind, the benchmarks' parameter. */
  public enum Kind {
    /** A normal runtime, GOMAXPROCS=1: the baseline. */
    procs1,
    /** A normal runtime, GOMAXPROCS=2. */
    procs2,
    /** {@code virtualTime(true)}, GOMAXPROCS=2. */
    virtualTime,
    /** {@code deterministic(decider)} with a decider that always answers 0. */
    deterministicFifo,
    /** {@code deterministic(decider)} with a seeded uniform random walk. */
    deterministicRandom;

    GoRuntime build() {
      GoRuntime.Builder b = GoRuntime.builder().name("tk-" + name());
      return switch (this) {
        case procs1 -> b.maxProcs(1).build();
        case procs2 -> b.maxProcs(2).build();
        case virtualTime -> b.maxProcs(2).virtualTime(true).build();
        case deterministicFifo -> b.deterministic(new Fifo()).build();
        case deterministicRandom -> b.deterministic(Decider.randomWalk(SEED)).build();
      };
    }
  }

  /** Always the default choice: the running goroutine goes on, else the longest runnable. */
  static final class Fifo implements Decider {
    @Override
    public int pick(Candidates candidates) {
      return 0;
    }

    @Override
    public int random(int n) {
      return 0;
    }

    @Override
    public void event(long goroutine, String op) {}
  }

  /** The runtime of one trial, of the kind its subclass's parameter names. */
  public abstract static class RuntimeOfKind {
    GoRuntime rt;

    abstract Kind kind();

    @Setup(Level.Trial)
    public void start() {
      rt = kind().build();
    }

    @TearDown(Level.Trial)
    public void stop() {
      rt.close();
    }
  }

  /** A runtime of every kind. */
  @State(Scope.Benchmark)
  public static class AnyRuntime extends RuntimeOfKind {
    @Param public Kind kind;

    @Override
    Kind kind() {
      return kind;
    }
  }

  /** A runtime with a virtual clock. */
  @State(Scope.Benchmark)
  public static class VirtualRuntime extends RuntimeOfKind {
    @Param({"virtualTime", "deterministicFifo", "deterministicRandom"})
    public Kind kind;

    @Override
    Kind kind() {
      return kind;
    }
  }

  /** A runtime with the real clock. */
  @State(Scope.Benchmark)
  public static class RealRuntime extends RuntimeOfKind {
    @Param({"procs1", "procs2"})
    public Kind kind;

    @Override
    Kind kind() {
      return kind;
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUND_TRIPS)
  public long pingPong(AnyRuntime s) throws Exception {
    return ChanPingPongBenchmark.roundTrips(
        "DeterministicBenchmark.pingPong-" + s.kind, Spawner.of(s.rt), ROUND_TRIPS);
  }


  @Benchmark
  @OperationsPerInvocation(SMALL_BATCH * SMALL_BATCHES)
  public long spawnJoin1k(AnyRuntime s) throws Exception {
    return spawnJoin(s, "spawnJoin1k", SMALL_BATCH, SMALL_BATCHES);
  }

  @Benchmark
  @OperationsPerInvocation(LARGE_BATCH)
  public long spawnJoin10k(AnyRuntime s) throws Exception {
    return spawnJoin(s, "spawnJoin10k", LARGE_BATCH, 1);
  }

  /** {@code batches} times: start {@code n} goroutines, wait for them with a WaitGroup. */
  private static long spawnJoin(AnyRuntime s, String what, int n, int batches) throws Exception {
    GoRuntime rt = s.rt;
    return Watchdog.go4j(
        "DeterministicBenchmark." + what + "-" + s.kind,
        rt,
        () -> {
          AtomicLong ran = new AtomicLong();
          for (int b = 0; b < batches; b++) {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
              wg.add(1);
              rt.go(
                  () -> {
                    ran.incrementAndGet();
                    wg.done();
                  });
            }
            wg.await();
          }
          return Workloads.check("goroutines run", (long) n * batches, ran.get());
        });
  }

  @Benchmark
  @OperationsPerInvocation(VIRTUAL_SLEEPS)
  public long sleepVirtual(VirtualRuntime s) throws Exception {
    return sleeps("DeterministicBenchmark.sleepVirtual-" + s.kind, s.rt, VIRTUAL_SLEEPS, true);
  }

  @Benchmark
  @OperationsPerInvocation(REAL_SLEEPS)
  public long sleepReal(RealRuntime s) throws Exception {
    return sleeps("DeterministicBenchmark.sleepReal-" + s.kind, s.rt, REAL_SLEEPS, false);
  }

  /**
   * {@code n} sleeps of 1 ms in a row; on a virtual clock, checks that it moved by exactly {@code
   * n} ms, on the real one that it moved by at least that.
   */
  private static long sleeps(String what, GoRuntime rt, int n, boolean virtual) throws Exception {
    return Watchdog.go4j(
        what,
        rt,
        () -> {
          Timebase tb = Timebase.current();
          long start = tb.nanoTime();
          for (int i = 0; i < n; i++) {
            GoRuntime.sleep(MS);
          }
          long elapsed = tb.nanoTime() - start;
          long expected = n * MS.toNanos();
          if (virtual ? elapsed != expected : elapsed < expected) {
            throw new IllegalStateException(
                n + " sleeps of 1 ms moved the clock by " + elapsed + " ns, expected " + expected);
          }
          return elapsed;
        });
  }
}
