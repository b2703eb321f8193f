package io.go4j.bench;

import io.go4j.Go;
import io.go4j.runtime.Goroutine;
import io.go4j.sync.Mutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * Sync workload 2, contended lock: two goroutines share one lock and one counter; each loops
 * 2,500,000 times: lock, increment the counter, unlock. The main goroutine starts both and waits
 * for them; the counter must reach 5,000,000. Score in ns per lock/unlock pair (the run's time over
 * 5,000,000). go4j's {@code Mutex} with GOMAXPROCS=2; {@code ReentrantLock} (non-fair) between two
 * virtual threads of the JDK's default scheduler (parallelism 2); Go's {@code sync.Mutex} with two
 * goroutines, GOMAXPROCS=2 (bench/go: {@code sync mutexContended}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(MutexContendedBenchmark.N)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class MutexContendedBenchmark {
  /** Lock/unlock pairs per goroutine. */
  static final int PER = 2_500_000;

  /** Lock/unlock pairs per run. */
  static final int N = 2 * PER;

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    return Watchdog.go4j(
        "MutexContendedBenchmark.go4j",
        s.rt,
        () -> {
          Mutex mu = new Mutex();
          Workloads.Counter c = new Workloads.Counter();
          Runnable loop =
              () -> {
                for (int i = 0; i < PER; i++) {
                  mu.lock();
                  try {
                    c.n++;
                  } finally {
                    mu.unlock();
                  }
                }
              };
          Goroutine a = Go.go(loop);
          Goroutine b = Go.go(loop);
          a.join();
          b.join();
          mu.lock();
          try {
            return Workloads.check("increments", N, c.n);
          } finally {
            mu.unlock();
          }
        });
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdk() throws Exception {
    return Watchdog.virtual(
        "MutexContendedBenchmark.jdk",
        () -> {
          ReentrantLock mu = new ReentrantLock();
          Workloads.Counter c = new Workloads.Counter();
          Workloads.Body loop =
              () -> {
                for (int i = 0; i < PER; i++) {
                  mu.lock();
                  try {
                    c.n++;
                  } finally {
                    mu.unlock();
                  }
                }
              };
          Thread a = Workloads.startVirtual(loop);
          Thread b = Workloads.startVirtual(loop);
          a.join();
          b.join();
          mu.lock();
          try {
            return Workloads.check("increments", N, c.n);
          } finally {
            mu.unlock();
          }
        });
  }
}
