package io.go4j.runtime.internal;

import io.go4j.runtime.Priority;

/**
 * A bare {@link Sched} for unit tests of its parts (run queues, the goroutine registry,
 * deterministic control), with no {@code GoRuntime} around it, and goroutines that are never
 * started.
 */
final class TestScheds {
  private TestScheds() {}

  /** One P, ten threads at most, no trace, preemption and pair splitting on, real time. */
  static Sched oneP(String name) {
    return new Sched(
        null, name, 1, 10, 0, false, true, true, System.err, System.err, false, false, null);
  }

  /** An unstarted NORMAL goroutine with an empty body. */
  static G g(Sched sched, long id) {
    return new G(sched, id, "", 0, 0, Priority.NORMAL, CreationSite.UNKNOWN, () -> {});
  }
}
