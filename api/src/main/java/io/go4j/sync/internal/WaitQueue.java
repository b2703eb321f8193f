package io.go4j.sync.internal;

import io.go4j.runtime.spi.Park;
import io.go4j.runtime.spi.SpinLock;

/**
 * The FIFO of {@link Waiter}s of one sync primitive, with the lock that guards it and the
 * primitive's own bookkeeping: Go's {@code semaRoot} (for one address) and {@code notifyList}.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>The queue and {@code Waiter.state} change only under the lock: the callers hold it for
 *       the methods of the first section, and {@link #await}, {@link #cancel} and {@link
 *       #withdraw} take it themselves. A primitive changes its
 *       counters and grants waiters in one locked section, and a waiter is cancelled, with its
 *       {@code undo}, in another; so a cancelled waiter sees a consistent picture: it was either
 *       granted, and the operation happened, or not, and then {@code undo} takes exactly its own
 *       share out of the counters.
 *   <li>Granted waiters are unlinked at once and woken by {@link #unlockAndWake} after the lock is
 *       released, in grant order, so a woken goroutine never spins on a lock its waker holds, and
 *       readying (a preemption point) never happens under the lock. Leave the lock only through
 *       {@code unlockAndWake} (or {@link #unlockInto} for a nested section).
 *   <li>A waiter may be withdrawn from the middle of the queue in O(1) (doubly linked).
 *   <li>A queue is FIFO ({@link #add}) or ranked ({@link #addByRank}, the priority-inheritance
 *       locks): descending rank, FIFO within a rank; a ranked waiter is moved by {@link #rerank}
 *       when its priority changes while it waits.
 * </ul>
 */
public class WaitQueue extends SpinLock {
  private Waiter head;
  private Waiter tail;
  private Waiter wakeHead;
  private Waiter wakeTail;

  // ------------------------------------------------------------------ under the lock

  public final boolean isEmpty() {
    return head == null;
  }

  /** The longest waiter (or, after a LIFO {@link #add}, the one put in front), or null. */
  public final Waiter first() {
    return head;
  }

  /** Queues {@code w} at the tail, or at the head when {@code lifo}. */
  public final void add(Waiter w, boolean lifo) {
    w.queued = true;
    if (head == null) {
      head = w;
      tail = w;
    } else if (lifo) {
      w.next = head;
      head.prev = w;
      head = w;
    } else {
      w.prev = tail;
      tail.next = w;
      tail = w;
    }
  }

  /**
   * Queues {@code w} by {@code rank}: behind every waiter of the same or a higher rank, ahead of
   * the lower ones (priority order, FIFO within a priority). Don't mix with {@link #add}.
   */
  public final void addByRank(Waiter w, int rank) {
    w.rank = rank;
    Waiter after = tail;
    while (after != null && after.rank < rank) {
      after = after.prev;
    }
    w.queued = true;
    w.prev = after;
    w.next = after == null ? head : after.next;
    if (w.prev == null) {
      head = w;
    } else {
      w.prev.next = w;
    }
    if (w.next == null) {
      tail = w;
    } else {
      w.next.prev = w;
    }
  }

  /**
   * Moves the queued waiter {@code w} to its place for a new {@code rank}, behind the waiters of
   * that rank (as Linux requeues a boosted rt_mutex waiter); nothing if it is not queued.
   */
  public final void rerank(Waiter w, int rank) {
    if (w.queued && w.rank != rank) {
      unlink(w);
      addByRank(w, rank);
    }
  }

  /** Unlinks the queued waiter {@code w} and grants it: it is woken by {@link #unlockAndWake}. */
  public final void grant(Waiter w) {
    unlink(w);
    w.state = Waiter.GRANTED;
    if (wakeTail == null) {
      wakeHead = w;
    } else {
      wakeTail.nextToWake = w;
    }
    wakeTail = w;
  }

  /** Grants the first waiter, if any: whether there was one. */
  public final boolean grantFirst() {
    Waiter w = head;
    if (w == null) {
      return false;
    }
    grant(w);
    return true;
  }

  private void unlink(Waiter w) {
    if (!w.queued) {
      return;
    }
    w.queued = false;
    if (w.prev == null) {
      head = w.next;
    } else {
      w.prev.next = w.next;
    }
    if (w.next == null) {
      tail = w.prev;
    } else {
      w.next.prev = w.prev;
    }
    w.prev = null;
    w.next = null;
  }

  // ------------------------------------------------------------------ leaving the lock

  /** Releases the lock, then wakes the waiters granted under it, in grant order. */
  public final void unlockAndWake() {
    Waiter w = wakeHead;
    wakeHead = null;
    wakeTail = null;
    unlock();
    while (w != null) {
      Waiter next = w.nextToWake;
      w.nextToWake = null;
      w.wake();
      w = next;
    }
  }

  /**
   * Releases the lock of a queue whose section is nested in {@code outer}'s (the caller holds
   * both): the waiters granted here are woken when {@code outer}'s lock is released.
   */
  public final void unlockInto(WaitQueue outer) {
    if (wakeHead != null) {
      if (outer.wakeTail == null) {
        outer.wakeHead = wakeHead;
      } else {
        outer.wakeTail.nextToWake = wakeHead;
      }
      outer.wakeTail = wakeTail;
      wakeHead = null;
      wakeTail = null;
    }
    unlock();
  }

  // ------------------------------------------------------------------ without the lock

  /**
   * The blocked thread: parks with Go's wait {@code reason} until {@code w} is granted or {@link
   * #cancel}led, and returns that outcome: {@link Waiter#GRANTED} or {@link Waiter#CANCELLED}. When
   * interrupted while still waiting, it withdraws {@code w} and runs {@code undo}, both under the
   * lock, and returns {@link Waiter#WITHDRAWN} with the interrupt consumed; if the grant (or a
   * cancel) came first, that outcome stands and the interrupt is left set. Spurious wake-ups are
   * absorbed here.
   */
  public final int await(Waiter w, String reason, Runnable undo) {
    boolean interrupted = false;
    int s;
    while ((s = w.state) == Waiter.WAITING) {
      Park.park(reason);
      if (Thread.interrupted()) {
        if (end(w, undo, Waiter.WITHDRAWN)) {
          return Waiter.WITHDRAWN;
        }
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return s;
  }

  /**
   * Any thread: ends the wait of {@code w} without interrupting its thread, running {@code undo}
   * under the lock; its {@link #await} returns {@link Waiter#CANCELLED}. False if {@code w} was
   * granted or withdrawn first.
   */
  public final boolean cancel(Waiter w, Runnable undo) {
    if (!end(w, undo, Waiter.CANCELLED)) {
      return false;
    }
    w.wake();
    return true;
  }

  /**
   * The waiter's own thread, giving up without parking: takes {@code w} out if it still waits,
   * running {@code undo}, under the lock. False if it was granted or cancelled first.
   */
  public final boolean withdraw(Waiter w, Runnable undo) {
    return end(w, undo, Waiter.WITHDRAWN);
  }

  /** Moves {@code w} from waiting to {@code outcome}, unlinked, with {@code undo}, under the lock. */
  private boolean end(Waiter w, Runnable undo, int outcome) {
    lock();
    boolean waiting = w.state == Waiter.WAITING;
    if (waiting) {
      unlink(w);
      w.state = outcome;
      undo.run();
    }
    unlockAndWake();
    return waiting;
  }
}
