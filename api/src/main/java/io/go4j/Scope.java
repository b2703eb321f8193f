package io.go4j;

import com.google.errorprone.annotations.MustBeClosed;
import io.go4j.channels.Chan;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.spi.Park;
import io.go4j.runtime.spi.WrappedBody;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A structured scope: Go's {@code errgroup.Group} with {@code defer}, and Kotlin's {@code
 * coroutineScope}. Children started with {@link #go} belong to it; {@link #close()} (the end of
 * {@link Go#scope}) waits for all of them, runs the deferred actions in LIFO order, and rethrows
 * the first failure.
 *
 * <pre>{@code
 * Go.scope(s -> {
 *   s.defer(() -> out.close());     // after every child finished, also on failure
 *   s.go(() -> produce(out));
 *   s.go(() -> consume(out));
 * });
 * try (Scope s = Scope.open()) { ... }
 * }</pre>
 *
 * <p>Failure: the first exception of a child or of the body fails the scope. The scope is then
 * cancelled: its {@link #context()} is cancelled with that exception as its cause, and every child
 * still running — and the owner, while it is still in the body — is interrupted, so that go4j
 * operations it is blocked in or enters (channels, select, sleep, sync, {@link Go#checkpoint()})
 * throw {@link CancelledException}. The scope rethrows the first failure: unchecked as it is,
 * checked wrapped in {@link ScopeFailedException}. Every later failure is attached to it as
 * suppressed, in the order the scope saw them (the children's and the body's as they ended, then
 * the deferred actions' in the order they ran), except the echoes of the cancellation: a {@code
 * CancelledException} with which a child or the body ends after the cancellation reached it. It
 * reaches every child, and the body unless the body cancelled the scope on its own thread ({@link
 * #cancel()}, or cancelling the parent context): the body is not interrupted then, so a {@code
 * CancelledException} it throws afterwards comes from elsewhere and is a failure. A deferred
 * action's exception is always a failure. A scope cancelled from outside (its parent context, or
 * an interrupt of the owner while it waits for the children) ends with a {@code
 * CancelledException}; one cancelled by {@link #cancel()} ends normally unless there is a failure.
 *
 * <p>Nesting: a scope opened by the body of another scope or by one of its children has the outer
 * scope's context as parent, so cancelling the outer scope cancels it. A goroutine started with
 * plain {@link Go#go} is not a child of any scope, as in Go: the scope neither waits for it nor
 * cancels it; it may start children of a scope it holds while that scope still accepts them.
 *
 * <p>{@code Scope.open()} in try-with-resources behaves as {@link Go#scope} only when the block
 * completes normally. Java calls {@code close()} without telling it whether the block threw, and
 * nothing else can tell it, so an exception escaping the block is not a failure of the scope: the
 * children are not cancelled (a child that never ends keeps {@code close()} waiting forever), the
 * scope's context stays uncancelled until every child has finished, and {@code close()} then runs
 * the deferred actions and throws the scope's own first failure, if any, which Java attaches as
 * suppressed to the block's exception, the one that propagates. For {@code Go.scope}'s behaviour,
 * use it, or cancel the scope on the way out:
 *
 * <pre>{@code
 * try (Scope s = Scope.open()) {
 *   try {
 *     ...
 *   } catch (Throwable t) {
 *     s.cancel(); // the children's CancelledExceptions are echoes; their other failures suppressed
 *     throw t;
 *   }
 * }
 * }</pre>
 *
 * <p>Implementation notes. {@code lock} guards the phase, the count of children, the list of
 * running children, the failures and the defers. A child is counted by {@link #go} before it
 * starts and links itself into the list before it runs its task, looking at the context after
 * that; cancellation sets the context's error before it interrupts the listed children, under the
 * lock. So a child either sees the cancellation before running its task (and skips it) or is
 * interrupted. The owner is interrupted only in the BODY phase, and the phase changes under the
 * lock, so no interrupt meant for the body reaches the code after the scope. The join's last look
 * at the count (zero) and the change to CLOSING are one locked section, and {@code go} counts a
 * child only before CLOSING, in another: so a child is either counted in time to be waited for,
 * or refused. Likewise the defers' last poll (empty) and the change to CLOSED, against {@link
 * #defer}. A {@code CancelledException} that reaches {@link #fail} after the context was cancelled
 * is an echo unless it is the body's and the cancellation ran on the owner's thread during the
 * body, which it then did not interrupt: every child running at the cancellation is interrupted,
 * and the body is too when the cancellation comes from another thread. The flag that tells is
 * set, in program order, before the body goes on, so it needs no lock.
 */
public final class Scope implements AutoCloseable {
  /** A child's work or a deferred action; may throw checked exceptions. */
  @FunctionalInterface
  public interface Task {
    void run() throws Exception;
  }

  /** The body of {@link Go#scope(ValueBody)}, producing the scope's result. */
  @FunctionalInterface
  public interface ValueBody<R> {
    R call(Scope s) throws Exception;
  }

  /**
   * The body of {@link Go#scope(Body)}. It is a {@code ValueBody<Void>} so that a lambda fitting
   * both, such as {@code s -> s.go(task)}, picks this one without a cast.
   */
  @FunctionalInterface
  public interface Body extends ValueBody<Void> {
    void run(Scope s) throws Exception;

    @Override
    default Void call(Scope s) throws Exception {
      run(s);
      return null;
    }
  }

  /** In order; each change happens under the lock. */
  private enum Phase {
    /** The body runs (or, for {@link #open()}, the try block). */
    BODY,
    /** close waits for the children; a child may still start more, and they are waited for. */
    JOINING,
    /** Every child has finished and none can start: close cancels and runs the defers. */
    CLOSING,
    /** The defers have run and none can be added. */
    CLOSED;

    boolean startsChildren() {
      return compareTo(JOINING) <= 0;
    }
  }

  /** A child: its task, and its goroutine while it runs, linked into {@link #running}. */
  private final class Child implements WrappedBody {
    final Task task;
    final Chan<Boolean> token;
    Goroutine goroutine;
    Child prev;
    Child next;

    Child(Task task, Chan<Boolean> token) {
      this.task = task;
      this.token = token;
    }

    @Override
    public void run() {
      runChild(this);
    }

    @Override
    public Object wrapped() {
      return task;
    }
  }

  /** The innermost scope the calling thread works for: as its owner (in the body) or its child. */
  private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

  private final GoRuntime runtime;
  private final Thread owner;

  /** The owner's goroutine (null on a plain thread), woken when the last child ends. */
  private final Goroutine ownerGoroutine;

  private final Scope enclosing;
  private final CancelContext context;
  private final Object lock = new Object();

  /** Guarded by lock. */
  private Phase phase = Phase.BODY;

  /** Guarded by lock: cancellation interrupted the owner in its body. */
  private boolean ownerInterrupted;

  /**
   * The cancellation ran on the owner's thread during the body (the body called {@link #cancel()}
   * or cancelled the parent context, or the scope was opened under a cancelled one), so it did not
   * interrupt the body. Written and read by the owner's thread only.
   */
  private boolean cancelledInBody;

  /** Guarded by lock: children counted by go, not yet finished. */
  private int active;

  /** Guarded by lock: the children running their task, a doubly linked list. */
  private Child running;

  /** Guarded by lock; null until the first. */
  private List<Throwable> failures;

  /** Guarded by lock; null until the first. */
  private Deque<Task> defers;

  /** Set before this scope cancels its own context: a failure, {@link #cancel()}, the end. */
  private volatile boolean cancelledHere;

  /** errgroup's {@code sem}: one token per running child while a limit is set; null for none. */
  private volatile Chan<Boolean> limit;

  private Scope(Context parent) {
    this.runtime = GoRuntime.ofCaller();
    this.owner = Thread.currentThread();
    this.ownerGoroutine = Park.current();
    this.enclosing = CURRENT.get();
    this.context = CancelContext.create(parent, (err, cause) -> cancelled(err));
  }

  /**
   * Opens a scope owned by the calling thread, for try-with-resources. Its context derives from
   * the enclosing scope's, if the caller works for one, else from {@link Context#background()}.
   */
  @MustBeClosed
  public static Scope open() {
    return open(enclosingContext());
  }

  /** The context of the scope the calling thread works for, else the background context. */
  static Context enclosingContext() {
    Scope outer = CURRENT.get();
    return outer != null ? outer.context : Context.background();
  }

  /** Opens a scope whose context derives from {@code parent} (errgroup's {@code WithContext}). */
  @MustBeClosed
  public static Scope open(Context parent) {
    Scope s = new Scope(Objects.requireNonNull(parent, "parent"));
    CURRENT.set(s);
    return s;
  }

  /** {@link Go#scope(Context, ValueBody)}: the body's exception fails the scope before it closes. */
  static <R> R run(Context parent, ValueBody<R> body) {
    Objects.requireNonNull(body, "body");
    R result = null;
    try (Scope s = open(parent)) {
      try {
        result = body.call(s);
      } catch (Throwable t) {
        s.fail(t);
      }
    }
    return result;
  }

  /** The context of this scope: cancelled when the scope fails, is cancelled, or ends. */
  public Context context() {
    return context;
  }

  /**
   * errgroup's {@code Go}: starts {@code task} as a child goroutine. With a {@link #setLimit
   * limit}, blocks (wait reason {@code chan send}) while that many children run. A task given to
   * a scope that is already cancelled is not started.
   *
   * <p>Any goroutine may call it while the scope's body runs, and while the scope waits for its
   * children at the end; a child started then is waited for too. Once the last child has finished
   * and the scope goes on closing, it throws: no child outlives its scope.
   *
   * @throws IllegalStateException {@code go on a closing scope} once every child has finished and
   *     the scope is closing (cancelling, running its deferred actions), {@code go on a closed
   *     scope} after that
   */
  public void go(Task task) {
    go("", task);
  }

  /** {@link #go(Task)} with a goroutine name, shown by dumps. */
  public void go(String name, Task task) {
    Objects.requireNonNull(task, "task");
    Chan<Boolean> sem = limit;
    if (sem != null) {
      sem.send(Boolean.TRUE);
    }
    start(name, task, sem);
  }

  /**
   * errgroup's {@code TryGo}: starts {@code task} as a child only if the limit allows one more
   * without waiting; true if it started.
   */
  public boolean tryGo(Task task) {
    Objects.requireNonNull(task, "task");
    Chan<Boolean> sem = limit;
    if (sem != null && !sem.trySend(Boolean.TRUE)) {
      return false;
    }
    return start("", task, sem);
  }

  /**
   * errgroup's {@code SetLimit}: at most {@code n} children run at once; a negative {@code n}
   * means no limit.
   *
   * @throws IllegalStateException if children are running (errgroup's panic)
   */
  public void setLimit(int n) {
    synchronized (lock) {
      if (active != 0) {
        throw new IllegalStateException(
            "errgroup: modify limit while "
                + active
                + " goroutines in the group are still active");
      }
      limit = n < 0 ? null : Chan.make(n);
    }
  }

  /**
   * Go's {@code defer}: {@code action} runs when the scope closes, after every child finished,
   * even if the scope failed; deferred actions run last-in first-out, and one that throws does
   * not stop the others.
   */
  public void defer(Task action) {
    Objects.requireNonNull(action, "action");
    synchronized (lock) {
      if (phase == Phase.CLOSED) {
        throw new IllegalStateException("defer on a closed scope");
      }
      if (defers == null) {
        defers = new ArrayDeque<>();
      }
      defers.push(action);
    }
  }

  /**
   * Cancels the scope without failing it (the children's resulting {@code CancelledException}s are
   * not failures): for "first result wins" and for leaving a try-with-resources block early.
   */
  public void cancel() {
    cancelledHere = true;
    context.cancel();
  }

  /**
   * Waits for every child, cancels the context, runs the deferred actions, and rethrows the first
   * failure. Must be called by the thread that opened the scope; later calls do nothing. An
   * interrupt while waiting cancels the scope; the wait goes on until every child has finished,
   * then a {@link CancelledException} is thrown.
   */
  @Override
  public void close() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a scope is closed by the thread that opened it");
    }
    synchronized (lock) {
      if (phase != Phase.BODY) {
        return;
      }
      phase = Phase.JOINING;
      if (ownerInterrupted) {
        Thread.interrupted(); // the body's cancellation must not outlive the body
      }
    }
    awaitChildren();
    cancelledHere = true;
    context.cancel();
    runDefers();
    Throwable failure;
    synchronized (lock) {
      failure = failures == null ? null : firstWithTheRestSuppressed(failures);
    }
    if (enclosing != null) {
      CURRENT.set(enclosing);
    } else {
      CURRENT.remove();
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw (RuntimeException) failure;
    }
  }

  private boolean start(String name, Task task, Chan<Boolean> sem) {
    Phase p;
    boolean cancelled;
    synchronized (lock) {
      p = phase;
      cancelled = context.err() != null;
      if (p.startsChildren() && !cancelled) {
        active++;
      }
    }
    if (!p.startsChildren() || cancelled) {
      release(sem); // outside the lock: it may ready a goroutine waiting in go for a slot
      if (!p.startsChildren()) {
        throw new IllegalStateException("go on a " + p.name().toLowerCase(Locale.ROOT) + " scope");
      }
      return false;
    }
    try {
      runtime.spawn().name(name).start(new Child(task, sem));
    } catch (RuntimeException | Error e) {
      release(sem);
      childEnded(null, false);
      throw e;
    }
    return true;
  }

  private void runChild(Child c) {
    c.goroutine = Park.current();
    boolean cancelled;
    synchronized (lock) {
      cancelled = context.err() != null;
      if (!cancelled) {
        c.next = running;
        if (running != null) {
          running.prev = c;
        }
        running = c;
      }
    }
    if (cancelled) {
      childEnded(c, false);
      return;
    }
    CURRENT.set(this);
    try {
      c.task.run();
    } catch (Throwable t) {
      fail(t);
    } finally {
      childEnded(c, true);
    }
  }

  private static void release(Chan<Boolean> sem) {
    if (sem != null) {
      sem.tryRecv(); // our token is there: never blocks
    }
  }

  /** A child ended: its token goes back, it is unlinked if it ran, the last one wakes the owner. */
  private void childEnded(Child c, boolean linked) {
    if (c != null) {
      release(c.token);
    }
    boolean last;
    synchronized (lock) {
      if (linked) {
        if (c.prev != null) {
          c.prev.next = c.next;
        } else {
          running = c.next;
        }
        if (c.next != null) {
          c.next.prev = c.prev;
        }
      }
      last = --active == 0;
    }
    if (last) {
      if (ownerGoroutine != null) {
        Park.ready(ownerGoroutine);
      } else {
        LockSupport.unpark(owner);
      }
    }
  }

  /**
   * Records a failure of a child or of the body, and cancels the scope if it is the first. A
   * {@code CancelledException} is an echo of the cancellation, not a failure, if the cancellation
   * reached the goroutine that threw it: every child, and the body unless the cancellation ran on
   * the body's own thread.
   */
  void fail(Throwable t) {
    boolean cancelled = context.err() != null;
    boolean reached = !(Thread.currentThread() == owner && cancelledInBody);
    if (cancelled && reached && t instanceof CancelledException) {
      return;
    }
    record(t);
    if (!cancelled) {
      cancelledHere = true;
      context.cancel(t);
    }
  }

  private void record(Throwable t) {
    synchronized (lock) {
      if (failures == null) {
        failures = new ArrayList<>(1);
      }
      failures.add(t);
    }
  }

  /** The context was cancelled: by a failure, by {@link #cancel()}, by the end, or from outside. */
  private void cancelled(CancelledException err) {
    if (!cancelledHere) { // recorded first: failures the interrupts below provoke come after it
      record(new CancelledException("scope cancelled: " + err.getMessage()));
    }
    synchronized (lock) {
      for (Child c = running; c != null; c = c.next) {
        c.goroutine.interrupt();
      }
      if (phase == Phase.BODY) {
        if (owner != Thread.currentThread()) {
          owner.interrupt();
          ownerInterrupted = true;
        } else {
          cancelledInBody = true;
        }
      }
    }
  }

  private void awaitChildren() {
    while (true) {
      synchronized (lock) {
        if (active == 0) {
          phase = Phase.CLOSING; // in the same section: a child counted later is refused
          return;
        }
      }
      Park.park("sync.WaitGroup.Wait");
      if (Thread.interrupted()) {
        context.cancel(); // from outside (not cancelledHere); a second cancel does nothing
      }
    }
  }

  private void runDefers() {
    while (true) {
      Task action;
      synchronized (lock) {
        action = defers == null ? null : defers.poll();
        if (action == null) {
          phase = Phase.CLOSED; // in the same section: a defer added later is refused
          return;
        }
      }
      try {
        action.run();
      } catch (Throwable t) {
        record(t);
      }
    }
  }

  /** What close throws: the first failure (checked ones wrapped), the others suppressed. */
  private static Throwable firstWithTheRestSuppressed(List<Throwable> all) {
    Throwable first = all.get(0);
    Throwable thrown =
        first instanceof RuntimeException || first instanceof Error
            ? first
            : new ScopeFailedException(first);
    for (Throwable t : all.subList(1, all.size())) {
      if (!t.equals(thrown)) { // Throwable's equals is identity; self-suppression throws
        thrown.addSuppressed(t);
      }
    }
    return thrown;
  }
}
