package io.go4j.bench;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.spi.Park;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
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
 * 1,000,000 round trips between two goroutines; score in ns per round trip.
 *
 * <ul>
 *   <li>{@code go4jParkReady}: the two hand a turn back and forth through a volatile flag, each
 *       readying the other with {@code Park.ready} and parking with {@code Park.park} until the
 *       turn is its own: the scheduler's raw block/wake cost, which channels build on;
 *   <li>{@code jdkSynchronousQueue}: two virtual threads, two {@code SynchronousQueue}s (the JDK
 *       row of BENCHMARKS-PEERS.md; Go: two unbuffered channels, bench/go {@code pingpong});
 *   <li>{@code jdkLockSupport}: the go4j protocol on JDK virtual threads with {@code
 *       LockSupport.park/unpark};
 *   <li>{@code go4jParkReadyOneP}: {@code go4jParkReady} with GOMAXPROCS=1, against {@code
 *       rawContinuations}, the JDK's bare continuation switch on one thread, and Go's channel
 *       ping-pong with GOMAXPROCS=1: what one carrier can do.
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BenchFlags.N)
@Warmup(iterations = 4)
@Measurement(iterations = 6)
// an iteration takes well under a second: a minute means a hang (JMH interrupts it, and reports)
@Timeout(time = 60)
public class PingPongBenchmark {
  private static final int N = BenchFlags.N;
  private static final Integer BALL = 1;

  /** Whose turn it is (0: ping, 1: pong) and the ping side, published before its first turn. */
  private static final class Table<T> {
    volatile int turn;
    volatile T ping;
    volatile long rounds;
  }

  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jParkReady(Go4jRuntime s) {
    return parkReady(s.rt);
  }

  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long go4jParkReadyOneP(Go4jRuntime.OneP s) {
    return parkReady(s.rt);
  }

  /**
   * The floor of a switch on one carrier: two bare JDK continuations (what a virtual thread runs
   * on) taking turns on this thread, each incrementing a counter and yielding. A round trip is two
   * yields and two resumes and nothing else: no scheduler, no park protocol, no thread state.
   */
  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.ADD_EXPORTS_VM})
  public long rawContinuations() throws Throwable {
    Object scope = RawContinuation.NEW_SCOPE.invoke("pingpong");
    long[] turns = new long[2];
    Object ping = RawContinuation.taking(scope, turns, 0);
    Object pong = RawContinuation.taking(scope, turns, 1);
    for (int i = 0; i < N; i++) {
      RawContinuation.RUN.invoke(ping);
      RawContinuation.RUN.invoke(pong);
    }
    check(turns[1]);
    return check(turns[0]);
  }

  /**
   * {@code jdk.internal.vm.Continuation} through method handles (the package is exported to the
   * benchmark's fork only, by {@link BenchFlags#ADD_EXPORTS_VM}).
   */
  private static final class RawContinuation {
    static final MethodHandle NEW_SCOPE;
    static final MethodHandle NEW;
    static final MethodHandle RUN;
    static final MethodHandle YIELD;

    static {
      try {
        Class<?> scope = Class.forName("jdk.internal.vm.ContinuationScope");
        Class<?> cont = Class.forName("jdk.internal.vm.Continuation");
        MethodHandles.Lookup l = MethodHandles.lookup();
        NEW_SCOPE = l.findConstructor(scope, MethodType.methodType(void.class, String.class));
        NEW = l.findConstructor(cont, MethodType.methodType(void.class, scope, Runnable.class));
        RUN = l.findVirtual(cont, "run", MethodType.methodType(void.class));
        YIELD = l.findStatic(cont, "yield", MethodType.methodType(boolean.class, scope));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /** A continuation that counts {@code turns[side]} up and yields, forever. */
    static Object taking(Object scope, long[] turns, int side) throws Throwable {
      Runnable body =
          () -> {
            while (true) {
              turns[side]++;
              try {
                YIELD.invoke(scope);
              } catch (Throwable e) {
                throw new IllegalStateException(e);
              }
            }
          };
      return NEW.invoke(scope, body);
    }

    private RawContinuation() {}
  }

  /** 1M round trips of two goroutines of {@code rt} through {@code Park.ready}/{@code Park.park}. */
  private static long parkReady(GoRuntime rt) {
    Table<Goroutine> t = new Table<>();
    rt.main(
        () -> {
          Goroutine pong =
              rt.go(
                  () -> {
                    for (int i = 0; i < N; i++) {
                      while (t.turn != 1) {
                        Park.park("chan receive");
                      }
                      t.turn = 0;
                      Park.ready(t.ping);
                    }
                  });
          Goroutine ping =
              rt.go(
                  () -> {
                    t.ping = GoRuntime.current();
                    long rounds = 0;
                    for (int i = 0; i < N; i++) {
                      t.turn = 1;
                      Park.ready(pong);
                      while (t.turn != 0) {
                        Park.park("chan receive");
                      }
                      rounds++;
                    }
                    t.rounds = rounds;
                  });
          ping.join();
          pong.join();
        });
    return check(t.rounds);
  }

  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdkLockSupport() throws InterruptedException {
    return lockSupportPingPong(Thread.ofVirtual()::unstarted);
  }

  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK, BenchFlags.JDK_PARALLELISM})
  public long jdkSynchronousQueue() throws InterruptedException {
    SynchronousQueue<Integer> there = new SynchronousQueue<>();
    SynchronousQueue<Integer> back = new SynchronousQueue<>();
    Table<Thread> t = new Table<>();
    Thread pong =
        Thread.startVirtualThread(
            () -> {
              try {
                for (int i = 0; i < N; i++) {
                  back.put(there.take());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Thread ping =
        Thread.startVirtualThread(
            () -> {
              long rounds = 0;
              try {
                for (int i = 0; i < N; i++) {
                  there.put(BALL);
                  if (back.take() != null) {
                    rounds++;
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              t.rounds = rounds;
            });
    ping.join();
    pong.join();
    return check(t.rounds);
  }

  @Benchmark
  @Fork(
      value = 2,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long trivialSchedulerLockSupport(TrivialScheduler sched) throws InterruptedException {
    return lockSupportPingPong(sched::newThread);
  }

  /** go4j's park/ready protocol with {@code LockSupport}, on virtual threads made by {@code newThread}. */
  private static long lockSupportPingPong(Function<Runnable, Thread> newThread)
      throws InterruptedException {
    Table<Thread> t = new Table<>();
    Thread pong =
        newThread.apply(
            () -> {
              for (int i = 0; i < N; i++) {
                while (t.turn != 1) {
                  LockSupport.park(t);
                }
                t.turn = 0;
                LockSupport.unpark(t.ping);
              }
            });
    Thread ping =
        newThread.apply(
            () -> {
              long rounds = 0;
              for (int i = 0; i < N; i++) {
                t.turn = 1;
                LockSupport.unpark(pong);
                while (t.turn != 0) {
                  LockSupport.park(t);
                }
                rounds++;
              }
              t.rounds = rounds;
            });
    t.ping = ping;
    pong.start();
    ping.start();
    ping.join();
    pong.join();
    return check(t.rounds);
  }

  private static long check(long rounds) {
    if (rounds != N) {
      throw new IllegalStateException("expected " + N + " round trips, got " + rounds);
    }
    return rounds;
  }
}
