package io.go4j.runtime.internal;

import io.go4j.runtime.Priority;

/**
 * Priority bands: every run queue (a P's ring and {@code runnext}, the global queue) has one per
 * {@link Priority}, and takers look at the highest band first. A goroutine is queued in the band
 * of its effective priority at the time it is queued.
 *
 * <p>Bands are strict, as POSIX's {@code SCHED_FIFO} priorities are: a runnable goroutine of a
 * higher band always runs before one of a lower band, so goroutines of a higher band that never
 * block can starve the lower bands. The runtime does not age priorities; sysmon reports a band
 * that had runnable goroutines but ran none for {@link Sysmon#STARVING_NS} ({@code
 * RuntimeStats.starvingBands()}, {@code schedtrace}'s {@code starving=}), and preemption still
 * rotates the goroutines within a band.
 */
final class Bands {
  /** The priorities, lowest first: a band's index is its priority's place here. */
  private static final Priority[] BY_INDEX = {
    Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.REALTIME
  };

  static final int COUNT = BY_INDEX.length;
  static final int TOP = COUNT - 1;

  private Bands() {}

  /** The band of {@code p}. */
  static int index(Priority p) {
    return switch (p) {
      case LOW -> 0;
      case NORMAL -> 1;
      case HIGH -> 2;
      case REALTIME -> 3;
    };
  }

  /** The priority of band {@code b}. */
  static Priority priority(int b) {
    return BY_INDEX[b];
  }

  /** The band {@code g} is queued in when queued now. */
  static int of(G g) {
    return index(g.effectivePriority());
  }
}
