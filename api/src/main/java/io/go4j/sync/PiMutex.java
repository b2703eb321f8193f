package io.go4j.sync;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.DeadlockException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A priority-inheritance mutex (POSIX {@code PTHREAD_PRIO_INHERIT}, Linux's {@code rt_mutex}): an
 * owned, non-reentrant lock whose waiters are served by effective priority, then in FIFO order,
 * and whose owner runs at the priority of its highest waiter while that is above its own.
 *
 * <p>When a waiter outranks the owner, the owner is boosted, and so on transitively along the
 * chain of PI locks ({@code PiMutex}, {@link PiSemaphore}) the owner itself waits for. On unlock
 * the owner drops to the highest of its base priority and the top waiters of the PI locks it still
 * holds, and the lock goes straight to the top waiter. A wait that would close a cycle of PI locks
 * throws {@link DeadlockException} naming it, instead of blocking forever. Goroutines blocked here
 * show the wait reason {@code sync.Mutex.Lock}; plain threads may use it too, as NORMAL priority.
 */
public final class PiMutex extends PiLock implements Locker {
  private static final String WAIT_REASON = "sync.Mutex.Lock";
  private static final String CANCELLED = WAIT_REASON + " interrupted; the lock was not acquired";

  /** Under {@code PI}: the owner, or null. */
  private Task owner;

  /** An unlocked mutex. */
  public PiMutex() {}

  /**
   * Locks the mutex, blocking until it is handed to this goroutine.
   *
   * @throws DeadlockException if waiting would close a cycle of PI locks (relocking a held
   *     PiMutex included); the mutex was not acquired
   * @throws CancelledException if the goroutine is interrupted while it waits (or was interrupted
   *     already and would have to wait); the mutex was not acquired
   */
  @Override
  public void lock() {
    acquire(-1);
  }

  /** Locks the mutex if it is free: whether it did. */
  public boolean tryLock() {
    return acquire(0);
  }

  /**
   * Locks the mutex, waiting at most {@code timeout} on the runtime clock: whether it did. A
   * waiter that times out withdraws its boost.
   *
   * @throws DeadlockException if waiting would close a cycle of PI locks; not acquired
   * @throws CancelledException if interrupted while it waits; not acquired
   */
  public boolean tryLock(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long nanos = timeout.isNegative() || timeout.isZero() ? 0 : saturatedNanos(timeout);
    return acquire(nanos);
  }

  /**
   * Unlocks the mutex and hands it to the top waiter, if any; the caller drops back to the
   * priority the PI locks it still holds give it.
   *
   * @throws IllegalStateException {@code sync: unlock of unlocked mutex}, or {@code sync: unlock
   *     of PiMutex not held by this goroutine}; nothing changed
   */
  @Override
  public void unlock() {
    PI.lock();
    Task me = existingTask();
    if (owner == null || owner != me) {
      String msg =
          owner == null
              ? "sync: unlock of unlocked mutex"
              : "sync: unlock of " + this + " not held by this goroutine (held by " + owner + ")";
      PI.unlockAndWake();
      throw new IllegalStateException(msg);
    }
    owner = null;
    me.held.remove(this);
    grantTop(me);
    PI.unlockAndWake();
  }

  @Override
  List<Task> owners() {
    return owner == null ? List.of() : List.of(owner);
  }

  @Override
  boolean tryTake(Task me) {
    if (owner != null) {
      return false;
    }
    owner = me;
    me.held.put(this, 1);
    return true;
  }

  @Override
  void handTo(Task next) {
    owner = next;
    next.held.put(this, 1);
  }

  @Override
  String waitReason() {
    return WAIT_REASON;
  }

  @Override
  String cancelledMessage() {
    return CANCELLED;
  }

  /** A positive timeout in nanoseconds, at most about 146 years (no overflow on the clock). */
  private static long saturatedNanos(Duration d) {
    try {
      return Math.min(Math.max(1, d.toNanos()), Long.MAX_VALUE / 4);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }
}
