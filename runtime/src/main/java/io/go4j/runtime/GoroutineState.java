package io.go4j.runtime;

/**
 * A goroutine's scheduling state, as Go's {@code _Grunnable}, {@code _Grunning},
 * {@code _Gwaiting} and {@code _Gdead}. {@link #code()} is Go's number for it, as printed by
 * {@code scheddetail}.
 */
public enum GoroutineState {
  /** On a run queue, waiting for a P. */
  RUNNABLE(1),
  /** Mounted on a carrier (M) and running, or blocked in code go4j does not know of. */
  RUNNING(2),
  /** Parked on a go4j primitive; {@link Goroutine#waitReason()} says which. */
  WAITING(4),
  /** Finished. */
  DEAD(6);

  private final int code;

  GoroutineState(int code) {
    this.code = code;
  }

  /** Go's status number ({@code _Grunnable} = 1, {@code _Grunning} = 2, ...). */
  public int code() {
    return code;
  }
}
