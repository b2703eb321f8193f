package io.go4j.channels;

import io.go4j.channels.internal.TimerSource;
import io.go4j.runtime.spi.GoDuration;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Ticker} on the runtime's clock: {@link #c()} yields an instant every period. A
 * slow receiver misses ticks rather than queueing them (Go's one-slot buffer: the next tick is the
 * next period boundary after a receive). Go 1.23 semantics: no stale tick after {@link #stop} or
 * {@link #reset}; an unreferenced ticker costs nothing.
 */
public interface Ticker {
  /**
   * Go's {@code time.NewTicker}.
   *
   * @throws IllegalArgumentException {@code non-positive interval for NewTicker}
   */
  static Ticker newTicker(Duration period) {
    long nanos = GoDuration.nanos(period, "period");
    if (nanos <= 0) {
      throw new IllegalArgumentException("non-positive interval for NewTicker");
    }
    return TimerSource.ticker(nanos);
  }

  /** The channel ticks are received from (Go's {@code t.C}). */
  RecvChan<Instant> c();

  /** Stops the ticker; no tick is received afterwards. */
  void stop();

  /**
   * Stops the ticker and restarts it with a new period; the next tick comes one period after now.
   *
   * @throws IllegalArgumentException {@code non-positive interval for Ticker.Reset}
   */
  void reset(Duration period);
}
