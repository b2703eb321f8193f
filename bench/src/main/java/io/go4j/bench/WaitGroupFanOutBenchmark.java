package io.go4j.bench;

import io.go4j.Go;
import io.go4j.sync.WaitGroup;
import java.util.concurrent.CountDownLatch;
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
 * Sync workload 3, WaitGroup fan-out/fan-in: the main goroutine starts 100,000 goroutines, each
 * incrementing a shared atomic counter, and waits for all of them; the counter must then be
 * 100,000. Score in ns per goroutine (the run's time over 100,000). go4j two ways, on its runtime
 * with GOMAXPROCS=2:
 *
 * <ul>
 *   <li>{@code go4jAddDone}: {@code wg.add(1); Go.go(() -> {...; wg.done();})} for each, then
 *       {@code wg.await()};
 *   <li>{@code go4jGo}: {@code wg.go(() -> ...)} for each, then {@code wg.await()};
 * </ul>
 *
 * the JDK: 100,000 virtual threads of the default scheduler (parallelism 2) counting down one
 * {@code CountDownLatch}, awaited by the main virtual thread; Go: {@code wg.Add(1); go func() {...;
 * wg.Done()}()} for each, then {@code wg.Wait()}, GOMAXPROCS=2 (bench/go: {@code sync waitGroup};
 * Go 1.19 has no {@code WaitGroup.Go}). Target: go4j ≤ Go.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WaitGroupFanOutBenchmark.N)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class WaitGroupFanOutBenchmark {
  static final int N = 100_000;

  /**
   * Three forks, not one: a run of 100,000 spawns is dominated by young collections, whose timing
   * differs a lot from fork to fork (single iterations range over 4×), and this row's target is a
   * fine one (≤ Go).
   */
  static final int FORKS = 3;

  @Benchmark
  @Fork(
      value = WaitGroupFanOutBenchmark.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jAddDone(Go4jRuntime s) throws Exception {
    return Watchdog.go4j(
        "WaitGroupFanOutBenchmark.go4jAddDone",
        s.rt,
        () -> {
          WaitGroup wg = new WaitGroup();
          AtomicLong ran = new AtomicLong();
          for (int i = 0; i < N; i++) {
            wg.add(1);
            Go.go(
                () -> {
                  ran.incrementAndGet();
                  wg.done();
                });
          }
          wg.await();
          return Workloads.check("goroutines run", N, ran.get());
        });
  }

  @Benchmark
  @Fork(
      value = WaitGroupFanOutBenchmark.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jGo(Go4jRuntime s) throws Exception {
    return Watchdog.go4j(
        "WaitGroupFanOutBenchmark.go4jGo",
        s.rt,
        () -> {
          WaitGroup wg = new WaitGroup();
          AtomicLong ran = new AtomicLong();
          for (int i = 0; i < N; i++) {
            wg.go(ran::incrementAndGet);
          }
          wg.await();
          return Workloads.check("goroutines run", N, ran.get());
        });
  }

  @Benchmark
  @Fork(
      value = WaitGroupFanOutBenchmark.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk() throws Exception {
    return Watchdog.virtual(
        "WaitGroupFanOutBenchmark.jdk",
        () -> {
          CountDownLatch latch = new CountDownLatch(N);
          AtomicLong ran = new AtomicLong();
          for (int i = 0; i < N; i++) {
            Thread.startVirtualThread(
                () -> {
                  ran.incrementAndGet();
                  latch.countDown();
                });
          }
          latch.await();
          return Workloads.check("threads run", N, ran.get());
        });
  }
}
