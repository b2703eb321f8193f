package io.go4j.channels;

import io.go4j.channels.internal.TimerSource;
import io.go4j.runtime.spi.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time.Timer} on the runtime's clock, with Go 1.23 semantics: after {@link #stop} or
 * {@link #reset} no value prepared before the call is received, and a timer nobody references or
 * waits on costs nothing (it is not in the runtime's timer heap).
 */
public interface Timer {
  /**
   * Go's {@code time.NewTimer}: {@link #c()} yields the instant the timer fired, once, {@code d}
   * after now (at once if {@code d <= 0}).
   */
  static Timer newTimer(Duration d) {
    return TimerSource.timer(GoDuration.nanos(d, "d"));
  }

  /** Go's {@code time.After}: {@code newTimer(d).c()}. */
  static RecvChan<Instant> after(Duration d) {
    return newTimer(d).c();
  }

  /**
   * Go's {@code time.AfterFunc}: runs {@code f} in its own goroutine {@code d} after now. Its
   * {@link #c()} is a nil channel.
   */
  static Timer afterFunc(Duration d, Runnable f) {
    return TimerSource.afterFunc(GoDuration.nanos(d, "d"), Objects.requireNonNull(f, "f"));
  }

  /** The channel the timer's instant is received from (Go's {@code t.C}). */
  RecvChan<Instant> c();

  /**
   * Stops the timer: true if this call stopped it, false if it had already fired (its value was
   * received, or {@code afterFunc}'s function started) or been stopped.
   */
  boolean stop();

  /**
   * Restarts the timer to fire {@code d} after now, dropping any unreceived value; true if it had
   * been active.
   */
  boolean reset(Duration d);
}
