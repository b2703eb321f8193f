package io.go4j.runtime.spi;

import io.go4j.runtime.internal.Sched;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Attribution of goroutines to the unit of work (typically one test) that started them, directly
 * or through other goroutines. Every goroutine records an origin at spawn: its spawner's, which is
 * the spawning goroutine's own origin or, on any other thread, that thread's current origin (0 when
 * none was set). A leak check limited to one origin sees only what that test started, even while
 * other tests run in parallel (goleak cannot tell).
 */
public final class Origins {
  private static final AtomicLong NEXT = new AtomicLong();

  private Origins() {}

  /** A fresh origin, never 0. */
  public static long next() {
    return NEXT.incrementAndGet();
  }

  /** The calling goroutine's or thread's origin: what goroutines it starts now will record. */
  public static long current() {
    return Sched.origin();
  }

  /** Sets the calling goroutine's or thread's origin; returns the previous one, to restore. */
  public static long enter(long origin) {
    return Sched.setOrigin(origin);
  }
}
