package io.go4j.sync;

import io.go4j.Context;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.spi.Park;
import io.go4j.sync.internal.WaitQueue;
import io.go4j.sync.internal.Waiter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code golang.org/x/sync/semaphore}'s {@code Weighted}: a semaphore of {@code size} permits that
 * callers acquire and release in any amounts. Waiters are served in strict FIFO order: a waiter at
 * the head that does not fit yet holds back smaller ones behind it, so big requests are not starved
 * by a stream of small ones. Blocked goroutines show the wait reason {@code semacquire}.
 */
public final class Semaphore {
  /*
   * Implementation notes (x/sync/semaphore's Weighted, with the queue's lock for its mutex).
   *
   * - cur and the queue are guarded by the queue's lock. notifyWaiters grants from the head while
   *   the head fits and stops at the first that does not. Invariant between locked sections: the
   *   queue is empty or its head does not fit. So a newcomer takes permits at once only when the
   *   queue is empty (no barging), and a waiter that leaves runs notifyWaiters, which does
   *   something only if it was the head: then those behind it may fit now.
   * - A waiter leaves when interrupted (its own thread withdraws it) or when cancelled by another
   *   thread through the Runnable acquire(n, onBlock) hands out (acquire(Context, n) gives it to
   *   ctx.afterFunc); both happen under the lock, so a grant either came first and stands, or
   *   nothing was acquired.
   * - An acquire of more than size can never succeed: as in x/sync it waits until cancelled, outside
   *   the queue, holding back nobody.
   */
  private static final String WAIT_REASON = "semacquire";

  private final long size;
  private final WaitQueue waiters = new WaitQueue();
  private long cur;

  /**
   * x/sync's {@code NewWeighted(size)}: a semaphore with {@code size} permits.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public Semaphore(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("semaphore: negative size: " + size);
    }
    this.size = size;
  }

  /**
   * Acquires {@code n} permits, blocking until they are available and every earlier waiter was
   * served. A request for more than the size never succeeds: it blocks until interrupted.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws CancelledException if the goroutine is interrupted while it waits (or was interrupted
   *     already and would have to wait); nothing was acquired
   */
  public void acquire(long n) {
    Park.step("semaphore.Acquire");
    acquire(n, null);
  }

  /**
   * x/sync's {@code Acquire(ctx, n)}: {@link #acquire(long)} that gives up when {@code ctx} is
   * done. Whichever comes first wins: the permits (then it returns normally, even if {@code ctx} is
   * done right after), or {@code ctx} (then it throws {@code ctx.err()} and nothing was acquired).
   * A context done already fails the call even if the permits are free, as in x/sync.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws CancelledException {@code ctx.err()} ({@link Context#CANCELED} or {@link
   *     Context#DEADLINE_EXCEEDED}) if {@code ctx} was done first, or the interrupt's if the
   *     goroutine was interrupted first; nothing was acquired
   */
  public void acquire(Context ctx, long n) {
    Park.step("semaphore.Acquire");
    Objects.requireNonNull(ctx, "ctx");
    checkWeight(n);
    CancelledException err = ctx.err();
    if (err != null) {
      throw err;
    }
    Context.AfterFunc[] stop = {null};
    boolean acquired;
    try {
      acquired = acquire(n, cancel -> stop[0] = ctx.afterFunc(cancel));
    } finally {
      if (stop[0] != null) {
        stop[0].stop();
      }
    }
    if (!acquired) {
      throw ctx.err();
    }
  }

  /**
   * Acquires {@code n} permits if that needs no waiting: they are free and nobody waits. Whether
   * it did.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public boolean tryAcquire(long n) {
    Park.step("semaphore.TryAcquire");
    checkWeight(n);
    waiters.lock();
    boolean acquired = size - cur >= n && waiters.isEmpty();
    if (acquired) {
      cur += n;
    }
    waiters.unlockAndWake();
    return acquired;
  }

  /**
   * Releases {@code n} permits, serving waiters in order.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws IllegalStateException {@code semaphore: released more than held} (nothing released)
   */
  public void release(long n) {
    Park.step("semaphore.Release");
    checkWeight(n);
    waiters.lock();
    if (n > cur) {
      waiters.unlockAndWake();
      throw new IllegalStateException("semaphore: released more than held");
    }
    cur -= n;
    notifyWaiters();
    waiters.unlockAndWake();
  }

  /**
   * {@link #acquire(long)} whose wait another thread can cancel: if the caller must wait, {@code
   * onBlock} (if not null) is first given a Runnable that ends the wait from any thread, without
   * interrupting the caller (what {@link #acquire(Context, long)} hands to {@code
   * ctx.afterFunc}). True when acquired; false when cancelled that way, with nothing acquired; a
   * grant that came first stands.
   *
   * @throws CancelledException if the caller is interrupted first; nothing was acquired
   */
  boolean acquire(long n, Consumer<Runnable> onBlock) {
    checkWeight(n);
    waiters.lock();
    if (size - cur >= n && waiters.isEmpty()) {
      cur += n;
      waiters.unlockAndWake();
      return true;
    }
    if (Thread.interrupted()) {
      waiters.unlockAndWake();
      throw interrupted();
    }
    Waiter w = new Waiter(n);
    if (n <= size) {
      waiters.add(w, false);
    }
    waiters.unlockAndWake();
    if (onBlock != null) {
      onBlock.accept(() -> waiters.cancel(w, this::notifyWaiters));
    }
    return switch (waiters.await(w, WAIT_REASON, this::notifyWaiters)) {
      case Waiter.GRANTED -> true;
      case Waiter.CANCELLED -> false;
      default -> throw interrupted();
    };
  }

  /** Under the lock: grants waiters from the head while the head fits. */
  private void notifyWaiters() {
    for (Waiter w = waiters.first(); w != null && size - cur >= w.weight(); w = waiters.first()) {
      cur += w.weight();
      waiters.grant(w);
    }
  }

  private static void checkWeight(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("semaphore: negative weight: " + n);
    }
  }

  private static CancelledException interrupted() {
    return new CancelledException(WAIT_REASON + " interrupted; nothing was acquired");
  }
}
