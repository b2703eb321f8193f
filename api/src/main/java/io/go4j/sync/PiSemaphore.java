package io.go4j.sync;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.spi.Park;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A counting semaphore with priority inheritance: it tracks which goroutines hold its permits, and
 * a blocked waiter boosts every holder it outranks (transitively along the PI locks they wait for,
 * as {@link PiMutex} does) until they release. Waiters are served by effective priority, then in
 * FIFO order, and a released permit goes straight to the top waiter. Only a holder may release.
 * Goroutines blocked here show the wait reason {@code semacquire}.
 */
public final class PiSemaphore extends PiLock {
  private static final String WAIT_REASON = "semacquire";
  private static final String CANCELLED = WAIT_REASON + " interrupted; nothing was acquired";

  /** Under {@code PI}: free permits; positive only while nobody waits (permits are handed over). */
  private int available;

  /** Under {@code PI}: the holders (how many permits each holds is in its {@code held}). */
  private final Set<Task> holders = new LinkedHashSet<>();

  /**
   * A semaphore with {@code permits} free permits.
   *
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public PiSemaphore(int permits) {
    super(WAIT_REASON, CANCELLED);
    if (permits < 0) {
      throw new IllegalArgumentException("semaphore: negative permits: " + permits);
    }
    this.available = permits;
  }

  /**
   * Acquires a permit, blocking until one is handed to this goroutine.
   *
   * @throws DeadlockException if waiting would make this goroutine wait, through PI locks, for
   *     itself only (every holder waits for it, directly or transitively); nothing acquired
   * @throws CancelledException if the goroutine is interrupted while it waits (or was interrupted
   *     already and would have to wait); nothing was acquired
   */
  public void acquire() {
    Park.step("PiSemaphore.Acquire");
    acquire(-1);
  }

  /** Acquires a permit if one is free: whether it did. */
  public boolean tryAcquire() {
    Park.step("PiSemaphore.TryAcquire");
    return acquire(0);
  }

  /**
   * Releases one of the caller's permits, handing it to the top waiter, if any; the caller drops
   * back to the priority the PI locks it still holds give it.
   *
   * @throws IllegalStateException {@code semaphore: release by a goroutine that holds no permit};
   *     nothing released
   */
  public void release() {
    Park.step("PiSemaphore.Release");
    PI.lock();
    Task me = existingTask();
    Integer n = me == null ? null : me.held.get(this);
    if (n == null) {
      PI.unlockAndWake();
      throw new IllegalStateException(
          "semaphore: release of " + this + " by a goroutine that holds no permit");
    }
    if (n == 1) {
      holders.remove(me);
      me.held.remove(this);
    } else {
      me.held.put(this, n - 1);
    }
    if (!grantTop(me)) {
      available++;
    }
    PI.unlockAndWake();
  }

  /** The number of free permits now. */
  public int availablePermits() {
    PI.lock();
    int n = available;
    PI.unlockAndWake();
    return n;
  }

  @Override
  List<Task> owners() {
    return List.copyOf(holders);
  }

  @Override
  boolean tryTake(Task me) {
    if (available == 0) {
      return false;
    }
    available--;
    handTo(me);
    return true;
  }

  @Override
  void handTo(Task next) {
    holders.add(next);
    next.held.merge(this, 1, Integer::sum);
  }
}
