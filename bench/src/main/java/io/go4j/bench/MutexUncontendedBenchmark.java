package io.go4j.bench;

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
 * Sync workload 1, uncontended lock: one goroutine takes and releases a lock 10,000,000 times in a
 * row, incrementing a counter it guards each time; score in ns per lock/unlock pair. go4j's {@code
 * io.go4j.sync.Mutex} in the main goroutine of a go4j runtime; {@code ReentrantLock} (non-fair, the
 * default) on a JDK virtual thread; Go's {@code sync.Mutex} (bench/go: {@code sync
 * mutexUncontended}). Both Java loops release in a {@code finally}, as Java code does. Target: go4j
 * ≤ 1.2 × ReentrantLock.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(MutexUncontendedBenchmark.N)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class MutexUncontendedBenchmark {
  static final int N = 10_000_000;

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    return Watchdog.go4j(
        "MutexUncontendedBenchmark.go4j",
        s.rt,
        () -> {
          Mutex mu = new Mutex();
          Workloads.Counter c = new Workloads.Counter();
          for (int i = 0; i < N; i++) {
            mu.lock();
            try {
              c.n++;
            } finally {
              mu.unlock();
            }
          }
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
        "MutexUncontendedBenchmark.jdk",
        () -> {
          ReentrantLock mu = new ReentrantLock();
          Workloads.Counter c = new Workloads.Counter();
          for (int i = 0; i < N; i++) {
            mu.lock();
            try {
              c.n++;
            } finally {
              mu.unlock();
            }
          }
          mu.lock();
          try {
            return Workloads.check("increments", N, c.n);
          } finally {
            mu.unlock();
          }
        });
  }
}
