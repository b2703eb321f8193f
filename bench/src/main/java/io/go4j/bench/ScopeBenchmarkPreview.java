package io.go4j.bench;

import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ScopeBenchmark}'s {@code StructuredTaskScope} workload, in a file of its own: javac marks
 * every class of a source file that uses a preview API as needing {@code --enable-preview}, and
 * only that benchmark's fork has it (the other forks load {@code ScopeBenchmark}).
 */
@SuppressWarnings("preview")
final class ScopeBenchmarkPreview {
  private ScopeBenchmarkPreview() {}

  /**
   * {@link ScopeBenchmark#N} times: open a scope (the default joiner: all subtasks must succeed),
   * fork a child that increments a counter, join, close; the counter must reach N.
   */
  static long structuredTaskScope() throws InterruptedException {
    AtomicLong ran = new AtomicLong();
    Runnable child = ran::incrementAndGet;
    for (int i = 0; i < ScopeBenchmark.N; i++) {
      try (StructuredTaskScope<Object, Void> scope = StructuredTaskScope.open()) {
        scope.fork(child);
        scope.join();
      }
    }
    return Workloads.check("subtasks run", ScopeBenchmark.N, ran.get());
  }
}
