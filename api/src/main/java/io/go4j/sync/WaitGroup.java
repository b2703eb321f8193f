package io.go4j.sync;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.spi.Park;
import io.go4j.runtime.spi.WrappedBody;
import io.go4j.sync.internal.Sema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of goroutines to finish. {@link #add} the
 * number to wait for (or start each with {@link #go}), each calls {@link #done} when finished, and
 * {@link #await} blocks until the counter is zero (wait reason {@code sync.WaitGroup.Wait}).
 *
 * <p>As in Go, calls to {@code add} with a positive delta that start from a zero counter must
 * happen before {@code await}; a group may be reused once every {@code await} of the previous round
 * has returned. Go's misuse panics are {@link IllegalStateException}s with Go's messages (plus one
 * for a counter that would overflow, which Go's wraps around to a negative one); an {@code add}
 * that throws has no effect.
 */
public final class WaitGroup {
  /*
   * Implementation notes (Go's waitgroup.go). state = counter << 32 | waiters.
   *
   * - Add and Done are one CAS on state, which checks the new counter first: a delta that would
   *   make it negative (or overflow it) is rejected before anything is written, so no other
   *   goroutine ever sees a counter below zero (Go adds, then panics: a transient negative counter
   *   would let a concurrent Wait register and sleep forever, and make a concurrent legitimate Done
   *   throw). counter >= 0 always.
   * - Wait registers as a waiter by CAS while the counter is positive, then sleeps on the
   *   semaphore. An Add that would raise a zero counter while waiters are registered (a release
   *   under way: Go's "Add called concurrently with Wait") is rejected the same way.
   * - So a state with counter 0 and waiters > 0 changes only under the semaphore's lock: Add
   *   rejects any change of the counter, Wait does not register on a zero counter, and a cancelled
   *   waiter takes its registration back under that lock. The Add that brought the counter to 0 with
   *   waiters takes the lock and, if that state is still there, resets it to 0 and releases one
   *   token per waiter still registered. If every waiter was cancelled meanwhile, there is nobody
   *   to release (and the group may already be in its next round, which is not touched).
   * - A waiter cancelled under that lock was therefore not released yet: its registration is still
   *   in state, and it takes it back.
   */
  private static final String WAIT_REASON = "sync.WaitGroup.Wait";
  private static final String NEGATIVE = "sync: negative WaitGroup counter";
  private static final String CONCURRENT_ADD =
      "sync: WaitGroup misuse: Add called concurrently with Wait";

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile long state;

  private final Sema sema = new Sema();

  /** A group with a zero counter: Go's zero value. */
  public WaitGroup() {}

  private static int counter(long s) {
    return (int) (s >> 32);
  }

  private static int waiters(long s) {
    return (int) s;
  }

  /**
   * Adds {@code delta}, which may be negative, to the counter; at zero, every goroutine blocked in
   * {@link #await} is released. A rejected call changes nothing, and nobody sees it.
   *
   * @throws IllegalStateException {@code sync: negative WaitGroup counter} if the counter would go
   *     below zero; {@code sync: WaitGroup counter overflow} if it would exceed {@link
   *     Integer#MAX_VALUE}; {@code sync: WaitGroup misuse: Add called concurrently with Wait} if it
   *     would rise from zero while the waiters of the previous round are being released
   */
  public void add(int delta) {
    Park.step("sync.WaitGroup.Add");
    long d = (long) delta << 32;
    long s;
    do {
      s = state;
      long v = (long) counter(s) + delta;
      if (v < 0) {
        throw new IllegalStateException(NEGATIVE);
      }
      if (v > Integer.MAX_VALUE) {
        throw new IllegalStateException("sync: WaitGroup counter overflow");
      }
      if (waiters(s) != 0 && delta > 0 && v == delta) {
        throw new IllegalStateException(CONCURRENT_ADD);
      }
    } while (!STATE.compareAndSet(this, s, s + d));
    if (counter(s + d) == 0 && waiters(s) != 0) {
      releaseWaiters();
    }
  }

  /**
   * The counter reached 0 with waiters: Go's "state = 0, semrelease per waiter", unless the
   * waiters all left (cancelled) before the lock was taken, or another Add released them.
   */
  private void releaseWaiters() {
    sema.lock();
    long s = state;
    if (counter(s) == 0 && waiters(s) != 0) { // a state only this lock's holder changes
      state = 0L;
      for (int w = waiters(s); w > 0; w--) {
        sema.releaseLocked();
      }
    }
    sema.unlockAndWake();
  }

  /** Decrements the counter by one. */
  public void done() {
    add(-1);
  }

  /**
   * Blocks until the counter is zero.
   *
   * @throws CancelledException if the goroutine is interrupted while it waits (or was interrupted
   *     already and would have to wait)
   * @throws IllegalStateException {@code sync: WaitGroup is reused before previous Wait has
   *     returned} when the group was added to again before this wait returned
   */
  public void await() {
    Park.step("sync.WaitGroup.Wait");
    while (true) {
      long s = state;
      if (counter(s) == 0) {
        return;
      }
      if (STATE.compareAndSet(this, s, s + 1)) {
        if (!sema.acquire(false, WAIT_REASON, this::leave)) {
          throw new CancelledException(
              WAIT_REASON + " interrupted; the counter had not reached zero");
        }
        if (state != 0) {
          throw new IllegalStateException(
              "sync: WaitGroup is reused before previous Wait has returned");
        }
        return;
      }
    }
  }

  /** Under the semaphore's lock: a cancelled waiter takes back its registration. */
  private void leave() {
    STATE.getAndAdd(this, -1L);
  }

  /**
   * Go 1.25's {@code wg.Go(f)}: adds one, runs {@code f} in a new goroutine of the caller's
   * runtime, and calls {@link #done} when it returns or throws (an exception still escapes the
   * goroutine: a panic).
   *
   * @return the new goroutine
   */
  public Goroutine go(Runnable f) {
    Objects.requireNonNull(f, "f");
    add(1);
    try {
      return GoRuntime.ofCaller()
          .go(
              new WrappedBody() {
                @Override
                public void run() {
                  try {
                    f.run();
                  } finally {
                    done();
                  }
                }

                @Override
                public Object wrapped() {
                  return f;
                }
              });
    } catch (RuntimeException | Error e) {
      done(); // not started
      throw e;
    }
  }
}
