package io.go4j;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.spi.GoDuration;
import io.go4j.runtime.spi.Timebase;
import java.io.Serial;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Go's {@code context.Context}: a cancellation signal, a deadline and request-scoped values, passed
 * down a tree. Cancelling a context cancels every context derived from it; a derived context never
 * outlives its parent's deadline. Contexts are immutable and safe to share between goroutines.
 *
 * <pre>{@code
 * try (CancelContext ctx = Context.background().withTimeout(Duration.ofSeconds(1))) {
 *   select().recv(results, r -> use(r)).recv(ctx.done(), x -> fail(ctx.err())).run();
 * }
 * }</pre>
 *
 * <p>Deadlines run on the runtime clock of the goroutine that creates the context (the testkit's
 * virtual clock in a bubble). {@link #toString()} describes the chain as Go does, for example
 * {@code context.Background.WithCancel.WithValue(user, alice)}.
 */
public class Context {
  /** Go's {@code context.Canceled}: {@link #err()} of a context cancelled by a cancel call. */
  @SuppressWarnings("StaticAssignmentOfThrowable") // Go's error values, compared by identity
  public static final CancelledException CANCELED = new ContextError("context canceled");

  /** Go's {@code context.DeadlineExceeded}: {@link #err()} of a context whose deadline passed. */
  @SuppressWarnings("StaticAssignmentOfThrowable") // stackless, suppression disabled: shareable
  public static final CancelledException DEADLINE_EXCEEDED =
      new ContextError("context deadline exceeded");

  /** A shared error value: no stack trace, and {@code addSuppressed} leaves it unchanged. */
  private static final class ContextError extends CancelledException {
    @Serial private static final long serialVersionUID = 1L;

    ContextError(String message) {
      super(message, null, false, false);
    }

    /** Go's text alone, as Go prints its error: {@code context canceled}. */
    @Override
    @SuppressWarnings("OverrideThrowableToString") // deliberate: the message is already Go's text
    public String toString() {
      return getMessage();
    }
  }

  /**
   * A key for {@link #withValue}: compared by identity, so two keys with the same name are
   * different keys (Go's advice to use an unexported key type, built in).
   */
  public static final class Key<T> {
    private final String name;

    private Key(String name) {
      this.name = name;
    }

    /** A new key, named {@code name} in {@link Context#toString()}. */
    public static <T> Key<T> of(String name) {
      return new Key<>(Objects.requireNonNull(name, "name"));
    }

    /** A value bound under this key by {@link Context#withValue}, which took a {@code T}. */
    @SuppressWarnings("unchecked")
    T cast(Object value) {
      return (T) value;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** What {@link #afterFunc} returns: Go's {@code stop} function. */
  public interface AfterFunc {
    /**
     * Stops the function from being run: true if this call stopped it, false if it has already
     * been started or stopped.
     */
    boolean stop();
  }

  /** Something told once when a {@link CancelContext} is cancelled (a child, an after-func). */
  interface Watcher {
    void cancelled(CancelledException err, Throwable cause);
  }

  private static final Context BACKGROUND = new Context(null, "context.Background");
  private static final Context TODO = new Context(null, "context.TODO");
  private static final RecvChan<Void> NEVER = Chan.<Void>nil().recvOnly();

  /** The context this one derives from; null for the roots. */
  final Context parent;

  /** The name of a root; null otherwise. */
  private final String rootName;

  Context(Context parent) {
    this(Objects.requireNonNull(parent, "parent"), null);
  }

  private Context(Context parent, String rootName) {
    this.parent = parent;
    this.rootName = rootName;
  }

  /** Go's {@code context.Background()}: never cancelled, no deadline, no values. */
  public static Context background() {
    return BACKGROUND;
  }

  /** Go's {@code context.TODO()}: like {@link #background()}, marking code still to be plumbed. */
  public static Context todo() {
    return TODO;
  }

  /** The nearest cancellable context on the way to the root (this one included), or null. */
  CancelContext cancelNode() {
    return parent == null ? null : parent.cancelNode();
  }

  /**
   * A channel closed when this context is cancelled, for {@code select}; never closed (a nil
   * channel) for a context that cannot be cancelled.
   */
  public RecvChan<Void> done() {
    CancelContext c = cancelNode();
    return c == null ? NEVER : c.doneChannel();
  }

  /**
   * Null while not cancelled; then {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}, which never
   * changes again.
   */
  public CancelledException err() {
    CancelContext c = cancelNode();
    return c == null ? null : c.error();
  }

  /**
   * Go's {@code context.Cause}: why this context was cancelled — the cause given to {@link
   * CancelContext#cancel(Throwable)} (a scope's first failure, for a scope's context), else
   * {@link #err()}; null while not cancelled.
   */
  public Throwable cause() {
    CancelContext c = cancelNode();
    return c == null ? null : c.causeOf();
  }

  /** The deadline, if this context or an ancestor has one. */
  public Optional<Instant> deadline() {
    CancelContext c = cancelNode();
    return c == null ? Optional.empty() : Optional.ofNullable(c.deadlineInstant());
  }

  /** The value bound to {@code key} by the nearest {@link #withValue}, or null. */
  public <T> T value(Key<T> key) {
    Objects.requireNonNull(key, "key");
    for (Context c = this; c != null; c = c.parent) {
      if (c instanceof ValueContext v && v.key == key) {
        return key.cast(v.value);
      }
    }
    return null;
  }

  /** Go's {@code context.WithCancel}: a child cancelled by its {@code cancel()} or its parent's. */
  public CancelContext withCancel() {
    return CancelContext.create(this, null, 0, null);
  }

  /**
   * Go's {@code context.WithTimeout}: {@link #withDeadline} at now plus {@code timeout} on the
   * runtime clock. A zero or negative timeout gives a context already cancelled with {@link
   * #DEADLINE_EXCEEDED}.
   */
  public CancelContext withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    Timebase tb = Timebase.current();
    long now = tb.nanoTime();
    Instant deadline;
    try {
      deadline = tb.instant(now).plus(timeout);
    } catch (DateTimeException | ArithmeticException beyondInstant) {
      deadline = timeout.isNegative() ? Instant.MIN : Instant.MAX;
    }
    return withDeadline(deadline, now + GoDuration.nanos(timeout, "timeout"), tb);
  }

  /**
   * Go's {@code context.WithDeadline}: a child cancelled with {@link #DEADLINE_EXCEEDED} at {@code
   * deadline}, or earlier by its {@code cancel()} or its parent. If the parent's deadline is
   * sooner, the child keeps it (and is then just a {@link #withCancel}).
   */
  public CancelContext withDeadline(Instant deadline) {
    Objects.requireNonNull(deadline, "deadline");
    Timebase tb = Timebase.current();
    long now = tb.nanoTime();
    long left = GoDuration.nanos(Duration.between(tb.instant(now), deadline), "deadline");
    return withDeadline(deadline, now + left, tb);
  }

  private CancelContext withDeadline(Instant deadline, long whenNanos, Timebase tb) {
    CancelContext node = cancelNode();
    Instant inherited = node == null ? null : node.deadlineInstant();
    if (inherited != null && !inherited.isAfter(deadline)) {
      return withCancel(); // the parent's deadline comes first
    }
    return CancelContext.create(this, deadline, whenNanos, tb);
  }

  /** Go's {@code context.WithValue}: a child carrying {@code value} under {@code key}. */
  public <T> Context withValue(Key<T> key, T value) {
    return new ValueContext(this, Objects.requireNonNull(key, "key"), value);
  }

  /**
   * Go's {@code context.AfterFunc}: runs {@code f} in its own goroutine once this context is
   * cancelled (at once if it already is), unless {@link AfterFunc#stop()} comes first.
   */
  public AfterFunc afterFunc(Runnable f) {
    Objects.requireNonNull(f, "f");
    Timebase tb = Timebase.current();
    AtomicBoolean once = new AtomicBoolean();
    CancelContext node = cancelNode();
    Watcher w =
        (err, cause) -> {
          if (once.compareAndSet(false, true)) {
            tb.go(f);
          }
        };
    if (node != null && !node.watch(w)) {
      w.cancelled(node.error(), node.causeOf()); // already cancelled: run it now
    }
    return () -> {
      boolean stopped = once.compareAndSet(false, true);
      if (stopped && node != null) {
        node.unwatch(w);
      }
      return stopped;
    };
  }

  @Override
  public String toString() {
    return rootName;
  }

  /** {@link #withValue}'s context. */
  private static final class ValueContext extends Context {
    final Key<?> key;
    final Object value;

    ValueContext(Context parent, Key<?> key, Object value) {
      super(parent);
      this.key = key;
      this.value = value;
    }

    @Override
    public String toString() {
      return parent + ".WithValue(" + key + ", " + value + ")";
    }
  }
}
