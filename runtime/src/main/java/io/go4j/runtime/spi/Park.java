package io.go4j.runtime.spi;

import io.go4j.runtime.Goroutine;
import io.go4j.runtime.internal.G;
import io.go4j.runtime.internal.Sched;
import java.util.function.BooleanSupplier;

/**
 * How go4j's own primitives (channels, select, sync) block goroutines: Go's {@code gopark} and
 * {@code goready}. A parked goroutine shows its wait reason in dumps and counts for deadlock
 * detection. Like {@code LockSupport}, a {@link #ready} that comes first makes the next {@link
 * #park} return at once, and {@code park} may return spuriously: callers loop on their own
 * condition. On a thread that is not a goroutine, {@code park} is a plain {@code LockSupport.park}.
 */
public final class Park {
  /** Go's {@code active_spin_cnt}: pause instructions per {@link #doSpin} round. */
  private static final int ACTIVE_SPIN_CNT = 30;

  private Park() {}

  /** The calling goroutine, or null when called from another thread. */
  public static Goroutine current() {
    return Sched.current();
  }

  /** Parks the calling goroutine (or thread) with Go's wait {@code reason}. */
  public static void park(String reason) {
    Sched.park(Sched.current(), reason);
  }

  /**
   * {@link #park(String)}; with {@code spin} false it never spins first. A goroutine spins before
   * parking while the goroutine that readied it last runs on another carrier and nothing else
   * waits for its own: a pair taking turns then runs on two carriers without parking. A primitive
   * that has spun already ({@link #spinUntil}) passes false.
   */
  public static void park(String reason, boolean spin) {
    Sched.park(Sched.current(), reason, spin);
  }

  /**
   * Spins until {@code done} holds, for as long as {@link #park(String)} would spin before parking
   * (not at all on other threads): whether it held. A primitive whose waker can tell a spinning
   * waiter from a parked one spares the ready of a spinning one.
   *
   * <p>{@code overRunnext}: spin for a peer running on another carrier even while a goroutine
   * waits in the caller's P's {@code runnext} (it waits for the spin, at most the spin bound each
   * time and only until the caller's time slice ends). For a select: the goroutine it readied last
   * is usually one of its own senders, which, switched to, would hand over its next value on this
   * carrier only to block again, two goroutine switches per value, while a sender running on
   * another carrier answers the spin (two senders and one select: a third less time per select).
   * A single operation passes false: a pair taking turns does better switching to the queued one.
   */
  public static boolean spinUntil(BooleanSupplier done, boolean overRunnext) {
    G self = Sched.current();
    return self != null && Sched.spinUntil(self, done, overRunnext);
  }

  /**
   * Go's {@code sync_runtime_canSpin}: whether a goroutine that found a mutex locked and has spun
   * {@code iter} times ({@link #doSpin}) should spin once more rather than queue.
   */
  public static boolean canSpin(int iter) {
    return Sched.canSpin(iter);
  }

  /**
   * Go's {@code sync_runtime_doSpin}: one round of a mutex spin, {@code active_spin_cnt} = 30
   * pause instructions, some 100 ns: about the time a holder needs to finish a short section.
   */
  public static void doSpin() {
    for (int i = 0; i < ACTIVE_SPIN_CNT; i++) {
      Thread.onSpinWait();
    }
  }

  /**
   * A scheduling point: the calling goroutine is about to perform {@code op} (Go's wait-reason
   * style: {@code chan send}, {@code sync.Mutex.Lock}). Under deterministic scheduling the
   * schedule may run another goroutine first, and the trace records the operation; elsewhere it
   * costs one static read.
   */
  public static void step(String op) {
    Sched.step(op);
  }

  /**
   * Under deterministic scheduling, the schedule's choice among {@code n >= 2} alternatives (0 is
   * the default); elsewhere -1: the caller draws its own random numbers.
   */
  public static int decide(int n) {
    return Sched.decide(n);
  }

  /**
   * Monotonic nanoseconds for measuring a wait (a mutex's starvation threshold): real time, or
   * the virtual clock under deterministic scheduling, so that runs repeat exactly.
   */
  public static long nanoTime() {
    return Sched.schedNanoTime();
  }

  /** Readies a goroutine parked by {@link #park}. */
  public static void ready(Goroutine g) {
    Sched.ready((G) g);
  }
}
