package io.go4j.channels.internal;

import io.go4j.runtime.Goroutine;
import io.go4j.runtime.spi.Park;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked channel operation or select: Go's {@code g.selectDone} plus the parking goroutine.
 *
 * <p>Implementation notes. {@code state} leaves WAITING exactly once, by CAS: to the index of the
 * case a counterpart completed ({@link #claim}, under that channel's lock, after writing the {@link
 * Node}'s fields, which the CAS publishes) or to CANCELLED ({@link #await}, by the blocked thread
 * itself when interrupted). So a cancelled operation never happened, and a completed one is never
 * reported as cancelled: if completion wins the race, the operation returns normally and the
 * interrupt stays set.
 */
final class Blocker {
  static final int WAITING = -1;
  static final int CANCELLED = -2;

  private static final VarHandle STATE;
  private static final VarHandle PARKING;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Blocker.class, "state", int.class);
      PARKING = MethodHandles.lookup().findVarHandle(Blocker.class, "parking", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Upper bound of a spin before parking: above the run queue's 3 µs {@code runnext} back-off
   * plus a steal, so that a pair sharing a P can move apart (see {@code Park.worthSpinning}).
   */
  private static final long SPIN_NS = 8_000;

  /** The blocked goroutine, or null on other threads. */
  final Goroutine goroutine;
  private final Thread thread;

  @SuppressWarnings("FieldMayBeFinal") // written through STATE
  private volatile int state = WAITING;

  /**
   * Set by the blocked thread before its first park, after any spin. A waker that completed the
   * operation readies the thread only if it is set (Dekker: each side writes its own field, then
   * reads the other's), so a thread that saw completion while spinning is left alone: no ready, no
   * stale permit to make a later park return at once.
   */
  @SuppressWarnings("UnusedVariable") // accessed through PARKING
  private volatile boolean parking;

  /** A select's: it has several counterparts, so nobody spins for it (nor it for anybody). */
  private final boolean select;

  Blocker() {
    this(false);
  }

  Blocker(boolean select) {
    this.goroutine = Park.current();
    this.thread = Thread.currentThread();
    this.select = select;
  }

  /** The goroutine a counterpart may spin for: null for a select or a non-goroutine thread. */
  Goroutine spinTarget() {
    return select ? null : goroutine;
  }

  /** A counterpart completes case {@code index}; false if already completed or cancelled. */
  boolean claim(int index) {
    return STATE.compareAndSet(this, WAITING, index);
  }

  /**
   * Wakes the blocked thread after a successful {@link #claim}, unless it has not parked (it
   * still spins, or is about to see the claim): then the waker only passes a preemption point, as
   * a ready would have.
   */
  void wake() {
    if (!(boolean) PARKING.getVolatile(this)) {
      Park.preemptionPoint();
    } else if (goroutine != null) {
      Park.ready(goroutine);
    } else {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Parks until claimed or interrupted: the completed case's index, or CANCELLED (the interrupt
   * is consumed). Spurious wake-ups are absorbed here.
   */
  int await(String reason) {
    return await(reason, null);
  }

  /**
   * {@link #await(String)}, spinning first for a while if {@code peer}, the goroutine likely to
   * complete this operation, is worth waiting for without parking.
   */
  int await(String reason, Goroutine peer) {
    if (peer != null && goroutine != null && Park.worthSpinning(peer)) {
      long deadline = 0;
      for (int i = 1; state == WAITING; i++) {
        Thread.onSpinWait();
        if ((i & 63) == 0) { // every 64 rounds: out of time, interrupted, or no longer worth it?
          long now = System.nanoTime();
          if (deadline == 0) {
            deadline = now + SPIN_NS;
          } else if (now - deadline > 0
              || Thread.currentThread().isInterrupted()
              || !Park.worthSpinning(peer)) {
            break;
          }
        }
      }
    }
    PARKING.setVolatile(this, true);
    boolean interrupted = false;
    int s;
    while ((s = state) == WAITING) {
      Park.park(reason);
      if (Thread.interrupted()) {
        if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
          return CANCELLED;
        }
        interrupted = true; // completed meanwhile: the operation happened
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return s;
  }
}
