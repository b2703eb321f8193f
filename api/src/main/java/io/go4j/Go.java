package io.go4j;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineBuilder;
import java.time.Duration;

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

  /** {@code runtime.Gosched()}: a preemption point that always yields. */
  public static void gosched() {
    GoRuntime.gosched();
  }

  /** A preemption point that yields only when the runtime asked this goroutine to. */
  public static void checkpoint() {
    GoRuntime.checkpoint();
  }

  /** {@code time.Sleep(d)} on the runtime clock. */
  public static void sleep(Duration d) {
    GoRuntime.sleep(d);
  }

  /** {@code runtime.NumGoroutine()}. */
  public static int numGoroutine() {
    return runtime().numGoroutine();
  }

  /** {@code runtime.GOMAXPROCS(0)}. */
  public static int gomaxprocs() {
    return runtime().maxProcs();
  }

  /**
   * {@code func main}: runs {@code body} as a goroutine of the default runtime and returns when it
   * returns; fails with {@link io.go4j.runtime.DeadlockException} when every goroutine is asleep.
   */
  public static void main(Runnable body) {
    GoRuntime.getDefault().main(body);
  }

  private static GoRuntime runtime() {
    return GoRuntime.getDefault();
  }
}
