package io.go4j.sync.internal;

import io.go4j.runtime.Goroutine;
import io.go4j.runtime.spi.Park;
import java.util.concurrent.locks.LockSupport;

/**
 * One goroutine (or plain thread) blocked in a sync primitive: Go's {@code sudog} in a semaphore
 * queue or a condition's notify list.
 *
 * <p>Implementation notes. {@code state} leaves {@code WAITING} exactly once, to {@link #GRANTED},
 * {@link #WITHDRAWN} or {@link #CANCELLED}, and only under the lock of the {@link WaitQueue} the waiter belongs to;
 * the blocked thread reads it without that lock. What a grant means (a wake-up, the lock, {@code
 * weight} permits) is the primitive's business; the links are the queue's, guarded by its lock.
 */
public final class Waiter {
  static final int WAITING = 0;

  /** The primitive granted what the waiter waited for. */
  public static final int GRANTED = 1;

  /** The waiter's own thread gave up: it was interrupted, or could not go on. */
  public static final int WITHDRAWN = 2;

  /** Another thread cancelled the wait ({@link WaitQueue#cancel}). */
  public static final int CANCELLED = 3;

  private final Goroutine goroutine;
  private final Thread thread;
  private final long weight;

  volatile int state = WAITING;

  Waiter prev;
  Waiter next;
  boolean queued;

  /** The next granted waiter to wake once the queue's lock is released. */
  Waiter nextToWake;

  /** Its place in a queue ordered by {@link WaitQueue#addByRank}: higher goes first. */
  int rank;

  /** A waiter for the calling goroutine or thread, asking for {@code weight} (1 where unweighted). */
  public Waiter(long weight) {
    this.goroutine = Park.current();
    this.thread = Thread.currentThread();
    this.weight = weight;
  }

  /** How much this waiter asks for: a weighted semaphore's permits. */
  public long weight() {
    return weight;
  }

  /** The goroutine that waits, or null for a plain thread. */
  public Goroutine goroutine() {
    return goroutine;
  }

  /** The thread that waits (the goroutine's virtual thread, or a plain thread). */
  public Thread thread() {
    return thread;
  }

  /** Whether it still waits: neither granted, withdrawn nor cancelled. */
  public boolean isWaiting() {
    return state == WAITING;
  }

  /** Its rank in a ranked queue (under the queue's lock). */
  public int rank() {
    return rank;
  }

  /** Unparks the blocked thread; never under a queue's lock (readying may yield). */
  void wake() {
    if (goroutine != null) {
      Park.ready(goroutine);
    } else {
      LockSupport.unpark(thread);
    }
  }
}
