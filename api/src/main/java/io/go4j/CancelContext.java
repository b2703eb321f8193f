package io.go4j;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.spi.GoDuration;
import io.go4j.runtime.spi.Timebase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A context with a {@link #cancel()}: Go's {@code WithCancel}, {@code WithCancelCause}, {@code
 * WithDeadline} and {@code WithTimeout}. Cancel it when the work it covers is done, as Go's {@code
 * defer cancel()} does — {@link #close()} cancels, so try-with-resources does it — or its
 * registration with a cancellable parent and its timer stay alive until the parent ends.
 *
 * <p>Implementation notes. {@code err} goes from null to its final value once, under {@code lock},
 * and at the same moment the watchers (derived contexts, after-funcs) are taken out; the watchers
 * and then the hook (a scope's reaction, which interrupts its goroutines) are told, the done channel closed and the timer cancelled
 * after the lock is released, so no lock is held while goroutines are readied, and the timer
 * thread, which cancels at a deadline, never waits for more than a registration. A watcher that
 * arrives after the cancellation is told at once, by the caller of {@link #watch}. The done
 * channel is made on first use, as Go's is; one asked for after the cancellation is the shared
 * closed channel; it is closed after {@code err} is set, so a receiver woken by the close sees
 * {@link #err()}.
 */
public final class CancelContext extends Context implements AutoCloseable {
  /** Go's {@code closedchan}: the done channel of a context cancelled before anyone asked. */
  private static final Chan<Void> CLOSED = Chan.make();

  static {
    CLOSED.close();
  }

  /** The nearest cancellable ancestor, which this context watches; null under a root. */
  private final CancelContext parentNode;

  /** This context's deadline, its own or inherited; null for none. */
  private final Instant deadline;

  /** Whether the deadline is this context's own (it has a timer), for toString. */
  private final boolean ownDeadline;

  private final Object lock = new Object();

  /** How this context watches its parent. */
  private final Watcher asChild = (e, why) -> cancel(false, e, why);

  /** Told first when this context is cancelled: its scope's reaction; null for none. */
  private final Watcher hook;

  /** Created on first use (Go's lazy {@code done}); guarded by lock for writes. */
  private volatile Chan<Void> done;

  private volatile CancelledException err;

  /** Guarded by lock; set with err. */
  private Throwable cause;

  /** Guarded by lock; null until the first watcher and once cancelled. */
  private Set<Watcher> watchers;

  /** Guarded by lock: the deadline's timer while it is pending. */
  private Timebase.Scheduled timer;

  private CancelContext(
      Context parent, CancelContext parentNode, Instant deadline, boolean own, Watcher hook) {
    super(parent);
    this.parentNode = parentNode;
    this.deadline = deadline;
    this.ownDeadline = own;
    this.hook = hook;
  }

  /** A child of {@code parent} whose cancellation first tells {@code hook} (a scope's context). */
  static CancelContext create(Context parent, Watcher hook) {
    return create(parent, null, 0, null, hook);
  }

  /**
   * A child of {@code parent}, watching its nearest cancellable ancestor; with {@code deadline}
   * non-null, cancelled with {@link #DEADLINE_EXCEEDED} at {@code whenNanos} of {@code tb}.
   */
  static CancelContext create(Context parent, Instant deadline, long whenNanos, Timebase tb) {
    return create(parent, deadline, whenNanos, tb, null);
  }

  private static CancelContext create(
      Context parent, Instant deadline, long whenNanos, Timebase tb, Watcher hook) {
    CancelContext node = parent.cancelNode();
    boolean own = deadline != null;
    CancelContext c =
        new CancelContext(
            parent, node, own ? deadline : node == null ? null : node.deadlineInstant(), own, hook);
    if (node != null && !node.watch(c.asChild)) {
      c.cancel(false, node.err, node.causeOf());
      return c;
    }
    if (own) {
      if (whenNanos <= tb.nanoTime()) { // saturated: compared, never subtracted
        c.cancel(true, DEADLINE_EXCEEDED, null);
      } else {
        Timebase.Scheduled t =
            tb.at(whenNanos, () -> c.cancel(true, DEADLINE_EXCEEDED, null));
        synchronized (c.lock) {
          if (c.err == null) {
            c.timer = t;
            t = null;
          }
        }
        if (t != null) {
          t.cancel(); // cancelled meanwhile
        }
      }
    }
    return c;
  }

  /** Cancels this context and those derived from it with {@link #CANCELED}; later calls do nothing. */
  public void cancel() {
    cancel(true, CANCELED, null);
  }

  /**
   * Go's {@code WithCancelCause}'s cancel: like {@link #cancel()}, and {@link #cause()} returns
   * {@code cause} (null means {@link #CANCELED}).
   */
  public void cancel(Throwable cause) {
    cancel(true, CANCELED, cause);
  }

  /** {@link #cancel()}, for try-with-resources (Go's {@code defer cancel()}). */
  @Override
  public void close() {
    cancel();
  }

  private void cancel(boolean removeFromParent, CancelledException e, Throwable why) {
    Throwable c = why != null ? why : e;
    Set<Watcher> toTell;
    Timebase.Scheduled t;
    Chan<Void> d;
    synchronized (lock) {
      if (err != null) {
        return;
      }
      cause = c;
      err = e;
      toTell = watchers;
      watchers = null;
      t = timer;
      timer = null;
      d = done;
      if (d == null) {
        done = CLOSED;
      }
    }
    if (d != null) {
      d.close();
    }
    if (t != null) {
      t.cancel();
    }
    if (removeFromParent && parentNode != null) {
      parentNode.unwatch(asChild);
    }
    List<Throwable> failures = new ArrayList<>(0);
    if (toTell != null) {
      for (Watcher w : toTell) {
        tell(w, e, c, failures);
      }
    }
    if (hook != null) { // last: a child interrupted by its scope finds the derived contexts done
      tell(hook, e, c, failures);
    }
    if (!failures.isEmpty()) {
      RuntimeException first = new IllegalStateException("a watcher of " + this + " failed");
      failures.forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void tell(Watcher w, CancelledException e, Throwable c, List<Throwable> failed) {
    try {
      w.cancelled(e, c);
    } catch (RuntimeException | Error failure) {
      failed.add(failure);
    }
  }

  /**
   * Registers {@code w} to be told of the cancellation; false (and {@code w} not registered) if
   * this context is already cancelled, in which case the caller acts at once.
   */
  boolean watch(Watcher w) {
    synchronized (lock) {
      if (err != null) {
        return false;
      }
      if (watchers == null) {
        watchers = new LinkedHashSet<>();
      }
      watchers.add(w);
      return true;
    }
  }

  /** Forgets {@code w}: it finished before this context was cancelled. */
  void unwatch(Watcher w) {
    synchronized (lock) {
      if (watchers != null) {
        watchers.remove(w);
      }
    }
  }

  @Override
  CancelContext cancelNode() {
    return this;
  }

  RecvChan<Void> doneChannel() {
    Chan<Void> d = done;
    if (d == null) {
      synchronized (lock) {
        d = done;
        if (d == null) {
          d = Chan.make();
          done = d;
        }
      }
    }
    return d;
  }

  CancelledException error() {
    return err;
  }

  Throwable causeOf() {
    if (err == null) {
      return null;
    }
    synchronized (lock) {
      return cause;
    }
  }

  Instant deadlineInstant() {
    return deadline;
  }

  @Override
  public String toString() {
    if (!ownDeadline) {
      return parent + ".WithCancel";
    }
    Timebase tb = Timebase.current();
    long now = tb.nanoTime();
    long left;
    try {
      left = Duration.between(tb.instant(now), deadline).toNanos();
    } catch (ArithmeticException far) {
      left = Long.MAX_VALUE;
    }
    return parent + ".WithDeadline(" + deadline + " [" + GoDuration.format(left) + "])";
  }
}
