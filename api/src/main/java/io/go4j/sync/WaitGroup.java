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
 * has returned. Go's misuse panics are {@link IllegalStateException}s with Go's messages.
 */
public final class WaitGroup {
  /*
   * Implementation notes (Go's waitgroup.go). state = counter << 32 | waiters: Add and Done are one
   * atomic add; Wait registers as a waiter by CAS while the counter is positive, then sleeps on the
   * semaphore. The Add that brings the counter to 0 with waiters resets state to 0 and releases
   * one token per waiter, in one section under the semaphore's lock. A waiter cancelled under that
   * lock was therefore not released yet: its registration is still in state, and it takes it back.
   */
  private static final String WAIT_REASON = "sync.WaitGroup.Wait";
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

  @SuppressWarnings("unused") // accessed through STATE
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
   * {@link #await} is released.
   *
   * @throws IllegalStateException {@code sync: negative WaitGroup counter} (the add is undone), or
   *     {@code sync: WaitGroup misuse: Add called concurrently with Wait} where Go detects it
   */
  public void add(int delta) {
    Park.step("sync.WaitGroup.Add");
    long d = (long) delta << 32;
    long s = (long) STATE.getAndAdd(this, d) + d;
    int v = counter(s);
    int w = waiters(s);
    if (v < 0) {
      STATE.getAndAdd(this, -d);
      throw new IllegalStateException("sync: negative WaitGroup counter");
    }
    if (w != 0 && delta > 0 && v == delta) {
      throw new IllegalStateException(CONCURRENT_ADD);
    }
    if (v > 0 || w == 0) {
      return;
    }
    releaseWaiters(s);
  }

  /**
   * The counter reached 0 with waiters: Go's "state = 0, semrelease per waiter". Cancelled waiters
   * may have left meanwhile; a counter that moved is a concurrent Add.
   */
  private void releaseWaiters(long s) {
    sema.lock();
    while (!STATE.compareAndSet(this, s, 0L)) {
      s = state;
      if (counter(s) != 0) {
        sema.unlockAndWake();
        throw new IllegalStateException(CONCURRENT_ADD);
      }
    }
    for (int w = waiters(s); w > 0; w--) {
      sema.releaseLocked();
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
