package io.go4j.sync;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.spi.Park;
import io.go4j.sync.internal.Sema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.Mutex}: a mutual exclusion lock, not reentrant and not owned (any goroutine may
 * unlock it), that blocks goroutines the go4j way: wait reason {@code sync.Mutex.Lock}, seen by
 * deadlock detection, and {@link CancelledException} for a goroutine interrupted while it waits.
 *
 * <p>It has Go's two modes. In normal mode waiters queue in FIFO order, but a woken waiter does
 * not own the mutex: it competes with newcomers, which have the edge of already running, and if it
 * loses it is queued again at the front. A waiter that fails to get the mutex for more than 1 ms
 * switches it to starvation mode: unlock hands the mutex directly to the waiter at the front, and
 * newcomers neither try to take it nor spin but queue at the tail. The mode returns to normal when
 * a waiter that receives the mutex is the last one or waited less than 1 ms. Normal mode is much
 * faster (a goroutine can take the mutex several times in a row although others wait); starvation
 * mode bounds the wait of the unlucky ones.
 */
public final class Mutex implements Locker {
  /*
   * Implementation notes (Go's mutex.go, ported with its constants).
   *
   * state = waiters << WAITER_SHIFT | STARVING | WOKEN | LOCKED. "waiters" counts goroutines that
   * registered to sleep on the semaphore and have not been woken by a normal-mode unlock; WOKEN
   * says a goroutine (a spinning newcomer, or a waiter a normal-mode unlock woke) is awake and
   * trying, so unlock need not wake another: at most one goroutine owns it. In starvation mode
   * the mutex counts as held while a handoff is on its way, although LOCKED is clear: the
   * receiver sets LOCKED and takes itself out of waiters.
   *
   * Cancellation. A normal-mode unlock moves one waiter from the count to the semaphore (count
   * minus one, WOKEN, a release) in one section under the semaphore's lock, so under that lock
   * "waiters" plus banked releases equals the registered waiters not yet woken (a handoff's
   * receiver counts until it takes itself out). A waiter cancelled there while queued (no release
   * is banked while anyone is queued) therefore finds its share in the count and takes it out
   * (leaveQueue); the last waiter to leave also ends starvation mode, for nobody is left to hand
   * the mutex to, unless a starvation-mode unlock already cleared LOCKED and its release is on its
   * way to the semaphore: that release will be banked, and the mode must stay so that whoever
   * queues next takes it as the handoff it is (newcomers queue behind a starving mutex) rather
   * than as a stray wake-up while another goroutine holds the mutex. A waiter woken by a grant
   * before its interrupt was seen is not cancelled by it: it goes on competing, and is cancelled
   * if it must queue again.
   */
  private static final int LOCKED = 1;
  private static final int WOKEN = 1 << 1;
  private static final int STARVING = 1 << 2;
  private static final int WAITER_SHIFT = 3;
  private static final int ONE_WAITER = 1 << WAITER_SHIFT;

  /**
   * Go's {@code starvationThresholdNs} = 1e6: a waiter that has waited longer than 1 ms switches
   * the mutex to starvation mode. Far above the cost of a wake-up (microseconds), so normal mode,
   * much faster because a running goroutine takes the mutex while a woken one is still being
   * scheduled, rules while waits are short; low enough to bound the tail latency of a goroutine
   * that keeps losing to newcomers at about a millisecond plus the queue ahead of it.
   */
  private static final long STARVATION_THRESHOLD_NS = 1_000_000;

  private static final String WAIT_REASON = "sync.Mutex.Lock";
  private static final String CANCELLED = WAIT_REASON + " interrupted; the lock was not acquired";

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;

  private final Sema sema = new Sema();

  /** An unlocked mutex: Go's zero value. */
  public Mutex() {}

  /**
   * Locks the mutex, blocking until it is available.
   *
   * @throws CancelledException if the goroutine is interrupted while it waits (or was interrupted
   *     already and would have to wait); the mutex was not acquired
   */
  @Override
  public void lock() {
    Park.step("sync.Mutex.Lock");
    lock(CANCELLED);
  }

  /** {@link #lock()} for a primitive built on this mutex, whose cancellation says {@code cancelled}. */
  void lock(String cancelled) {
    if (!STATE.compareAndSet(this, 0, LOCKED)) {
      lockSlow(cancelled);
    }
  }

  /** Locks the mutex if it is free and not promised to a starving waiter: whether it did. */
  public boolean tryLock() {
    Park.step("sync.Mutex.TryLock");
    int old = state;
    return (old & (LOCKED | STARVING)) == 0 && STATE.compareAndSet(this, old, old | LOCKED);
  }

  private void lockSlow(String cancelled) {
    long waitStart = 0;
    boolean starving = false;
    boolean awoke = false;
    int iter = 0;
    int old = state;
    while (true) {
      // Spin only while the mutex is held in normal mode: in starvation mode it goes to a waiter.
      if ((old & (LOCKED | STARVING)) == LOCKED && Park.canSpin(iter)) {
        // Claim WOKEN while spinning, so that an unlock does not wake a waiter in vain.
        if (!awoke
            && (old & WOKEN) == 0
            && (old >>> WAITER_SHIFT) != 0
            && STATE.compareAndSet(this, old, old | WOKEN)) {
          awoke = true;
        }
        Park.doSpin();
        iter++;
        old = state;
        continue;
      }
      int next = old;
      if ((old & STARVING) == 0) {
        next |= LOCKED; // newcomers do not take a starving mutex, they queue
      }
      if ((old & (LOCKED | STARVING)) != 0) {
        next += ONE_WAITER;
      }
      if (starving && (old & LOCKED) != 0) {
        next |= STARVING; // an unlocked mutex stays normal: this goroutine takes it now
      }
      if (awoke) {
        if ((next & WOKEN) == 0) {
          throw inconsistent();
        }
        next &= ~WOKEN; // going to sleep or holding the mutex: either way no longer the woken one
      }
      if (!STATE.compareAndSet(this, old, next)) {
        old = state;
        continue;
      }
      if ((old & (LOCKED | STARVING)) == 0) {
        return; // locked with the CAS
      }
      // A waiter that was woken and lost goes back to the front of the queue.
      boolean lifo = waitStart != 0;
      if (waitStart == 0) {
        waitStart = Park.nanoTime();
      }
      if (!sema.acquire(lifo, WAIT_REASON, this::leaveQueue)) {
        throw new CancelledException(cancelled);
      }
      starving = starving || Park.nanoTime() - waitStart > STARVATION_THRESHOLD_NS;
      old = state;
      if ((old & STARVING) != 0) {
        // Handed over: take the mutex and leave the count, in one add.
        if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
          throw inconsistent();
        }
        int delta = LOCKED - ONE_WAITER;
        if (!starving || (old >>> WAITER_SHIFT) == 1) {
          // Leave starvation mode here, judging by this waiter's own wait: the mode is so slow
          // that two goroutines taking turns could otherwise keep each other in it forever.
          delta -= STARVING;
        }
        STATE.getAndAdd(this, delta);
        return;
      }
      awoke = true;
      iter = 0;
    }
  }

  /**
   * Unlocks the mutex. Like Go's, a locked mutex is not tied to a goroutine: one may lock it and
   * another unlock it.
   *
   * @throws IllegalStateException {@code sync: unlock of unlocked mutex} (Go's fatal error); the
   *     state is left unchanged
   */
  @Override
  public void unlock() {
    Park.step("sync.Mutex.Unlock");
    if (!STATE.compareAndSet(this, LOCKED, 0)) {
      unlockSlow();
    }
  }

  private void unlockSlow() {
    int old;
    int next;
    do {
      old = state;
      if ((old & LOCKED) == 0) {
        throw new IllegalStateException("sync: unlock of unlocked mutex");
      }
      next = old - LOCKED;
    } while (!STATE.compareAndSet(this, old, next));
    if ((next & STARVING) != 0) {
      // The mutex still counts as held: hand it to the front waiter, and the time slice with it.
      sema.releaseHandoff();
    } else if (mayWake(next)) {
      wakeWaiter();
    }
  }

  /**
   * Whether a normal-mode unlock leaving {@code s} has a waiter to wake: none if nobody waits, or
   * somebody is awake already or took the mutex, or a starvation-mode handoff chain (not this
   * unlock's business) began meanwhile.
   */
  private static boolean mayWake(int s) {
    return (s >>> WAITER_SHIFT) != 0 && (s & (LOCKED | WOKEN | STARVING)) == 0;
  }

  private void wakeWaiter() {
    sema.lock();
    while (true) {
      int old = state;
      if (!mayWake(old)) {
        break;
      }
      if (STATE.compareAndSet(this, old, (old - ONE_WAITER) | WOKEN)) {
        sema.releaseLocked();
        break;
      }
    }
    sema.unlockAndWake();
  }

  /**
   * Under the semaphore's lock: a cancelled waiter takes its share out of the waiter count; the
   * last one ends starvation mode unless a handoff is on its way (LOCKED clear).
   */
  private void leaveQueue() {
    int old;
    int next;
    do {
      old = state;
      next = old - ONE_WAITER;
      if ((next >>> WAITER_SHIFT) == 0 && (next & LOCKED) != 0) {
        next &= ~STARVING;
      }
    } while (!STATE.compareAndSet(this, old, next));
  }

  private static IllegalStateException inconsistent() {
    return new IllegalStateException("sync: inconsistent mutex state");
  }
}
