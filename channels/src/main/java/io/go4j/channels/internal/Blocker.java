package io.go4j.channels.internal;

import io.go4j.runtime.Goroutine;
import io.go4j.runtime.spi.Park;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked channel operation or select: Go's {@code g.selectDone} plus the parking goroutine. A
 * single operation's {@link Node} is its own blocker; a select's nodes share their first one's.
 *
 * <p>Implementation notes. {@code state} leaves WAITING exactly once, by CAS: to the index of the
 * case a counterpart completed ({@link #claim}, under that channel's lock, after writing the {@link
 * Node}'s fields, which the CAS publishes) or to CANCELLED ({@link #await}, by the blocked thread
 * itself when interrupted). So a cancelled operation never happened, and a completed one is never
 * reported as cancelled: if completion wins the race, the operation returns normally and the
 * interrupt stays set.
 */
sealed class Blocker permits Node {
  static final int WAITING = -1;
  static final int CANCELLED = -2;

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

  @SuppressWarnings("FieldMayBeFinal") // written through STATE
  private volatile int state = WAITING;

  /** The calling goroutine's (or thread's) blocker. */
  Blocker() {
    this.goroutine = Park.current();
    this.thread = Thread.currentThread();
  }

  /** Another blocker of the same goroutine: a select's further nodes (their own state unused). */
  Blocker(Blocker same) {
    this.goroutine = same.goroutine;
    this.thread = same.thread;
  }

  /** A counterpart completes case {@code index}; false if already completed or cancelled. */
  boolean claim(int index) {
    return STATE.compareAndSet(this, WAITING, index);
  }

  /** Wakes the blocked thread after a successful {@link #claim}. */
  void wake() {
    if (goroutine != null) {
      Park.ready(goroutine);
    } else {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Parks until claimed or interrupted: the completed case's index, or CANCELLED (the interrupt
   * is consumed). Spurious wake-ups are absorbed here. {@code spin}: whether it may spin first
   * ({@link Park#park(String, boolean)}).
   */
  int await(String reason, boolean spin) {
    boolean interrupted = false;
    int s;
    while ((s = state) == WAITING) {
      Park.park(reason, spin);
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
