package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.runtime.GoRuntime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/** Runs a test's body as the main goroutine of a runtime of its own, which it then closes. */
final class InRuntime {
  /** A hang guard for {@link #awaitState}, not a timing assertion. */
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private InRuntime() {}

  /** {@code body}'s value, computed by the main goroutine of a new runtime. */
  static <T> T main(Supplier<T> body) {
    return main((GoRuntime rt) -> body.get());
  }

  /** {@code body}'s value, computed by the main goroutine of {@code rt}, a new runtime. */
  static <T> T main(Function<GoRuntime, T> body) {
    try (GoRuntime rt = GoRuntime.builder().name("test").maxProcs(2).build()) {
      return main(rt, body);
    }
  }

  /** {@code body}'s value, computed by the main goroutine of {@code rt}. */
  static <T> T main(GoRuntime rt, Function<GoRuntime, T> body) {
    AtomicReference<T> result = new AtomicReference<>();
    rt.main(() -> result.set(body.apply(rt)));
    return result.get();
  }

  /**
   * Waits until {@code condition} holds, looking every millisecond: for a state that the program
   * reaches by itself (goroutines ending), never for a moment in time. Fails with {@code what}
   * and the dump if it does not hold after a long time, which means it never will. Call it from
   * the test's thread, not from a goroutine.
   */
  static void awaitState(GoRuntime rt, String what, BooleanSupplier condition) {
    long giveUp = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - giveUp > 0) {
        fail("never reached: " + what + "\n" + rt.dump());
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
