package io.go4j.bench;

import io.go4j.sync.PiMutex;
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
 * Priority workload 1: {@link MutexUncontendedBenchmark}'s loop (one goroutine, 10,000,000 × lock,
 * increment, unlock) on go4j's priority-inheritance {@code io.go4j.sync.PiMutex}; score in ns per
 * lock/unlock pair. bench/run.sh --priority runs it in the same run as {@link
 * MutexUncontendedBenchmark} (go4j {@code Mutex}, {@code ReentrantLock}). Target: ≤ 1.5 × go4j's
 * {@code Mutex}. The loop is written out with the concrete type, as the Mutex one is, so that both
 * measure the same code shape.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(MutexUncontendedBenchmark.N)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class PiMutexUncontendedBenchmark {
  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4j(Go4jRuntime s) throws Exception {
    return Watchdog.go4j(
        "PiMutexUncontendedBenchmark.go4j",
        s.rt,
        () -> {
          PiMutex mu = new PiMutex();
          Workloads.Counter c = new Workloads.Counter();
          for (int i = 0; i < MutexUncontendedBenchmark.N; i++) {
            mu.lock();
            try {
              c.n++;
            } finally {
              mu.unlock();
            }
          }
          mu.lock();
          try {
            return Workloads.check("increments", MutexUncontendedBenchmark.N, c.n);
          } finally {
            mu.unlock();
          }
        });
  }
}
