package io.go4j.runtime.internal;

import io.go4j.runtime.Priority;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's sysmon: a platform thread without a P that watches the Ps.
 *
 * <p>Implementation notes. It sleeps 20 us per round; after 50 rounds (1 ms) without a handoff it
 * doubles the sleep up to 10 ms. When every P is idle it watches every 10 ms while a timer is
 * pending, and parks until {@link #wake()} when none is (an idle runtime burns no CPU), unless
 * schedtrace is on. Each time it wakes it publishes its reading of the clock, the stamp of every
 * park until the next ({@link Sched#setCoarseNanos}). Each round ({@code retake}):
 *
 * <ul>
 *   <li>a P whose {@code schedtick} has not moved for 10 ms gets its goroutine's preempt flag set,
 *       if some goroutine waits in a run queue (honoured at the next preemption point: {@code
 *       checkpoint}, {@code gosched}, any go4j blocking operation);
 *   <li>a P whose M has been in the same goroutine since the last round while the P has runnable
 *       work, and whose M is either blocked (its carrier used almost no CPU and was parked, waiting
 *       or in native code, round after round for {@link #BLOCKED_NS}: pinned in blocking JDK
 *       code) or has ignored a preemption request for
 *       {@link #PREEMPT_GRACE_NS} and {@link #PREEMPT_GRACE_ROUNDS} rounds (no preemption
 *       point), is taken from that M and handed to another
 *       ({@code handoffp}), so the queue keeps running.
 *       The stuck M parks as soon as its goroutine lets go. Ms are bounded by {@code maxThreads}.
 * </ul>
 */
final class Sysmon extends Thread {
  private static final long MIN_DELAY_NS = 20_000;
  private static final long MAX_DELAY_NS = 10_000_000;

  /**
   * How long a goroutine asked to yield may run on before sysmon decides it has no preemption
   * point and hands its P to another M. A goroutine with {@code checkpoint()} in its loop reaches
   * one within microseconds; 1 ms keeps pauses of the whole JVM (GC) from looking like a hog.
   */
  static final long PREEMPT_GRACE_NS = 1_000_000;

  /**
   * Rounds a preemption request must also go unanswered: 50 rounds of 20 us, so the grace is a
   * millisecond of sysmon's own watching. Wall time alone is not enough: a GC pause stops the
   * goroutine and sysmon alike, and the first rounds after it would see a request "ignored" for
   * the whole pause.
   */
  static final int PREEMPT_GRACE_ROUNDS = 50;

  /** How long a carrier must stay off the CPU in one goroutine before its P is handed off. */
  static final long BLOCKED_NS = 1_000_000;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Sched sched;
  private final long schedtraceNanos;
  private final boolean scheddetail;
  private final boolean preemption;
  private final PrintStream traceOut;
  private volatile boolean sleeping;

  /** Rounds watched so far: its pace, for tests. */
  private final AtomicLong rounds = new AtomicLong();

  private volatile boolean closed;
  private long lastTrace;

  Sysmon(
      Sched sched,
      long schedtraceMillis,
      boolean scheddetail,
      boolean preemption,
      PrintStream traceOut) {
    super(sched.threadGroup, null, sched.namePrefix + "-sysmon", 0, false);
    this.sched = sched;
    this.schedtraceNanos = schedtraceMillis * 1_000_000L;
    this.scheddetail = scheddetail;
    this.preemption = preemption;
    this.traceOut = traceOut;
    setDaemon(true);
  }

  /** Wakes sysmon from its deep sleep (work arrived). */
  void wake() {
    if (sleeping) {
      sched.setCoarseNanos(System.nanoTime()); // before the woken M's goroutines park
      sleeping = false;
      LockSupport.unpark(this);
    }
  }

  /** Rounds watched so far. */
  long rounds() {
    return rounds.get();
  }

  /** Whether it sleeps until {@link #wake()}: every P idle, no timer pending. */
  boolean asleep() {
    return sleeping;
  }

  void close() {
    closed = true;
    LockSupport.unpark(this);
  }

  @Override
  public void run() {
    long delay = MIN_DELAY_NS;
    int idle = 0;
    lastTrace = System.nanoTime();
    while (!closed) {
      if (idle == 0) {
        delay = MIN_DELAY_NS;
      } else if (idle > 50) {
        delay = Math.min(delay * 2, MAX_DELAY_NS);
      }
      LockSupport.parkNanos(this, delay);
      long now = System.nanoTime();
      sched.setCoarseNanos(now);
      if (schedtraceNanos <= 0 && sched.allIdle()) {
        if (sched.timers.pending() > 0) {
          // idle until a timer fires: watch at the slowest pace rather than sleep deeply, so
          // that the timer's wake-up need not wake sysmon too (Go's sysmon sleeps until the next
          // timer the same way)
          delay = MAX_DELAY_NS;
          idle = Math.max(idle, 51);
          continue;
        }
        sleeping = true;
        while (sleeping && !closed && sched.allIdle() && sched.timers.pending() == 0) {
          LockSupport.park(this);
        }
        sleeping = false;
        idle = 0;
        continue;
      }
      rounds.incrementAndGet();
      if (retake(now)) {
        idle = 0;
      } else {
        idle++;
      }
      watchBands(now);
      if (schedtraceNanos > 0 && now - lastTrace >= schedtraceNanos) {
        lastTrace = now;
        traceOut.print(SchedTrace.format(sched, now, scheddetail));
        traceOut.flush();
      }
    }
  }

  /**
   * Whether the carrier is blocked: it used less than a tenth of the wall time as CPU since the
   * last round, and the JDK sees it parked, waiting, blocked on a monitor or in native code (a
   * pinned blocking read). Each signal alone misleads: a runnable carrier the OS has not scheduled
   * uses no CPU either, and an interpreted loop that keeps calling a native method looks "in
   * native" on every sample while using a full core. Only asked about a P whose goroutine has not
   * changed, so rarely.
   */
  private static boolean blocked(P p, M m, long now) {
    long cpu = THREADS.getThreadCpuTime(m.threadId());
    long prevCpu = p.sysmonCpu;
    long prevWhen = p.sysmonCpuWhen;
    p.sysmonCpu = cpu;
    p.sysmonCpuWhen = now;
    if (prevCpu < 0 || cpu < 0 || (cpu - prevCpu) * 10 >= now - prevWhen) {
      return false;
    }
    if (m.getState() != State.RUNNABLE) {
      return true;
    }
    ThreadInfo info = THREADS.getThreadInfo(m.threadId(), 0);
    return info != null && info.isInNative();
  }

  /**
   * A band with runnable goroutines that ran none for this long is reported as starving: ten
   * times Go's time slice, so a band only waiting its turn behind one preempted goroutine is not.
   */
  static final long STARVING_NS = 100_000_000;

  /** Per band: runs seen at the last progress, when that was, and whether it is starving now. */
  private final long[] bandRunsSeen = new long[Bands.COUNT];

  private final long[] bandProgressWhen = new long[Bands.COUNT];

  /** Bit b: band b is starving; written by sysmon, read by stats and schedtrace. */
  private volatile int starving;

  /** Sysmon's starvation watch over the bands (see {@link Bands}). */
  private void watchBands(long now) {
    for (int b = 0; b < Bands.COUNT; b++) {
      long runs = 0;
      for (P p : sched.allp) {
        runs += p.bandRuns[b]; // racy reads of owner counters: a late value only delays a verdict
      }
      boolean queued = queued(b);
      if (runs != bandRunsSeen[b] || !queued) {
        bandRunsSeen[b] = runs;
        bandProgressWhen[b] = now;
        starving &= ~(1 << b);
      } else if (now - bandProgressWhen[b] >= STARVING_NS) {
        starving |= 1 << b;
      }
    }
  }

  private boolean queued(int b) {
    if (sched.global.size(b) > 0) {
      return true;
    }
    for (P p : sched.allp) {
      if (!p.runq(b).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The bands sysmon saw starving at its last round that still have runnable goroutines (sysmon
   * sleeps while every P is idle), lowest first.
   */
  List<Priority> starvingBands() {
    int mask = starving;
    List<Priority> out = new ArrayList<>();
    for (int b = 0; b < Bands.COUNT; b++) {
      if ((mask & (1 << b)) != 0 && queued(b)) {
        out.add(Bands.priority(b));
      }
    }
    return out;
  }

  /**
   * One round over the Ps; true if it handed a P off. A preemption request does not count, as in
   * Go's {@code retake}: a goroutine pair handing turns back and forth through {@code runnext}
   * shares one time slice and is asked to yield every 10 ms, which would otherwise keep sysmon at
   * its 20 us pace (a tenth of a core) for as long as the pair runs.
   */
  private boolean retake(long now) {
    boolean acted = false;
    // preemption exists to let a queued goroutine run: Go preempts regardless (its GC needs it),
    // but a goroutine alone with its P would only be put back where it was, and a pair spinning
    // on two carriers (Sched.park) would be split; its slice keeps counting meanwhile
    boolean queued = sched.anyWork();
    for (P p : sched.allp) {
      M m = p.m;
      if (m == null || p.status != P.RUNNING) {
        continue;
      }
      long schedtick = p.schedtick;
      if (p.sysmonSchedtick != schedtick) {
        p.sysmonSchedtick = schedtick;
        p.sysmonSchedWhen = now;
      } else if (preemption && queued && now - p.sysmonSchedWhen >= Sched.FORCE_PREEMPT_NS) {
        G g = m.curg;
        if (g != null && !g.preempt) {
          g.preempt = true;
          p.sysmonPreemptWhen = now;
          p.sysmonStuckRounds = 0;
          sched.preemptions.incrementAndGet();
        }
      }
      long runtick = p.runtick;
      if (p.sysmonRuntick != runtick) {
        p.sysmonRuntick = runtick;
        p.sysmonStuckRounds = 0;
        p.sysmonBlockedRounds = 0;
        p.sysmonCpu = -1;
        continue;
      }
      G g = m.curg;
      if (g == null) {
        continue;
      }
      p.sysmonStuckRounds++; // one more round in the same goroutine
      boolean hasWork = !p.runqEmpty() || (sched.global.size() > 0 && sched.npidle == 0);
      if (!hasWork) {
        continue;
      }
      // blocked (pinned in blocking JDK code, like Go's syscalls) round after round for
      // BLOCKED_NS; a round or two can be a GC pause, which stops every thread
      if (blocked(p, m, now)) {
        if (p.sysmonBlockedRounds++ == 0) {
          p.sysmonBlockedSince = now;
        }
      } else {
        p.sysmonBlockedRounds = 0;
      }
      boolean blocked = p.sysmonBlockedRounds >= 2 && now - p.sysmonBlockedSince >= BLOCKED_NS;
      // no preemption point: asked to yield PREEMPT_GRACE_NS ago and still running, seen on
      // PREEMPT_GRACE_ROUNDS rounds since (rounds too, so a GC pause, which stops everyone
      // including sysmon, cannot use up the grace by itself)
      boolean ignoresPreemption =
          g.preempt
              && p.sysmonStuckRounds >= PREEMPT_GRACE_ROUNDS
              && now - p.sysmonPreemptWhen >= PREEMPT_GRACE_NS;
      if ((blocked || ignoresPreemption) && p.retake(m)) {
        p.sysmonStuckRounds = 0;
        p.sysmonBlockedRounds = 0;
        p.sysmonCpu = -1;
        sched.handoff(p);
        acted = true;
      }
    }
    return acted;
  }
}
