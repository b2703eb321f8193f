package io.go4j.channels.internal;

import io.go4j.runtime.Goroutine;
import io.go4j.runtime.spi.Park;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One blocked channel operation or select: Go's {@code g.selectDone} plus the parking goroutine. A
 * single operation's {@link Node} is its own blocker; a select's nodes share their first one's.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Until completed, {@code state} is SPINNING (the goroutine spins for its counterpart before
 *       parking, {@link Park#spinUntil}) or WAITING (it parks, or a plain thread blocks). Only
 *       the blocked goroutine moves it from SPINNING to WAITING, by CAS, when it stops spinning.
 *   <li>{@code state} leaves SPINNING/WAITING exactly once, by CAS: to the index of the case a
 *       counterpart completed ({@link #claim}, under that channel's lock, after writing the {@link
 *       Node}'s fields, which the CAS publishes) or to CANCELLED ({@link #await}, by the blocked
 *       thread itself when interrupted). So a cancelled operation never happened, and a completed
 *       one is never reported as cancelled: if completion wins the race, the operation returns
 *       normally and the interrupt stays set.
 *   <li>A claim from SPINNING wakes nobody: the spinner sees the new state, and the claimer
 *       writes only the node's cache line, not the goroutine's (no ready). A claim from WAITING
 *       must wake the thread. The spinner's switch to WAITING and a claim are CASes on the same
 *       word, so one of them fails: a goroutine that parks is always woken.
 * </ul>
 */
sealed class Blocker implements BooleanSupplier permits Node {
  /** Not completed; its goroutine parks (or will): a claim must wake it. */
  static final int WAITING = -1;

  static final int CANCELLED = -2;

  /** Not completed; its goroutine spins watching {@code state}: a claim alone completes it. */
  static final int SPINNING = -3;

  /** {@link #claim}: another claim or a cancellation came first. */
  static final int LOST = 0;

  /** {@link #claim}: claimed, and the blocked thread needs a {@link #wakeThread}. */
  static final int CLAIMED_WAKE = 1;

  /** {@link #claim}: claimed while the blocked goroutine spun; it sees the claim by itself. */
  static final int CLAIMED = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Blocker.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The blocked goroutine, or null on other threads. */
  private final Goroutine goroutine;

  private final Thread thread;

  /** A select's further nodes leave it unused (0): their claims go to the first node's. */
  private volatile int state;

  /**
   * The calling goroutine's (or thread's) blocker; {@code spin}: a goroutine may spin before
   * parking ({@link #await}).
   */
  Blocker(boolean spin) {
    this.goroutine = Park.current();
    this.thread = Thread.currentThread();
    this.state = spin && goroutine != null ? SPINNING : WAITING;
  }

  /** Another blocker of the same goroutine: a select's further nodes (their own state unused). */
  Blocker(Blocker same) {
    this.goroutine = same.goroutine;
    this.thread = same.thread;
  }

  /**
   * A counterpart completes case {@code index}: {@link #LOST}, {@link #CLAIMED} or {@link
   * #CLAIMED_WAKE}.
   */
  int claim(int index) {
    int s = state;
    while (s == WAITING || s == SPINNING) {
      int witness = (int) STATE.compareAndExchange(this, s, index);
      if (witness == s) {
        return s == WAITING ? CLAIMED_WAKE : CLAIMED;
      }
      s = witness;
    }
    return LOST;
  }

  /** While spinning: whether the blocker left {@link #SPINNING} (claimed). */
  @Override
  public boolean getAsBoolean() {
    return state != SPINNING;
  }

  /** Wakes the blocked thread after a {@link #claim} that returned {@link #CLAIMED_WAKE}. */
  final void wakeThread() {
    if (goroutine != null) {
      Park.ready(goroutine);
    } else {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Spins (if made to) then parks until claimed or interrupted: the completed case's index, or
   * CANCELLED (the interrupt is consumed). Spurious wake-ups are absorbed here. {@code select}: a
   * select's wait, which spins past a goroutine queued on its P ({@link Park#spinUntil}).
   */
  int await(String reason, boolean select) {
    if (state == SPINNING && !Park.spinUntil(this, select)) {
      STATE.compareAndSet(this, SPINNING, WAITING); // fails only if claimed meanwhile
    }
    boolean interrupted = false;
    int s;
    while ((s = state) == WAITING) {
      Park.park(reason, false);
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
