package io.go4j.sync;

import io.go4j.runtime.GoRuntime;
import java.util.function.Consumer;

/** Running an operation that may fail, keeping what it threw; and runtimes of a given size. */
final class Attempt {
  private Attempt() {}

  /** Runs {@code op}: null if it returned, else the exception it threw. */
  static RuntimeException of(Runnable op) {
    try {
      op.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /**
   * Runs {@code body} as the main goroutine of a fresh runtime with {@code procs} Ps: with one P, a
   * readied goroutine runs only when the main goroutine blocks, which makes races deterministic.
   */
  static void onRuntime(int procs, Consumer<GoRuntime> body) {
    try (GoRuntime rt = GoRuntime.builder().name("sync-test").maxProcs(procs).build()) {
      rt.main(() -> body.accept(rt));
    }
  }
}
