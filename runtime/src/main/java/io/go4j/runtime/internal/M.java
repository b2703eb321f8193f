package io.go4j.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A carrier thread: a platform thread that runs goroutines while it holds a P. Ms are created on
 * demand up to {@code maxThreads} and park when idle (never exit until the runtime closes).
 *
 * <p>Implementation notes. {@link #p} is written by the M itself, and by the M or sysmon that hands
 * it a P ({@link #nextp}) while it is parked. {@link #curg} is the goroutine mounted on it, read by
 * {@link Sched#current()} from that goroutine and by dumps.
 */
final class M extends Thread {
  final Sched sched;
  final int mid;

  /** The P this M holds, or null. */
  volatile P p;

  /** P handed to this M while it was parked. */
  volatile P nextp;

  /**
   * Goroutine currently mounted on this M. Read by that goroutine through its carrier (same
   * thread) and racily by sysmon and dumps, so written with release stores, not volatile ones.
   */
  G curg;

  /** Looking for work (Go's m.spinning). */
  volatile boolean spinning;

  /** Whether the goroutine found last came from runnext (inherits the time slice). */
  boolean inherit;

  /**
   * Set by its last round of stealing: some P had only a {@code runnext} and switched goroutines
   * during the back-off (a pair handing off on it), so this M keeps spinning rather than park.
   */
  boolean sawHandoffs;

  /** Its free goroutine slots and counts in the registry. */
  final AllG.Cache gcache;

  private static final VarHandle CURG;

  static {
    try {
      CURG = MethodHandles.lookup().findVarHandle(M.class, "curg", G.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  void setCurg(G g) {
    CURG.setRelease(this, g);
  }

  M(Sched sched, int mid) {
    super(sched.threadGroup, null, sched.namePrefix + "-m" + mid, 0, false);
    this.sched = sched;
    this.mid = mid;
    this.gcache = sched.allg.newCache();
    setDaemon(true);
  }

  @Override
  public void run() {
    sched.schedule(this);
  }
}
