package io.go4j.channels.internal;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.channels.Timer;
import io.go4j.runtime.spi.GoDuration;
import io.go4j.runtime.spi.SpinLock;
import io.go4j.runtime.spi.Timebase;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.AfterFunc}: a runtime timer that starts {@code f} in a new goroutine.
 *
 * <p>Implementation notes. {@code armed} and {@code generation} are guarded by the lock. A runtime
 * timer fires or is cancelled exactly once, so {@link #stop} is true exactly when it cancelled the
 * pending one. A timer that fires while a {@link #reset} replaces it only clears {@code armed} if
 * it is still the current generation.
 */
final class AfterFunc extends SpinLock implements Timer {
  private final Timebase time;
  private final Runnable f;
  private Timebase.Scheduled armed;
  private long generation;

  AfterFunc(Timebase time, long delayNanos, Runnable f) {
    this.time = time;
    this.f = f;
    lock();
    schedule(delayNanos);
    unlock();
  }

  /** Under the lock. */
  private void schedule(long delayNanos) {
    long gen = ++generation;
    armed = time.at(time.nanoTime() + Math.max(0, delayNanos), () -> fire(gen));
  }

  private void fire(long gen) {
    lock();
    if (generation == gen) {
      armed = null;
    }
    unlock();
    time.go(f);
  }

  /** Under the lock: cancels the pending run; whether there was one. */
  private boolean cancel() {
    boolean was = armed != null && armed.cancel();
    armed = null;
    return was;
  }

  @Override
  public RecvChan<Instant> c() {
    return Chan.nil();
  }

  @Override
  public boolean stop() {
    lock();
    boolean was = cancel();
    unlock();
    return was;
  }

  @Override
  public boolean reset(Duration d) {
    long nanos = GoDuration.nanos(d, "d");
    lock();
    boolean was = cancel();
    schedule(nanos);
    unlock();
    return was;
  }
}
