package io.go4j.testkit;

/**
 * A test failed under a deterministic schedule. The message gives the failure, the one-line
 * replay ({@code Schedule.choices(...)}) that reproduces it and the trace of the failing run; the
 * cause is what the test threw (or the deadlock or timeout).
 */
public final class ScheduleFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final transient Schedule schedule;
  private final transient Trace trace;
  private final int tries;

  ScheduleFailure(String message, Schedule schedule, Trace trace, int tries, Throwable cause) {
    super(message, cause);
    this.schedule = schedule;
    this.trace = trace;
    this.tries = tries;
  }

  /** The schedule that reproduces the failure (after shrinking, for an exploration). */
  public Schedule schedule() {
    return schedule;
  }

  /** The failing run's trace. */
  public Trace trace() {
    return trace;
  }

  /** The run in which the exploration found the failure (1 for the first); 1 for a single run. */
  public int tries() {
    return tries;
  }
}
