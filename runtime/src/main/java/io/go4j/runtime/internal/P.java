package io.go4j.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A processor: the right to run goroutines, with its local run queue. There are GOMAXPROCS of
 * them.
 *
 * <p>Implementation notes. {@link #m} is the M that holds this P, or {@code null} when the P is
 * idle (then it is on the scheduler's idle list). An M touches the P's queue only between {@link
 * #enter} and {@link #exit}, which hold {@code guard} and check that the M still holds the P.
 * Sysmon takes the P away from an M stuck in one goroutine ({@link #retake}) only while nobody holds
 * the guard, so an M whose P was taken can never again write the P's ring: its next {@code enter}
 * fails, and it falls back to the global queue and then goes idle. Plain fields marked "owner" are
 * only touched by the M holding the P; "sysmon" fields only by sysmon.
 */
final class P {
  static final int IDLE = 0;
  static final int RUNNING = 1;

  private static final VarHandle GUARD;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      GUARD = l.findVarHandle(P.class, "guard", int.class);
      SCHEDTICK = l.findVarHandle(P.class, "schedtick", long.class);
      RUNTICK = l.findVarHandle(P.class, "runtick", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final int id;

  /** The local run queues, one per priority band (index: {@link Bands#index}). */
  private final RunQueue[] runqs = new RunQueue[Bands.COUNT];

  /** Owner: goroutines of each band this P has run (sysmon reads them, racily, for starvation). */
  final long[] bandRuns = new long[Bands.COUNT];

  /** The M holding this P, or null when idle. */
  volatile M m;

  /** Go's {@code _Pidle} / {@code _Prunning}. */
  volatile int status = IDLE;

  /** Incremented on each schedule that does not inherit the time slice (Go's schedtick). */
  volatile long schedtick;

  /** Incremented on every goroutine switch, inherited or not: "same G since" for sysmon. */
  volatile long runtick;

  /**
   * The goroutine in this P's {@code runnext} that the running goroutine spins for instead of
   * switching to it ({@link Sched#splitPairs}): a thief takes it at once, without the back-off.
   * Set and cleared by the spinning goroutine; null otherwise.
   */
  volatile G offered;

  private static final VarHandle SCHEDTICK;
  private static final VarHandle RUNTICK;

  /** Owner, as it runs a goroutine: advance the ticks (release stores; sysmon reads them). */
  void ticked(boolean inherit) {
    if (!inherit) {
      SCHEDTICK.setRelease(this, schedtick + 1);
    }
    RUNTICK.setRelease(this, runtick + 1);
  }

  @SuppressWarnings("unused") // accessed through GUARD
  private volatile int guard;

  // sysmon's view (Go's sysmontick); -1: not seen yet, so the first round only records
  long sysmonSchedtick = -1;
  long sysmonSchedWhen;
  long sysmonRuntick = -1;
  long sysmonPreemptWhen;
  int sysmonStuckRounds;
  int sysmonBlockedRounds;
  long sysmonBlockedSince;
  long sysmonCpu = -1; // the M's CPU time at the last round, -1: none since the goroutine changed
  long sysmonCpuWhen;

  P(int id, GlobalQueue global) {
    this.id = id;
    for (int b = 0; b < Bands.COUNT; b++) {
      runqs[b] = new RunQueue(global);
    }
  }

  /** The local run queue of band {@code b}. */
  RunQueue runq(int b) {
    return runqs[b];
  }

  /** Whether every band's ring and {@code runnext} are empty. */
  boolean runqEmpty() {
    for (RunQueue q : runqs) {
      if (!q.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Whether every band's ring is empty ({@code runnext} not counted). */
  boolean ringsEmpty() {
    for (RunQueue q : runqs) {
      if (!q.ringEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Goroutines queued locally, every band. */
  int runqSize() {
    int n = 0;
    for (RunQueue q : runqs) {
      n += q.size();
    }
    return n;
  }

  /** Claims the P's queue for {@code me}; false if {@code me} no longer holds this P. */
  boolean enter(M me) {
    while (!GUARD.compareAndSet(this, 0, 1)) {
      Thread.onSpinWait(); // only sysmon's retake contends, for a few instructions
    }
    if (m != me) {
      GUARD.setRelease(this, 0);
      return false;
    }
    return true;
  }

  void exit() {
    GUARD.setRelease(this, 0);
  }

  /**
   * Sysmon: takes this P from {@code from} if it still holds it and is not inside {@link #enter}.
   * On success the P has no M and its caller must hand it on.
   */
  boolean retake(M from) {
    if (!GUARD.compareAndSet(this, 0, 1)) {
      return false;
    }
    try {
      if (m != from) {
        return false;
      }
      m = null;
      return true;
    } finally {
      GUARD.setRelease(this, 0);
    }
  }

  boolean isRunning() {
    return status == RUNNING;
  }
}
