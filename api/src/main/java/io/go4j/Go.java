package io.go4j;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.channels.Ticker;
import io.go4j.channels.Timer;
import io.go4j.runtime.ExternalWaker;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineBuilder;
import io.go4j.select.Select;
import io.go4j.select.SelectValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's concurrency in one static import: {@code import static io.go4j.Go.*;}. Goroutines start on
 * the runtime of the calling goroutine, or on {@link GoRuntime#getDefault()} from other threads.
 */
public final class Go {
  private Go() {}

  /** {@code go f()}: starts {@code body} as a goroutine. */
  public static Goroutine go(Runnable body) {
    return runtime().go(body);
  }

  /** {@code go f()} with a name, shown by dumps. */
  public static Goroutine go(String name, Runnable body) {
    return runtime().go(name, body);
  }

  /** A goroutine with a name and a priority: {@code spawn().name("audio").priority(HIGH).start(...)}. */
  public static GoroutineBuilder spawn() {
    return runtime().spawn();
  }

  /**
   * A structured scope (errgroup with {@code defer}): runs {@code body}, waits for the children it
   * started with {@link Scope#go}, runs the deferred actions, and rethrows the first failure (see
   * {@link Scope}). Its context derives from the enclosing scope's, if any.
   */
  @SuppressWarnings("overloads") // deliberate: Body is a ValueBody<Void>, so it is the more specific
  public static void scope(Scope.Body body) {
    Scope.run(parentContext(), body);
  }

  /**
   * {@link #scope(Scope.Body)} whose body returns the scope's result: {@code int n = scope(s -> {
   * ...; return 42; });}. A lambda that fits both forms (an expression such as {@code s ->
   * compute(s)}) is taken as a {@code Body}; give it a block with {@code return} to get the value.
   */
  public static <R> R scope(Scope.ValueBody<R> body) {
    return Scope.run(parentContext(), body);
  }

  /** {@link #scope(Scope.Body)} with a context derived from {@code ctx} (errgroup.WithContext). */
  @SuppressWarnings("overloads") // as for scope(Body)
  public static void scope(Context ctx, Scope.Body body) {
    Scope.run(ctx, body);
  }

  /** {@link #scope(Scope.ValueBody)} with a context derived from {@code ctx}. */
  public static <R> R scope(Context ctx, Scope.ValueBody<R> body) {
    return Scope.run(ctx, body);
  }

  /** {@code make(chan T)}: an unbuffered channel. */
  public static <T> Chan<T> chan() {
    return Chan.make();
  }

  /** {@code make(chan T, n)}; {@code n < 0} is an {@link IllegalArgumentException}. */
  public static <T> Chan<T> chan(int n) {
    return Chan.make(n);
  }

  /** {@code select { ... }}: add cases, then {@link Select#run()}. */
  public static Select select() {
    return Select.select();
  }

  /** A select whose cases produce a value, returned by {@link SelectValue#get()}. */
  public static <R> SelectValue<R> selectValue() {
    return Select.selectValue();
  }

  /** {@code time.After(d)} on the runtime clock. */
  public static RecvChan<Instant> after(Duration d) {
    return Timer.after(d);
  }

  /** {@code time.NewTimer(d)} on the runtime clock. */
  public static Timer timer(Duration d) {
    return Timer.newTimer(d);
  }

  /** {@code time.NewTicker(d)} on the runtime clock. */
  public static Ticker ticker(Duration d) {
    return Ticker.newTicker(d);
  }

  /** {@code time.AfterFunc(d, f)}: runs {@code f} in its own goroutine after {@code d}. */
  public static Timer afterFunc(Duration d, Runnable f) {
    return Timer.afterFunc(d, f);
  }

  /** {@code runtime.Gosched()}: a preemption point that always yields. */
  public static void gosched() {
    GoRuntime.gosched();
  }

  /**
   * A preemption point that yields only when the runtime asked this goroutine to, and a
   * cancellation point: throws {@link io.go4j.runtime.CancelledException} if the goroutine was
   * cancelled (its scope failed, or it was interrupted). Cheap enough for hot loops.
   */
  public static void checkpoint() {
    GoRuntime.checkpoint();
  }

  /** {@code time.Sleep(d)} on the runtime clock. */
  public static void sleep(Duration d) {
    GoRuntime.sleep(d);
  }

  /** {@code time.Now()} on the runtime clock (virtual in a testkit bubble); see {@link GoRuntime#now}. */
  public static Instant now() {
    return GoRuntime.now();
  }

  /** {@code time.Since(t)}: how long ago {@code t} was on the runtime clock. */
  public static Duration since(Instant t) {
    return Duration.between(Objects.requireNonNull(t, "t"), GoRuntime.now());
  }

  /** {@code runtime.NumGoroutine()}. */
  public static int numGoroutine() {
    return runtime().numGoroutine();
  }

  /**
   * Declares that code outside the default runtime's goroutines (a platform thread) may still
   * wake them: {@link #main} declares no deadlock until it is closed ({@link
   * io.go4j.runtime.GoRuntime#externalWaker}).
   */
  public static ExternalWaker externalWaker() {
    return runtime().externalWaker();
  }

  /** {@code runtime.GOMAXPROCS(0)}. */
  public static int gomaxprocs() {
    return runtime().maxProcs();
  }

  /**
   * {@code func main}: runs {@code body} as a goroutine of the default runtime and returns when it
   * returns; fails with {@link io.go4j.runtime.DeadlockException} when every goroutine is asleep.
   * The first call runs it as goroutine 1 ({@link io.go4j.runtime.GoRuntime#main}).
   */
  public static void main(Runnable body) {
    GoRuntime.getDefault().main(body);
  }

  private static Context parentContext() {
    return Scope.enclosingContext();
  }

  private static GoRuntime runtime() {
    return GoRuntime.ofCaller();
  }
}
