package io.go4j.runtime;

import java.time.Duration;

/** A handle on a goroutine: identity, state and a way to wait for it. */
public interface Goroutine {
  /** Goroutine id: 1, 2, 3, ... per runtime, in order of creation. */
  long id();

  /** The name given at spawn, or {@code ""}. */
  String name();

  /** The goroutine's priority. */
  Priority priority();

  /** Current state. */
  GoroutineState state();

  /**
   * Go's wait reason ({@code chan receive}, {@code sleep}, ...) while {@link #state()} is WAITING;
   * while RUNNING but blocked in JDK code go4j does not know of, what the JDK has it wait for
   * ({@code waiting in the JDK}, {@code timed waiting in the JDK}, {@code waiting for a monitor});
   * else {@code ""}.
   */
  String waitReason();

  /** Waits until the goroutine has finished. From a goroutine, this parks it (wait reason {@code join}). */
  void join();

  /**
   * Waits at most {@code timeout} for the goroutine to finish: from a goroutine on its runtime's
   * clock (it parks with wait reason {@code join}; in a virtual-time runtime the limit is virtual
   * time), from a plain thread on the real clock. A zero or negative timeout does not wait.
   *
   * @return whether it finished
   */
  boolean join(Duration timeout);

  /** Whether the goroutine has not finished yet. */
  boolean isAlive();

  /**
   * Cancels what the goroutine is blocked in (or next blocks in) on a go4j primitive: that
   * operation throws {@link CancelledException} and did not happen. It is its virtual thread's
   * {@code interrupt()}, so JDK blocking calls see an interrupt.
   */
  void interrupt();

  /** The goroutine's current stack, innermost frame first, without the runtime's own frames. */
  StackTraceElement[] stackTrace();
}
