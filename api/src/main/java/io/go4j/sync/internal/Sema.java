package io.go4j.sync.internal;

import io.go4j.runtime.spi.Park;

/**
 * Go's runtime semaphore (sema.go, one address of its {@code semtable}): the counter that sync's
 * Mutex, RWMutex and WaitGroup sleep on, with waiters that can be cancelled.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>{@code count} is Go's {@code *addr}: releases banked while nobody is queued. A release
 *       grants the first queued waiter before banking and an acquire takes a banked release before
 *       queueing, so {@code count > 0} implies an empty queue: a queued waiter that is cancelled
 *       knows no release is on its way to it.
 *   <li>A release hands its token to the waiter directly. Go does that only in handoff mode and
 *       otherwise wakes the waiter to race newcomers for {@code *addr}; but every user here admits
 *       newcomers through its own state word before they reach the semaphore, so that race is
 *       among the primitive's own waiters, and a direct grant is what lets a cancelled waiter tell,
 *       under the lock, whether it was woken.
 *   <li>The users' bookkeeping that must agree with the queue (Mutex's waiter count, RWMutex's
 *       reader counts, WaitGroup's waiters) is updated under this lock together with the releases
 *       it implies, and cancellation undoes a waiter's share under it too (see {@link WaitQueue}).
 * </ul>
 */
public final class Sema extends WaitQueue {
  private long count;

  /**
   * Go's {@code semacquire1}: takes a banked release or waits for one, queueing at the tail, or at
   * the head when {@code lifo} (a Mutex waiter that was woken and lost keeps its place). True once
   * it holds the token; false when interrupted first, after {@code undo} ran under the lock (the
   * interrupt consumed). An interrupted caller still takes a banked release: no wait, no cancel.
   */
  public boolean acquire(boolean lifo, String reason, Runnable undo) {
    lock();
    if (count > 0) {
      count--;
      unlockAndWake();
      return true;
    }
    if (Thread.interrupted()) {
      undo.run();
      unlockAndWake();
      return false;
    }
    Waiter w = new Waiter(1);
    add(w, lifo);
    unlockAndWake();
    return await(w, reason, undo) == Waiter.GRANTED;
  }

  /**
   * Under the lock, Go's {@code semrelease1}: grants the token to the first waiter (woken by
   * {@link #unlockAndWake}), or banks it if nobody waits. Whether a waiter got it.
   */
  public boolean releaseLocked() {
    if (grantFirst()) {
      return true;
    }
    count++;
    return false;
  }

  /**
   * {@code semrelease} with {@code handoff} (Mutex in starvation mode): the first waiter is
   * readied into this P's {@code runnext} and the caller yields to it at once, so the waiter runs
   * with the rest of the caller's time slice instead of after it (Go's direct G handoff, issue
   * 33747: a contended lock cannot hog the P, and the new owner does not wait for a steal).
   */
  @SuppressWarnings("ThreadPriorityCheck") // Thread.yield puts a goroutine on its P's ring: goyield
  public void releaseHandoff() {
    lock();
    boolean handed = releaseLocked();
    unlockAndWake();
    if (handed && Park.current() != null) {
      Thread.yield();
    }
  }
}
