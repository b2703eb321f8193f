package io.go4j.bench;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.Priority;
import io.go4j.runtime.spi.Park;
import io.go4j.runtime.spi.Priorities;
import io.go4j.sync.PiMutex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * Priority workload 2, the cost of a priority-inheritance boost along a chain of depth d = 1, 4,
 * 16: LOW goroutines g1..gd, where g_i holds PiMutex L_i and waits for L_{i+1}, and gd holds L_d
 * and waits at a gate. Per round: the chain is built (gd first, each g_i queued on L_{i+1} before
 * g_{i-1} starts), a waiter calls {@code lock(L1)}, which queues it and walks the chain, then the
 * gate opens and the chain is released link by link (gd unlocks L_d, which goes to g_{d-1}, which
 * unlocks it and L_{d-1}, ...) until the waiter gets L1. Score: ns per round, {@value #ROUNDS}
 * rounds per invocation.
 *
 * <p>{@code boostD}: the waiter is HIGH, so its {@code lock} boosts all d goroutines to HIGH and
 * each unlock restores one link. {@code baseD}: the same round with a LOW waiter, which boosts
 * nobody (same goroutines, same parks, same PI bookkeeping minus the priority changes): boostD −
 * baseD is what the boost and its restoring cost. Every round checks, with {@code
 * Priorities.effective}: once the waiter is queued, every chain goroutine runs at the waiter's
 * priority (boostD) or at LOW (baseD); gd still has it when the gate opens; every g_i is back at
 * LOW right after its own last unlock; all are at LOW when the waiter has L1. A failed check fails
 * the benchmark.
 *
 * <p>A driver goroutine (LOW, the chain's band, so that its polling yields to the chain on its P)
 * sequences the round: it waits for each goroutine to be parked where it should be ({@code
 * Goroutine.state()} and {@code waitReason()}, polled with {@code gosched}), so the polling is part
 * of both variants' rounds.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(PiChainBoostBenchmark.ROUNDS)
@Warmup(iterations = 4)
@Measurement(iterations = 8)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
public class PiChainBoostBenchmark {
  static final int ROUNDS = 2_000;

  private static final String LOCK_REASON = "sync.Mutex.Lock";
  private static final String GATE_REASON = "bench gate";
  private static final String SIGNAL_REASON = "bench signal";

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long boost1(Go4jRuntime s) throws Exception {
    return run(s, "boost1", 1, Priority.HIGH);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long boost4(Go4jRuntime s) throws Exception {
    return run(s, "boost4", 4, Priority.HIGH);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long boost16(Go4jRuntime s) throws Exception {
    return run(s, "boost16", 16, Priority.HIGH);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long base1(Go4jRuntime s) throws Exception {
    return run(s, "base1", 1, Priority.LOW);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long base4(Go4jRuntime s) throws Exception {
    return run(s, "base4", 4, Priority.LOW);
  }

  @Benchmark
  @Fork(
      value = Workloads.FORKS,
      jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
  public long base16(Go4jRuntime s) throws Exception {
    return run(s, "base16", 16, Priority.LOW);
  }

  private static long run(Go4jRuntime s, String name, int depth, Priority waiter)
      throws Exception {
    return Watchdog.go4j(
        "PiChainBoostBenchmark." + name,
        s.rt,
        () -> Workloads.check("rounds", ROUNDS, new Chain(s.rt, depth, waiter).run(ROUNDS)));
  }

  /**
   * Wakes one goroutine once per round: {@link #await}{@code (r)} parks until {@link #post} has
   * been called r times in all. Only its own goroutine awaits it.
   */
  static final class Signal {
    private final AtomicInteger posts = new AtomicInteger();
    private final String reason;
    private volatile Goroutine waiter;

    Signal(String reason) {
      this.reason = reason;
    }

    void await(int r) {
      waiter = Park.current();
      while (posts.get() < r) {
        Park.park(reason);
      }
    }

    void post() {
      posts.incrementAndGet();
      Goroutine w = waiter;
      if (w != null) {
        Park.ready(w);
      }
    }
  }

  /** One invocation's chain, waiter and driver. */
  static final class Chain {
    private final GoRuntime rt;
    private final int depth;
    private final Priority waiterPriority;
    private final PiMutex[] locks;
    private final Signal[] start;
    private final Signal gate = new Signal(GATE_REASON);
    private final Signal waiterStart = new Signal(SIGNAL_REASON);
    private final Signal roundDone = new Signal(SIGNAL_REASON);
    private final Goroutine[] chain;
    private final AtomicReference<String> error = new AtomicReference<>();
    private volatile Goroutine waiter;

    Chain(GoRuntime rt, int depth, Priority waiterPriority) {
      this.rt = rt;
      this.depth = depth;
      this.waiterPriority = waiterPriority;
      this.locks = new PiMutex[depth];
      this.start = new Signal[depth];
      this.chain = new Goroutine[depth];
      for (int i = 0; i < depth; i++) {
        locks[i] = new PiMutex();
        start[i] = new Signal(SIGNAL_REASON);
      }
    }

    /** Runs {@code rounds} rounds; the number of rounds completed. */
    int run(int rounds) {
      for (int i = 0; i < depth; i++) {
        int link = i;
        chain[i] =
            rt.spawn()
                .name("chain-" + (i + 1))
                .priority(Priority.LOW)
                .start(() -> link(link, rounds));
      }
      waiter =
          rt.spawn().name("waiter").priority(waiterPriority).start(() -> waiterLoop(rounds));
      int[] completed = new int[1];
      Goroutine driver =
          rt.spawn()
              .name("driver")
              .priority(Priority.LOW)
              .start(() -> completed[0] = driverLoop(rounds));
      driver.join();
      List<Goroutine> all = new ArrayList<>(List.of(chain));
      all.add(waiter);
      for (Goroutine g : all) {
        g.join();
      }
      String e = error.get();
      if (e != null) {
        throw new IllegalStateException(e);
      }
      return completed[0];
    }

    private void fail(String message) {
      error.compareAndSet(null, message);
    }

    private void expect(Goroutine g, Priority p, String when, int r) {
      Priority eff = Priorities.effective(g);
      if (eff != p) {
        fail(
            "round " + r + ", depth " + depth + ": " + g.name() + " at " + eff + " " + when
                + ", expected " + p);
      }
    }

    /** Chain goroutine {@code i} (0-based): holds L_i, waits for L_{i+1} or, the last, the gate. */
    private void link(int i, int rounds) {
      Goroutine me = Park.current();
      for (int r = 1; r <= rounds; r++) {
        start[i].await(r);
        locks[i].lock();
        if (i + 1 < depth) {
          locks[i + 1].lock(); // queued until the next link releases it
          locks[i + 1].unlock();
        } else {
          gate.await(r);
        }
        expect(me, waiterPriority, "before its unlock of L" + (i + 1), r);
        locks[i].unlock();
        expect(me, Priority.LOW, "after its unlock of L" + (i + 1), r);
      }
    }

    private void waiterLoop(int rounds) {
      for (int r = 1; r <= rounds; r++) {
        waiterStart.await(r);
        locks[0].lock(); // queues, boosts the chain (HIGH waiter), returns once it is released
        locks[0].unlock();
        for (Goroutine g : chain) {
          expect(g, Priority.LOW, "when the waiter got L1", r);
        }
        roundDone.post();
      }
    }

    private int driverLoop(int rounds) {
      Goroutine me = Park.current();
      for (int r = 1; r <= rounds; r++) {
        for (int i = depth - 1; i >= 0; i--) {
          start[i].post();
          parkedIn(chain[i], i == depth - 1 ? GATE_REASON : LOCK_REASON);
        }
        waiterStart.post();
        parkedIn(waiter, LOCK_REASON);
        for (Goroutine g : chain) {
          expect(g, waiterPriority, "once the waiter is queued on L1", r);
        }
        gate.post();
        roundDone.await(r);
        if (error.get() != null) {
          return r;
        }
      }
      expect(me, Priority.LOW, "at the end", rounds);
      return rounds;
    }

    /** Yields until {@code g} is parked with wait reason {@code reason}. */
    private static void parkedIn(Goroutine g, String reason) {
      while (g.state() != GoroutineState.WAITING || !reason.equals(g.waitReason())) {
        GoRuntime.gosched();
      }
    }
  }
}
