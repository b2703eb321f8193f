package io.go4j.runtime.spi;

import io.go4j.runtime.internal.Sched;
import io.go4j.runtime.internal.Timers;
import java.time.Instant;
import java.util.Objects;

/**
 * A runtime's clock and timers, for the primitives that measure time (channel timers and tickers,
 * context deadlines): the runtime of the goroutine that asks, or the default runtime on other
 * threads. Timer actions run on the runtime's timer thread and must be short and never block.
 */
public final class Timebase {
  /** A timer set with {@link #at}. */
  public static final class Scheduled {
    private final Sched sched;
    private final Timers.Timer timer;

    private Scheduled(Sched sched, Timers.Timer timer) {
      this.sched = sched;
      this.timer = timer;
    }

    /** Cancels the timer; false if its action already ran or it was already cancelled. */
    public boolean cancel() {
      return sched.cancel(timer);
    }
  }

  private final Sched sched;

  /** The caller's {@link Origins origin}, which goroutines started through {@link #go} record. */
  private final long origin;

  private Timebase(Sched sched, long origin) {
    this.sched = sched;
    this.origin = origin;
  }

  /** The timebase of the calling goroutine's runtime, or of the default runtime. */
  public static Timebase current() {
    return new Timebase(Sched.forCaller(), Sched.origin());
  }

  /**
   * Whether the runtime's clock is virtual (a testkit bubble, or deterministic scheduling): it
   * moves only when every goroutine of the runtime is durably blocked and no {@code ExternalWaker}
   * is open, then jumps to the next timer.
   */
  public boolean virtual() {
    return sched.virtualTime();
  }

  /** Monotonic nanoseconds on the runtime's clock. */
  public long nanoTime() {
    return sched.nanoTime();
  }

  /** The wall-clock instant of a {@link #nanoTime} reading. */
  public Instant instant(long nanos) {
    return sched.instant(nanos);
  }

  /** Runs {@code action} on the runtime's timer thread at {@code whenNanos}. Never blocks. */
  public Scheduled at(long whenNanos, Runnable action) {
    return new Scheduled(sched, sched.at(whenNanos, Objects.requireNonNull(action, "action")));
  }

  /**
   * Starts {@code body} as a goroutine of this runtime (from any thread, timer actions too),
   * attributed to the origin of the code that asked for this timebase (a leak check of a test
   * sees the goroutines its {@code afterFunc}s started).
   */
  public void go(Runnable body) {
    sched.spawn(origin, body);
  }
}
