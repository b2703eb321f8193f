package io.go4j.bench;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.spi.Park;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * Spawn 1,000,000 goroutines from a goroutine, each incrementing a shared counter, and wait for all
 * of them; score in ns per goroutine. Two ways of waiting:
 *
 * <ul>
 *   <li>{@code *Wait}: a countdown whose last goroutine readies the waiter, which parks until it
 *       reaches zero: what Go's {@code sync.WaitGroup} does (bench/go: {@code spawn});
 *   <li>{@code *Join}: keep every handle and join them one by one ({@code Goroutine.join}, {@code
 *       Thread.join}); Go has no join.
 * </ul>
 *
 * go4j runs on its own runtime with GOMAXPROCS=2; the JDK on its default scheduler with parallelism
 * 2, spawning from a virtual thread.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchFlags.N)
@Warmup(iterations = 4)
@Measurement(iterations = 6)
// an iteration takes well under a second: a minute means a hang (JMH interrupts it, and reports)
@Timeout(time = 60)
public class SpawnBenchmark {
  private static final int N = BenchFlags.N;

  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jSpawnWait(Go4jRuntime s) {
    GoRuntime rt = s.rt;
    AtomicLong counter = new AtomicLong();
    rt.main(
        () -> {
          Goroutine waiter = GoRuntime.current();
          AtomicInteger remaining = new AtomicInteger(N);
          Runnable task =
              () -> {
                counter.incrementAndGet();
                if (remaining.decrementAndGet() == 0) {
                  Park.ready(waiter);
                }
              };
          for (int i = 0; i < N; i++) {
            rt.go(task);
          }
          while (remaining.get() != 0) {
            Park.park("semacquire");
          }
        });
    return check(counter.get());
  }

  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jSpawnJoin(Go4jRuntime s) {
    GoRuntime rt = s.rt;
    AtomicLong counter = new AtomicLong();
    rt.main(
        () -> {
          Runnable task = counter::incrementAndGet;
          Goroutine[] gs = new Goroutine[N];
          for (int i = 0; i < N; i++) {
            gs[i] = rt.go(task);
          }
          for (Goroutine g : gs) {
            g.join();
          }
        });
    return check(counter.get());
  }

  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdkSpawnWait() throws InterruptedException {
    AtomicLong counter = new AtomicLong();
    Thread main =
        Thread.ofVirtual()
            .start(
                () -> {
                  Thread waiter = Thread.currentThread();
                  AtomicInteger remaining = new AtomicInteger(N);
                  Runnable task =
                      () -> {
                        counter.incrementAndGet();
                        if (remaining.decrementAndGet() == 0) {
                          LockSupport.unpark(waiter);
                        }
                      };
                  for (int i = 0; i < N; i++) {
                    Thread.startVirtualThread(task);
                  }
                  while (remaining.get() != 0) {
                    LockSupport.park(this);
                  }
                });
    main.join();
    return check(counter.get());
  }

  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdkSpawnJoin() throws InterruptedException {
    AtomicLong counter = new AtomicLong();
    Thread main =
        Thread.ofVirtual()
            .start(
                () -> {
                  Runnable task = counter::incrementAndGet;
                  Thread[] ts = new Thread[N];
                  for (int i = 0; i < N; i++) {
                    ts[i] = Thread.startVirtualThread(task);
                  }
                  try {
                    for (Thread t : ts) {
                      t.join();
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                  }
                });
    main.join();
    return check(counter.get());
  }

  private static long check(long count) {
    if (count != N) {
      throw new IllegalStateException("expected " + N + " increments, got " + count);
    }
    return count;
  }
}
