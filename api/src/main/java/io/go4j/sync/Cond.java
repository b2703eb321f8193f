package io.go4j.sync;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.spi.Park;
import io.go4j.sync.internal.WaitQueue;
import io.go4j.sync.internal.Waiter;
import java.util.Objects;

/**
 * Go's {@code sync.Cond}: a rendezvous point for goroutines waiting for, or announcing, an event.
 * Each Cond has a {@link Locker}, held while changing the condition and while calling {@link
 * #await}. Waiters wait in FIFO order: {@link #signal} wakes the one that has waited longest.
 */
public final class Cond {
  /*
   * Implementation notes (Go's cond.go and sema.go's notifyList). Go's Wait takes a ticket
   * (notifyListAdd) before it unlocks L and sleeps on it after, so a Signal that comes in between
   * still counts it, and Signal wakes the lowest ticket not yet notified. Here the waiter takes its
   * place in the notify queue at that same moment, under the queue's lock: the queue order is the
   * ticket order, a signal grants the head, and one that comes before the waiter parks is found
   * by it at once. A cancelled waiter leaves the queue under the same lock, so it either was
   * granted (the signal stands, and await returns normally with the interrupt set) or no signal
   * ever reaches it: signals go to the waiters still queued, none is lost on it.
   */
  private static final String WAIT_REASON = "sync.Cond.Wait";

  private final Locker l;
  private final WaitQueue notify = new WaitQueue();

  /** Go's {@code sync.NewCond(l)}. */
  public Cond(Locker l) {
    this.l = Objects.requireNonNull(l, "l");
  }

  /** Go's {@code c.L}: the lock held while observing or changing the condition. */
  public Locker locker() {
    return l;
  }

  /**
   * Go's {@code c.Wait()}: unlocks {@link #locker()}, waits for a {@link #signal} or {@link
   * #broadcast}, and locks it again before returning. The condition may not hold when it returns:
   * call it in a loop.
   *
   * @throws CancelledException if the goroutine is interrupted while it waits (or was interrupted
   *     already); no signal was consumed, and the lock is held again, as on return
   */
  public void await() {
    Park.step("sync.Cond.Wait");
    if (Thread.interrupted()) {
      throw cancelled();
    }
    Waiter w = new Waiter(1);
    notify.lock();
    notify.add(w, false);
    notify.unlockAndWake();
    try {
      l.unlock();
    } catch (RuntimeException | Error e) { // not locked: leave, passing on a signal taken meanwhile
      if (!notify.withdraw(w, Cond::nothingToUndo)) {
        signal();
      }
      throw e;
    }
    boolean signalled = notify.await(w, WAIT_REASON, Cond::nothingToUndo) == Waiter.GRANTED;
    relock();
    if (!signalled) {
      throw cancelled();
    }
  }

  /** Locks l, come what may: an interrupt meanwhile is kept for later, as with a grant. */
  private void relock() {
    boolean interrupted = false;
    while (true) {
      try {
        l.lock();
        break;
      } catch (CancelledException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A waiter's withdrawal is all there is to undo: Cond keeps no counts. */
  private static void nothingToUndo() {}

  private static CancelledException cancelled() {
    return new CancelledException(WAIT_REASON + " interrupted; no signal was consumed");
  }

  /** Go's {@code c.Signal()}: wakes the goroutine that has waited longest, if any. */
  public void signal() {
    Park.step("sync.Cond.Signal");
    notify.lock();
    notify.grantFirst();
    notify.unlockAndWake();
  }

  /** Go's {@code c.Broadcast()}: wakes every waiting goroutine, longest waiter first. */
  public void broadcast() {
    Park.step("sync.Cond.Broadcast");
    notify.lock();
    while (notify.grantFirst()) {
      // grants every queued waiter, in order
    }
    notify.unlockAndWake();
  }
}
