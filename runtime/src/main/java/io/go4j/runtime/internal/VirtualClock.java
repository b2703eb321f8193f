package io.go4j.runtime.internal;

/**
 * The clock of a virtual-time runtime (Go's synctest bubble): it starts at 0 and moves only when
 * the timer thread advances it to the next timer, once every goroutine is durably blocked. Only the
 * timer thread writes it.
 */
final class VirtualClock implements Clock {
  private volatile long now;

  @Override
  public long nanoTime() {
    return now;
  }

  /** Moves the clock to {@code when} if that is later; called by the timer thread only. */
  void advanceTo(long when) {
    if (when - now > 0) {
      now = when;
    }
  }
}
