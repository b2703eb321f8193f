package io.go4j.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Runs a test body deterministically: as goroutine 1 of a fresh runtime with one carrier, virtual
 * time, and every scheduling decision taken by a {@link Schedule}. The same schedule and the same
 * program give the same trace and the same result.
 */
public final class GoTestKit {
  /** Real-time limit of one run. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private GoTestKit() {}

  /**
   * Runs {@code body} under {@code schedule}; returns the trace.
   *
   * @throws ScheduleFailure if the body throws, a goroutine panics, the bubble deadlocks or leaves
   *     goroutines blocked, or the run takes more than {@link #DEFAULT_TIMEOUT}; its message holds
   *     the replay line and the trace
   */
  public static Trace run(Schedule schedule, TestBody body) {
    return run(schedule, body, DEFAULT_TIMEOUT);
  }

  /**
   * {@link #run(Schedule, TestBody)} with a real-time limit. A run that outlives it is closed: its
   * goroutines stop at their next go4j operation (one that never reaches one, a loop with no
   * operation, cannot be stopped), and the trace is what the run recorded until it was closed.
   */
  public static Trace run(Schedule schedule, TestBody body, Duration timeout) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(body, "body");
    Explorer.checkTimeout(timeout);
    Runs.Outcome o = Runs.deterministic(schedule, body, timeout);
    Trace trace = o.trace();
    if (o.failure() != null) {
      throw new ScheduleFailure(
          "test failed under "
              + schedule
              + ": "
              + o.failure()
              + "\nreplay: "
              + trace.replay()
              + "\ntrace:\n"
              + trace.format(),
          trace.replay(),
          trace,
          1,
          o.failure());
    }
    return trace;
  }
}
