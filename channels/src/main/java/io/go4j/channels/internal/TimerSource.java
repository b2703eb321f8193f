package io.go4j.channels.internal;

import io.go4j.channels.RecvChan;
import io.go4j.channels.Ticker;
import io.go4j.channels.Timer;
import io.go4j.runtime.spi.GoDuration;
import io.go4j.runtime.spi.Timebase;
import java.time.Duration;
import java.time.Instant;

/**
 * A timer or ticker whose channel is filled lazily (Go 1.23's synchronous timer channels).
 *
 * <p>Implementation notes. All state is guarded by the channel's lock. While {@code active}, the
 * next value is due at {@code when}; a receive that finds it due takes it at once ({@link
 * #refill}), so nothing is ever buffered across a {@link #stop} or {@link #reset}, which both drop
 * what {@code refill} may have put in the buffer. A runtime timer is armed only while a receiver is
 * queued ({@link #arm}); when it fires it hands the value to the first receiver and re-arms if
 * receivers remain, and is cancelled when the last receiver leaves ({@link #unwatch}). So an
 * unwatched timer is referenced by nobody but its owner.
 */
public final class TimerSource implements Timer {
  private final Timebase time;
  private final Channel<Instant> ch;
  private long when;
  private long period;
  private boolean active;
  private Timebase.Scheduled armed;

  /** Counts the runtime timers armed: a firing of any but the last one is stale ({@link #fire}). */
  private long armings;

  private TimerSource(long delayNanos, long period) {
    this.time = Timebase.current();
    this.ch = new Channel<>(this);
    this.period = period;
    this.when = time.nanoTime() + Math.max(0, delayNanos);
    this.active = true;
  }

  public static Timer timer(long delayNanos) {
    return new TimerSource(delayNanos, 0);
  }

  public static Ticker ticker(long periodNanos) {
    TimerSource t = new TimerSource(periodNanos, periodNanos);
    return new Ticker() {
      @Override
      public RecvChan<Instant> c() {
        return t.ch;
      }

      @Override
      public void stop() {
        t.stop();
      }

      @Override
      public void reset(Duration period) {
        t.reset(period);
      }

      @Override
      public String toString() {
        return t.toString();
      }
    };
  }

  public static Timer afterFunc(long delayNanos, Runnable f) {
    return new AfterFunc(Timebase.current(), delayNanos, f);
  }

  /** Under the lock: if the next value is due, puts it in the buffer and moves on. */
  void refill() {
    if (!active) {
      return;
    }
    long now = time.nanoTime();
    if (now - when < 0) {
      return;
    }
    ch.fill(time.instant(when));
    if (period > 0) {
      when += period * (1 + (now - when) / period); // missed ticks are dropped, as in Go
    } else {
      active = false;
    }
  }

  /** Under the lock, a receiver queued: makes sure a runtime timer will serve it. */
  void arm() {
    if (active && armed == null) {
      long arming = ++armings;
      armed = time.at(when, () -> fire(arming));
    }
  }

  /**
   * Under the lock, after a receiver left without a value: with nobody waiting, the runtime timer
   * goes (Go 1.23's {@code unblockTimerChan}), so a select that lost to another case leaves nothing
   * behind in the heap.
   */
  void unwatch() {
    if (ch.isEmpty(WaitQueues.RECEIVERS)) {
      cancelArmed();
    }
  }

  private void cancelArmed() {
    if (armed != null) {
      armed.cancel();
      armed = null;
    }
  }

  /**
   * The runtime timer of the {@code arming}-th {@link #arm} fired. Stale if a {@link #stop} or
   * {@link #reset} came first, too late to cancel it (it had started firing): that call dropped it,
   * and a timer armed since serves the receivers; this one must neither forget that one nor arm
   * another beside it.
   */
  void fire(long arming) {
    ch.lock();
    if (armed == null || arming != armings) {
      ch.unlock();
      return;
    }
    armed = null;
    Node r = serveWaiters();
    ch.unlock();
    Channel.wakeReceiver(r);
  }

  /**
   * Under the lock, receivers queued: hands a due value to the first and keeps a runtime timer
   * armed for the rest; the receiver to wake once unlocked, or null.
   */
  private Node serveWaiters() {
    refill();
    Node r = ch.deliverToWaiter();
    if (!ch.isEmpty(WaitQueues.RECEIVERS)) {
      arm();
    }
    return r;
  }

  /**
   * Under the lock: stops, dropping an unreceived value; whether it was active or such a value was
   * dropped (Go 1.23's {@code timerchandrain}: a value the timer prepared that nobody received
   * counts as stopped, so {@code if (!t.stop()) t.c().recv()} never blocks for it).
   */
  private boolean disarm() {
    boolean dropped = ch.drain();
    boolean was = active || dropped;
    active = false;
    cancelArmed();
    return was;
  }

  @Override
  public RecvChan<Instant> c() {
    return ch;
  }

  @Override
  public boolean stop() {
    ch.lock();
    boolean was = disarm();
    ch.unlock();
    return was;
  }

  @Override
  public boolean reset(Duration d) {
    long nanos = GoDuration.nanos(d, "d");
    if (period > 0 && nanos <= 0) {
      throw new IllegalArgumentException("non-positive interval for Ticker.Reset");
    }
    ch.lock();
    boolean was = disarm();
    if (period > 0) {
      period = nanos;
    }
    when = time.nanoTime() + Math.max(0, nanos);
    active = true;
    // reset(0) with a receiver waiting delivers now, not through the timer thread
    Node r = ch.isEmpty(WaitQueues.RECEIVERS) ? null : serveWaiters();
    ch.unlock();
    Channel.wakeReceiver(r);
    return was;
  }

  @Override
  public String toString() {
    return (period > 0 ? "ticker" : "timer") + " on " + ch;
  }
}
