package io.go4j.runtime.internal;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.GoroutineInfo;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.Priority;
import io.go4j.runtime.RuntimeStats;
import io.go4j.runtime.spi.Decider;
import io.go4j.runtime.spi.GoDuration;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The scheduler: Ps, Ms, the global queue, idle lists, spawning, readying, parking, deadlock
 * detection. A port of proc.go's {@code schedule}/{@code findRunnable}/{@code wakep}/{@code
 * startm}/{@code stopm}/{@code handoffp}/{@code checkdead}.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>{@link #lock} (Go's {@code sched.lock}) guards the idle P and idle M lists and the M count,
 *       whose sizes are also readable without it. Goroutines take it only inside {@code
 *       G.execute}, where the JDK pins them to their carrier: a goroutine that could unmount while
 *       queued for a lock a carrier also waits for could deadlock the scheduler. For the same
 *       reason carriers take no lock that unpinned goroutine code takes.
 *   <li>Spinning invariant ({@code wakep}): a ready goroutine starts a spinning M only if there is
 *       an idle P and nobody spins; a spinning M that finds work stops spinning and, if it was the
 *       last, calls {@code wakep} again, so a burst of work wakes Ms one at a time. An M that gives
 *       up its P stops spinning first, then re-checks every queue (Dekker with the readier, which
 *       publishes the goroutine before reading {@code nmspinning}), so no goroutine is stranded.
 *   <li>A goroutine readied or spawned by a goroutine goes to the waker's P's {@code runnext} and,
 *       when run, inherits the time slice ({@code schedtick} is not incremented). Readied from any
 *       other thread it goes to the global queue. {@code gosched} and preemption put it at the
 *       global queue's tail. A goroutine whose spawn or ready spills its P's ring is preempted
 *       ({@link #spillPreempts}).
 *   <li>Every 61st schedule on a P takes from the global queue first (fairness).
 *   <li>A thief takes a running P's {@code runnext} only after {@link #RUNNEXT_BACKOFF_NS} and only
 *       if that P ran no other goroutine meanwhile: goroutines handing turns on one P stay there,
 *       unless the P's goroutine offers its peer ({@link P#offered}, {@link #splitPairs}): it spins
 *       for it instead of switching to it, and the thief takes it at once. The pair then hands
 *       over on two carriers by spinning ({@link #spinUntil}); a spin that runs out parks, and the
 *       ready that follows puts the two back on one P (the waker's {@code runnext}).
 *   <li>Deadlock ({@code checkdead}) is declared only while {@link #main} runs, when every P is
 *       idle before and after a scan that finds every goroutine WAITING on a go4j primitive, no run
 *       queue holding anything, no timer pending, no {@code ExternalWaker} open, and no goroutine
 *       switch during the scan. It is checked when the last M goes idle, and, while every M is
 *       idle, when a timer action leaves no timer pending (an action that readies nobody wakes no
 *       M) and when the last external waker is closed.
 * </ul>
 */
public final class Sched {
  /**
   * How long a spinning M keeps looking for work before it gives up its P and parks, counted from
   * its last round of stealing that found a P handing off (see {@link #RUNNEXT_BACKOFF_NS}): while
   * a pair hands turns on one P, the other M stays spinning, mostly asleep in the back-off, so the
   * pair's readies find it spinning and wake nobody. Go's give up after one round of stealing;
   * a parked M costs the next {@code wakep} a thread wake-up (5 to 30 microseconds of the waker's
   * time on this machine's virtual CPUs).
   */
  static final long IDLE_SPIN_NS = 20_000;

  /**
   * Go's {@code usleep(3)} in {@code runqgrab}: a thief that finds only a {@code runnext} on a
   * running P sleeps before taking it, since its owner may be about to block and run it ("a sync
   * chan send/recv takes ~50ns", proc.go). Linux's 50 us timer slack stretches the sleep to 50 to
   * 80 us, so a thief that keeps finding P's busy polls their lines once per sleep, not once per
   * hand-off. Go then takes {@code runnext} if the same goroutine is there; here only if the owner
   * ran no other goroutine meanwhile (its {@link P#runtick}): a pair handing turns on one P puts
   * the same goroutine back in {@code runnext} every other turn, and Go's thief, fooled, splits the
   * pair across two carriers, after which each hand-off is a cross-carrier wake-up (ping-pong on
   * two Ps of an Intel host: 600 to 650 ns a round trip with such steals, 490 to 520 without
   * them). A pair splits only when one of them offers the other ({@link #splitPairs}).
   */
  private static final long RUNNEXT_BACKOFF_NS = 3_000;

  /** Go's forcePreemptNS: a goroutine that ran this long without rescheduling is preempted. */
  static final long FORCE_PREEMPT_NS = 10_000_000L;

  /**
   * Whether a goroutine that overflows its P's ring (spawning or readying, so that half the ring
   * spills to the global queue) is asked to yield, as sysmon asks one that ran 10 ms. Go lets a
   * spawning loop run on for its whole slice, every goroutine it starts waiting in the queues; here
   * it yields after at most 258 starts and the goroutines run while their objects are still in the
   * cache, before a young collection has to copy them. On with preemption, off without it.
   */
  private final boolean spillPreempts;

  /**
   * Whether a goroutine about to wait for the peer queued in its own P's {@code runnext} spins
   * and offers it to a spinning M ({@link P#offered}), so that a pair taking turns moves to two
   * carriers and hands values over there without parking ({@link #worthSpinning}). Off with one
   * P or one CPU, and under deterministic control.
   */
  final boolean splitPairs;

  final int gomaxprocs;
  final int maxThreads;
  final P[] allp;
  final GlobalQueue global = new GlobalQueue();

  /** Goroutines running above their base priority, for {@link #stats()}. */
  private final Set<G> boosted = ConcurrentHashMap.newKeySet();
  final Clock clock;
  final ThreadGroup threadGroup;
  final String namePrefix;
  /** Real time at start, for schedtrace. */
  final long startNanos = System.nanoTime();

  /** The clock's reading at start, and the instant it stands for. */
  private final long clockStart;

  /**
   * The real clock as sysmon last read it (each round, and when it is woken from its deep sleep):
   * the time a goroutine starts waiting, which dumps show. Reading the clock at every park costs
   * a tenth of a goroutine switch; this is behind by at most sysmon's pace (10 ms), as Go's {@code
   * waitsince}, stamped by its GC, is behind by much more.
   */
  private volatile long coarseNanos;

  private final Instant startInstant;

  /** Synctest's epoch: a virtual-time runtime's clock starts at 2000-01-01T00:00:00Z. */
  private static final Instant VIRTUAL_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

  /** Time moves only when every goroutine is durably blocked (a bubble). */
  final boolean virtualTime;

  /** Deterministic scheduling (one P, one M, a {@link Control} run queue), else null. */
  final Control control;

  /** Whether any deterministic runtime was ever built: a cheap first test on hot paths. */
  private static boolean anyControl;
  private static volatile Sched defaultSched;

  /** The public handle of this scheduler (null for a bare scheduler built by a test). */
  public final GoRuntime owner;

  private final Object lock = new Object();
  private final ArrayDeque<P> pidle = new ArrayDeque<>(); // guarded by lock
  private final ArrayDeque<M> midle = new ArrayDeque<>(); // guarded by lock
  private final List<M> allm = new CopyOnWriteArrayList<>();
  private final int[] stealSteps;
  volatile int npidle;
  final AtomicInteger nmspinning = new AtomicInteger();
  private volatile int mcount; // written under lock
  private volatile int nmidle; // midle.size(), written under lock, read without it

  /**
   * The last goroutine id handed out. It starts at {@link #MAIN_ID}: that id is kept for the first
   * {@link #main} (Go's main goroutine is goroutine 1), whatever was spawned before it.
   */
  private final AtomicLong goidgen = new AtomicLong(MAIN_ID);

  /** Open {@code GoRuntime.externalWaker}s: while any is, no deadlock is declared. */
  private final AtomicInteger externalWakers = new AtomicInteger();

  /** Whether a {@link #main} has run: it took {@link #MAIN_ID}. Written under {@link #lock}. */
  private volatile boolean mainIdTaken;

  private static final long MAIN_ID = 1;
  final AllG allg = new AllG();
  final AtomicLong handoffs = new AtomicLong();
  final AtomicLong preemptions = new AtomicLong();
  private final List<Throwable> panics = new CopyOnWriteArrayList<>();
  private final PrintStream panicOut;

  /** Where sysmon's schedtrace goes, and the one-time thread-limit warning ({@link #startm}). */
  private final PrintStream traceOut;

  /**
   * A {@link #startm} found no idle M and could start none (maxThreads): the next M to go idle
   * ({@link #stopm}) starts one for the work left behind. Under {@link #lock}.
   */
  private boolean startmRefused;

  /** Whether {@link #startm} has reported once that it found no M and could start none. */
  private final AtomicBoolean threadLimitReported = new AtomicBoolean();
  private final boolean exitOnPanic;

  final Timers timers;
  final Sysmon sysmon;
  private volatile boolean closed;
  private volatile MainRun mainRun;

  /**
   * How the goroutine {@link #main} runs ended: its body's outcome, or a deadlock, or the runtime's
   * close; {@code bodyEnded} tells the first from the others (then the goroutine is leaving).
   */
  private static final class MainRun {
    final CompletableFuture<Void> result = new CompletableFuture<>();

    /**
     * Set by the main goroutine before its body: until then it may not even be registered, and
     * the goroutines already there being all asleep says nothing about a deadlock.
     */
    volatile boolean bodyStarted;

    volatile boolean bodyEnded;

    /** Virtual time: every goroutine of the bubble has ended after the body (or a failure). */
    final CompletableFuture<Void> drained = new CompletableFuture<>();
  }

  /**
   * A scheduler; {@code virtualTime}: its clock is virtual (a bubble); {@code decider} (not null):
   * deterministic scheduling on one P and one M, with virtual time and no preemption.
   */
  public Sched(
      GoRuntime owner,
      String namePrefix,
      int gomaxprocs,
      int maxThreads,
      long schedtraceMillis,
      boolean scheddetail,
      boolean preemption,
      boolean splitPairs,
      PrintStream traceOut,
      PrintStream panicOut,
      boolean exitOnPanic,
      boolean virtualTime,
      Decider decider) {
    VirtualThreads.check();
    if (decider != null) {
      gomaxprocs = 1;
      maxThreads = 1;
      preemption = false;
      virtualTime = true;
      markControlled();
    }
    this.owner = owner;
    this.spillPreempts = preemption;
    this.splitPairs = splitPairs && gomaxprocs > 1 && NCPU > 1;
    this.gomaxprocs = gomaxprocs;
    this.maxThreads = maxThreads;
    this.namePrefix = namePrefix;
    this.panicOut = panicOut;
    this.traceOut = traceOut;
    this.exitOnPanic = exitOnPanic;
    this.virtualTime = virtualTime;
    this.control = decider == null ? null : new Control(decider);
    this.clock = virtualTime ? new VirtualClock() : Clock.REAL;
    this.clockStart = clock.nanoTime();
    this.coarseNanos = clockStart;
    this.startInstant = virtualTime ? VIRTUAL_EPOCH : Instant.now();
    this.threadGroup = new ThreadGroup(namePrefix);
    this.allp = new P[gomaxprocs];
    for (int i = 0; i < gomaxprocs; i++) {
      allp[i] = new P(i, global);
    }
    // all Ps start idle, in id order
    for (int i = gomaxprocs - 1; i >= 0; i--) {
      pidle.push(allp[i]);
    }
    npidle = gomaxprocs;
    this.stealSteps = coprimes(gomaxprocs);
    this.timers =
        virtualTime
            ? new Timers(clock, threadGroup, namePrefix + "-timers", this, control != null)
            : new Timers(clock, threadGroup, namePrefix + "-timers", this::lookIfEveryMIsIdle);
    this.sysmon = new Sysmon(this, schedtraceMillis, scheddetail, preemption, traceOut);
    if (control == null || schedtraceMillis > 0) {
      // a deterministic runtime has no preemption and no second M to hand its P to: sysmon would
      // only poll, taking CPU from the one carrier (unless it prints schedtrace)
      sysmon.start();
    }
  }

  // ---------------------------------------------------------------- current goroutine

  private static void markControlled() {
    anyControl = true;
  }

  /** Called once by the default runtime as it is built. */
  public static void setDefault(Sched s) {
    defaultSched = s;
  }

  /** The runtime of the calling goroutine, or the default runtime on other threads. */
  public static Sched forCaller() {
    G g = current();
    if (g != null) {
      return g.sched;
    }
    Sched s = defaultSched;
    if (s == null) {
      GoRuntime.getDefault(); // builds it, which sets defaultSched
      s = defaultSched;
    }
    return s;
  }

  /** The wall-clock instant of a reading of this runtime's clock. */
  public Instant instant(long nanos) {
    return startInstant.plusNanos(nanos - clockStart);
  }

  /** Whether this runtime's clock is virtual (a bubble; deterministic scheduling too). */
  public boolean virtualTime() {
    return virtualTime;
  }

  /** This runtime's clock. */
  public long nanoTime() {
    return clock.nanoTime();
  }

  /** When a goroutine parking now starts waiting: exact on the virtual clock, else coarse. */
  long waitStamp() {
    return virtualTime ? clock.nanoTime() : coarseNanos;
  }

  /** Sysmon's reading of the real clock, for {@link #waitStamp}. */
  void setCoarseNanos(long now) {
    coarseNanos = now;
  }

  /** Runs {@code action} on the timer thread at {@code whenNanos} of this runtime's clock. */
  public Timers.Timer at(long whenNanos, Runnable action) {
    return timers.scheduleAt(whenNanos, action);
  }

  /** Cancels a timer of {@link #at}; false if it already fired or was cancelled. */
  public boolean cancel(Timers.Timer t) {
    return timers.cancel(t);
  }

  /** The origin of goroutines spawned by a thread that is no goroutine. */
  private static final ThreadLocal<Long> THREAD_ORIGIN = ThreadLocal.withInitial(() -> 0L);

  /** {@link io.go4j.runtime.spi.Origins#current}. */
  public static long origin() {
    G g = current();
    return g != null ? g.origin : THREAD_ORIGIN.get();
  }

  /** {@link io.go4j.runtime.spi.Origins#enter}. */
  public static long setOrigin(long origin) {
    G g = current();
    if (g != null) {
      long was = g.origin;
      g.origin = origin;
      return was;
    }
    long was = THREAD_ORIGIN.get();
    THREAD_ORIGIN.set(origin);
    return was;
  }

  /** The goroutine of any go4j runtime running the caller, or null. */
  public static G current() {
    M m = currentM();
    return m != null ? m.curg : null;
  }

  /** The M (of any go4j runtime) the caller runs on, or null. */
  private static M currentM() {
    return VirtualThreads.currentCarrier() instanceof M m ? m : null;
  }

  /**
   * Parks the calling goroutine with Go's {@code reason} until {@link #ready} (or {@code
   * LockSupport.unpark}); like {@code LockSupport.park} it may return spuriously, so callers loop
   * on their condition. {@code self} is {@link #current()} (null outside goroutines: a plain park).
   * A ready that came first makes it return at once. Before really parking, it spins for a while
   * if the goroutine that readied it last ({@link G#lastWaker}) is worth waiting for ({@link
   * #worthSpinning}): a pair handing turns back and forth on two carriers then never parks.
   */
  public static void park(G self, String reason) {
    park(self, reason, true);
  }

  /**
   * {@link #park(G, String)}, spinning first only if {@code spin}: a wait whose waker is better
   * left to batch work on its own P (a buffered channel's) does not.
   */
  public static void park(G self, String reason, boolean spin) {
    if (self == null) {
      LockSupport.park();
      return;
    }
    Sched sched = self.sched;
    Control c = sched.control;
    if (c == null && (takeReady(self) || (spin && spinUntil(self, null, false)))) {
      return;
    }
    self.parking(reason, sched.waitStamp());
    if (c != null) {
      c.event(self, "blocks: " + reason);
    }
    self.sleeping = true;
    if (!self.readied) {
      LockSupport.park();
    }
    self.woke();
    self.setStatus(GoroutineState.RUNNING);
  }

  /**
   * Parks the calling goroutine {@code self} of a closed runtime for good ({@link Control#close}):
   * no M runs it again, and a spurious return parks it again. Never returns.
   */
  static void stop(G self) {
    self.parking("runtime closed", self.sched.waitStamp());
    while (true) {
      LockSupport.park();
    }
  }

  private static boolean takeReady(G self) {
    if (self.readied) {
      self.readied = false;
      return true;
    }
    return false;
  }

  /** Upper bound of a spin before parking (see {@link #worthSpinning}). */
  private static final long SPIN_NS = 8_000;

  /**
   * Spins until {@code done} holds (null: until readied, the permit taken), while the last waker
   * of {@code self} (the calling goroutine) is worth waiting for ({@link #worthSpinning}) and for
   * at most {@link #SPIN_NS}: whether {@code done} held. While it spins for a peer queued in its
   * own P's {@code runnext}, it offers that peer to thieves ({@link P#offered}). {@code
   * overRunnext}: it may spin for a running peer even while another goroutine waits in its P's
   * {@code runnext} (a select's wait, {@link io.go4j.runtime.spi.Park#spinUntil}). A goroutine
   * whose time slice is over does not spin: it parks, and what its P has queued runs. (A lambda
   * for the permit would be allocated on every park: C2 does not always inline this loop.)
   */
  public static boolean spinUntil(G self, BooleanSupplier done, boolean overRunnext) {
    G peer = self.lastWaker;
    if (peer == null || self.preempt || !worthSpinning(peer, overRunnext)) {
      return false;
    }
    // worth it with peer RUNNABLE: it waits in this P's runnext, offered to the spinning M
    P offeredOn = peer.gstatus() == GoroutineState.RUNNABLE ? currentM().p : null;
    if (offeredOn != null) {
      offeredOn.offered = peer;
    }
    try {
      long deadline = 0;
      for (int i = 1; ; i++) {
        if (done == null ? takeReady(self) : done.getAsBoolean()) {
          return true;
        }
        Thread.onSpinWait();
        if ((i & 63) == 0) { // every 64 rounds: out of time, interrupted, or no longer worth it?
          long now = System.nanoTime();
          if (deadline == 0) {
            deadline = now + SPIN_NS;
          } else if (now - deadline > 0
              || Thread.currentThread().isInterrupted()
              || !worthSpinning(peer, overRunnext)) {
            return false;
          }
        }
      }
    } finally {
      if (offeredOn != null) {
        offeredOn.offered = null;
      }
    }
  }

  /**
   * Makes a goroutine parked by {@link #park} runnable (or lets its next park return at once). A
   * preemption point: a goroutine whose time slice is over yields after readying (else a pair
   * handing off through {@code runnext} would share one slice forever).
   */
  public static void ready(G g) {
    G self = current();
    g.lastWaker = self;
    g.readied = true;
    if (g.sleeping) {
      LockSupport.unpark(g.thread()); // null once ended: no effect
    }
    if (self != null && self.preempt) {
      gosched();
    }
  }

  /**
   * Whether the calling goroutine, about to wait for {@code peer}, should spin briefly instead of
   * parking: only when nothing else could use the caller's carrier (its P's queue and the global
   * queue are empty) and either {@code peer} runs right now on another carrier, so that it is
   * likely to answer within a few hundred nanoseconds, less than parking and being readied costs,
   * or ({@link #splitPairs}) {@code peer} waits in the caller's P's {@code runnext} while an M
   * spins looking for work, which takes an offered {@code runnext} at once: the pair then runs on
   * two carriers, and the first case keeps it there. Goroutines of a long pipeline mostly find
   * work queued and park at once. With {@code overRunnext}, a goroutine queued in the caller's P's
   * {@code runnext} does not keep it from spinning for a running peer. False on other threads.
   */
  private static boolean worthSpinning(G peer, boolean overRunnext) {
    if (!(VirtualThreads.currentCarrier() instanceof M m) || m.p == null) {
      return false;
    }
    P p = m.p;
    Sched sched = peer.sched;
    // the peer's state first: it rules most parks out (on one P, every one) in two reads
    GoroutineState st = peer.gstatus();
    boolean running = st == GoroutineState.RUNNING;
    if (running
        ? peer.lastM() == m
        : !sched.splitPairs
            || st != GoroutineState.RUNNABLE
            || sched.nmspinning.get() == 0
            || p.runq(Bands.of(peer)).next() != peer) {
      return false;
    }
    return sched.control == null
        && p.ringsEmpty()
        && sched.global.size() == 0
        && (!running || overRunnext || p.runqEmpty());
  }

  /** Go's {@code active_spin}: a sync.Mutex waiter spins at most this many rounds before queueing. */
  private static final int ACTIVE_SPIN = 4;

  private static final int NCPU = Runtime.getRuntime().availableProcessors();

  /**
   * Go's {@code sync_runtime_canSpin}: whether a goroutine that found a sync.Mutex locked should
   * spin once more ({@code iter} rounds done) rather than queue. sync.Mutex is cooperative, so this
   * is conservative: a few rounds, only with several CPUs and Ps, at least one other P running
   * goroutines (the holder may be among them) and nothing queued on the caller's P that the spin
   * would delay. False on other threads.
   */
  public static boolean canSpin(int iter) {
    if (iter >= ACTIVE_SPIN || NCPU <= 1 || !(VirtualThreads.currentCarrier() instanceof M m)) {
      return false;
    }
    P p = m.p;
    Sched s = m.sched;
    return p != null && s.gomaxprocs > s.npidle + s.nmspinning.get() + 1 && p.runqEmpty();
  }

  /** {@link io.go4j.runtime.spi.Priorities#setEffective}. */
  public static void setEffective(G g, Priority p, String boostedBy) {
    Priority was = g.effectivePriority();
    g.boost(p, boostedBy);
    if (boostedBy.isEmpty()) {
      g.sched.boosted.remove(g);
    } else {
      g.sched.boosted.add(g);
    }
    if (p.compareTo(was) > 0 && g.isQueued() && g.sched.control == null) {
      // a second entry in its new band; whichever is taken first runs it (G.claim), the other is
      // skipped. A goroutine lowered while queued keeps its entry: it runs once more at the old band
      g.sched.global.put(g);
      g.sched.wakep();
    }
  }

  /** {@code runtime.Gosched}: yields the P; the goroutine goes to the global queue's tail. */
  @SuppressWarnings("ThreadPriorityCheck") // Thread.yield is how a virtual thread unmounts
  public static void gosched() {
    G g = current();
    if (g != null) {
      g.yieldGlobal = true;
      Thread.yield();
      g.yieldGlobal = false;
    } else {
      Thread.yield();
    }
  }

  /**
   * A preemption point: yields only if sysmon asked this goroutine to; a cancellation point: throws
   * {@link CancelledException} (consuming the interrupt) if the caller was interrupted, which is
   * how a cancelled scope stops a child that never blocks.
   */
  public static void checkpoint() {
    if (Thread.currentThread().isInterrupted()) {
      Thread.interrupted();
      throw new CancelledException("cancelled at checkpoint");
    }
    G g = current();
    if (g != null) {
      if (g.preempt) {
        gosched();
      } else if (anyControl && g.sched.control != null) {
        g.sched.control.step(g, "checkpoint");
      }
    }
  }

  /**
   * A step of a deterministic runtime ({@link Control}): the calling goroutine is about to perform
   * {@code op}, a go4j operation; the schedule may run another goroutine first. A no-op elsewhere,
   * and cheap: one static read.
   */
  public static void step(String op) {
    if (anyControl) {
      G g = current();
      if (g != null && g.sched.control != null) {
        g.sched.control.step(g, op);
      }
    }
  }

  /** {@link io.go4j.runtime.spi.Park#decide}: the schedule's choice, or -1 if not deterministic. */
  public static int decide(int n) {
    if (anyControl) {
      G g = current();
      if (g != null && g.sched.control != null) {
        return g.sched.control.random(n);
      }
    }
    return -1;
  }

  /**
   * Real monotonic time, for measurements of how long a goroutine waited (a mutex's starvation
   * threshold); the virtual clock in a deterministic runtime, so that runs repeat exactly.
   */
  public static long schedNanoTime() {
    if (anyControl) {
      G g = current();
      if (g != null && g.sched.control != null) {
        return g.sched.clock.nanoTime();
      }
    }
    return System.nanoTime();
  }

  /** {@code time.Sleep} on the runtime's timers; a platform thread just sleeps. */
  public static void sleep(Duration d) {
    G g = current();
    long nanos = GoDuration.nanos(d, "d");
    if (g == null) {
      try {
        Thread.sleep(d);
      } catch (InterruptedException e) {
        throw new CancelledException("sleep interrupted", e);
      }
      return;
    }
    if (nanos <= 0) {
      return;
    }
    step("sleep");
    AtomicBoolean fired = new AtomicBoolean();
    Timers.Timer t =
        g.sched.timers.schedule(
            nanos,
            () -> {
              fired.set(true);
              ready(g);
            });
    boolean interrupted = false;
    while (!fired.get()) {
      park(g, "sleep");
      if (Thread.interrupted()) {
        if (g.sched.timers.cancel(t)) {
          throw new CancelledException("sleep interrupted");
        }
        interrupted = true; // the timer fired first: the sleep completes, the interrupt stays
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- spawning and readying

  /** {@code newproc}: a new goroutine, runnable at once. */
  public G spawn(String name, Priority priority, Runnable body) {
    return spawn(goidgen.incrementAndGet(), name, priority, body, true, true, 0);
  }

  /**
   * A new goroutine attributed to {@code origin} rather than to its spawner: for one started on
   * behalf of code that ran elsewhere earlier (a timer's function, started by the timer thread).
   */
  public G spawn(long origin, Runnable body) {
    return spawn(goidgen.incrementAndGet(), "", Priority.NORMAL, body, true, false, origin);
  }

  /**
   * {@code site}: find where {@code go} was called ({@link CreationSites}: exact for an attributed
   * goroutine and in a virtual-time runtime), else none (main's goroutine). {@code inherit}:
   * attributed to the spawner ({@link #origin()}), else to {@code origin}.
   */
  private G spawn(
      long id,
      String name,
      Priority priority,
      Runnable body,
      boolean site,
      boolean inherit,
      long origin) {
    if (closed) {
      G self = current();
      if (control != null && self != null && self.sched == this) {
        stop(self); // a spawn is a step: a goroutine of a closed deterministic run stops (Control)
      }
      throw new IllegalStateException("go4j runtime " + namePrefix + " is closed");
    }
    M m = currentM();
    G parent = m != null ? m.curg : null;
    if (inherit) {
      origin = parent != null ? parent.origin : THREAD_ORIGIN.get(); // origin(), carrier known
    }
    CreationSite created =
        site ? CreationSites.of(body, virtualTime || origin != 0) : CreationSite.UNKNOWN;
    G g =
        new G(
            this,
            id,
            name,
            parent != null ? parent.id : 0,
            origin,
            priority,
            created,
            body);
    allg.add(g, gcache(m));
    g.thread().start();
    if (parent != null) {
      if (parent.preempt) {
        gosched(); // a spawn is a preemption point, as Go's newproc is through its stack check
      } else if (control != null && parent.sched == this) {
        control.step(parent, "go " + id);
      }
    }
    return g;
  }

  /**
   * Called by {@link G#execute}: puts a runnable goroutine on a queue. {@code wakeUp}: it was
   * parked (a ready), as opposed to yielding.
   */
  void ready(G g, boolean wakeUp) {
    if (control != null) {
      control.enqueue(g);
      if (!(VirtualThreads.currentCarrier() instanceof M m && m.sched == this)) {
        timers.requestCheck(); // from another thread: the timer thread wakes the M (Control)
      }
      return;
    }
    if (VirtualThreads.currentCarrier() instanceof M m && m.sched == this) {
      if (m.curg == g && g.yieldGlobal) {
        // gosched or preemption, on the M it just left: global queue. This M schedules next if
        // it still holds its P; if sysmon took the P meanwhile, wakep finds it idle.
        g.yieldGlobal = false;
        global.put(g);
        wakep();
        return;
      }
      // spawned or readied by a goroutine (runnext, inheriting the time slice) unless that
      // goroutine's slice is over; yielding with Thread.yield: ring tail
      G cur = m.curg;
      boolean next = cur != g ? cur == null || !cur.preempt : wakeUp;
      P p = m.p;
      if (p != null && p.enter(m)) {
        try {
          if (p.runq(Bands.of(g)).put(g, next) && spillPreempts && cur != null && cur != g) {
            cur.preempt = true; // it filled its P's ring: its slice ends (see spillPreempts)
          }
        } finally {
          p.exit();
        }
        wakep();
        return;
      }
    }
    global.put(g);
    wakep();
  }

  /** {@code m}'s cache in this runtime's registry; null for other threads (and other runtimes' Ms). */
  private AllG.Cache gcache(M m) {
    return m != null && m.sched == this ? m.gcache : null;
  }

  /** Called by a goroutine's wrapper as it ends. */
  void exited(G g) {
    if (control != null) {
      control.event(g, "exits");
    }
    allg.remove(g, gcache(currentM()));
    if (!g.boostedBy().isEmpty()) {
      boosted.remove(g); // ended while boosted (holding a PI lock)
    }
  }

  /** An exception escaped a plain goroutine: Go's panic report; {@code -Dgo4j.panic=exit} exits 2. */
  void panic(G g, Throwable t) {
    panics.add(t);
    if (control != null) {
      control.event(g, "panics: " + t);
    }
    MainRun run = mainRun;
    if (virtualTime && run != null) { // a panic ends a bubble, as it ends a Go program
      IllegalStateException failure =
          new IllegalStateException("goroutine " + g.id + " panicked: " + t + "\n\n" + dump(), t);
      if (!run.result.completeExceptionally(failure)) {
        run.drained.completeExceptionally(failure);
      }
    }
    String report = Dumps.panicReport(g, t);
    synchronized (panicOut) {
      panicOut.print(report);
      panicOut.flush();
    }
    if (exitOnPanic) {
      System.exit(2);
    }
  }

  // ---------------------------------------------------------------- the scheduler loop

  /** An M's life: find a goroutine, run it until it parks, yields or ends; repeat. */
  void schedule(M m) {
    while (true) {
      G g = findRunnable(m);
      if (g == null) {
        return; // closed
      }
      if (g.claim()) {
        run(m, g);
      } // else a stale entry: the goroutine was boosted into a higher band and ran from there

    }
  }

  private void run(M m, G g) {
    m.p.ticked(m.inherit);
    m.p.bandRuns[Bands.of(g)]++;
    if (m.spinning) {
      resetSpinning(m);
    }
    g.mounting(m);
    m.setCurg(g);
    try {
      g.cont.run();
    } finally {
      m.setCurg(null);
    }
  }

  /** {@code findRunnable}: blocks (M parked) until there is a goroutine to run; null once closed. */
  private G findRunnable(M m) {
    long spinUntil = 0;
    while (true) {
      if (closed) {
        return null;
      }
      P p = m.p;
      if (p == null) {
        stopm(m);
        spinUntil = 0; // woken with a P: a fresh spell of looking for work
        continue;
      }
      if (!p.enter(m)) {
        // sysmon gave our P to another M while we were stuck in one goroutine
        m.p = null;
        continue;
      }
      G g;
      try {
        g = control != null ? control.take() : localOrGlobal(m, p);
      } finally {
        p.exit();
      }
      if (g != null) {
        m.inherit &= control == null;
        return g;
      }
      // steal, unless too many Ms already spin (at most half the busy Ps)
      if (control == null && (m.spinning || 2 * nmspinning.get() < gomaxprocs - npidle)) {
        if (!m.spinning) {
          m.spinning = true;
          nmspinning.incrementAndGet();
        }
        g = stealWork(m, p);
        if (g != null) {
          m.inherit = false;
          return g;
        }
        long now = System.nanoTime();
        if (spinUntil == 0 || m.sawHandoffs) {
          spinUntil = now + IDLE_SPIN_NS;
        }
        if (now - spinUntil < 0) {
          Thread.onSpinWait();
          continue;
        }
      }
      // nothing anywhere: give up the P
      if (!releaseP(m, p)) {
        continue;
      }
      boolean wasSpinning = m.spinning;
      if (wasSpinning) {
        m.spinning = false;
        nmspinning.decrementAndGet();
      }
      // re-check after dropping the P: a readier may have seen us spinning and not woken anyone
      if (anyWork()) {
        P q = pidleGet();
        if (q != null) {
          acquireP(m, q);
          sysmon.wake(); // as startm does: sysmon may have gone to sleep with every P idle
          if (wasSpinning) {
            m.spinning = true;
            nmspinning.incrementAndGet();
          }
          continue;
        }
      }
      stopm(m);
      spinUntil = 0;
    }
  }

  /** Go's {@code runqget} and {@code globrunqget}, band by band from the highest. */
  private G localOrGlobal(M m, P p) {
    if (p.schedtick % 61 == 0 && global.size() > 0) {
      G g = global.poll(); // fairness: the global queue's highest band now and then
      if (g != null) {
        m.inherit = false;
        return g;
      }
    }
    for (int b = Bands.TOP; b >= 0; b--) {
      RunQueue q = p.runq(b);
      G g = q.takeNext();
      if (g != null) {
        m.inherit = true;
        return g;
      }
      g = q.takeHead();
      if (g != null) {
        m.inherit = false;
        return g;
      }
      if (global.size() > 0 && global.size(b) > 0) {
        g = global.pollBatch(p, gomaxprocs);
        if (g != null) {
          m.inherit = false;
          return g;
        }
      }
    }
    return null;
  }

  /**
   * Band by band from the highest, up to four passes over the other Ps in random order; a band's
   * {@code runnext} only in its last pass, after {@link #RUNNEXT_BACKOFF_NS}. A higher band's
   * {@code runnext} is taken before a lower band's ring: the highest-priority runnable goroutine
   * runs first wherever it is queued. Sets {@link M#sawHandoffs} anew.
   */
  private G stealWork(M m, P p) {
    m.sawHandoffs = false;
    if (gomaxprocs == 1) {
      return null;
    }
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int b = Bands.TOP; b >= 0; b--) {
      for (int pass = 0; pass < 4; pass++) {
        boolean last = pass == 3;
        boolean any = false;
        int pos = rnd.nextInt(gomaxprocs);
        int step = stealSteps[rnd.nextInt(stealSteps.length)];
        for (int i = 0; i < gomaxprocs; i++, pos = (pos + step) % gomaxprocs) {
          P victim = allp[pos];
          RunQueue vq = victim.runq(b);
          if (victim == p || vq.isEmpty()) {
            continue;
          }
          any = true;
          boolean takeNext = last;
          // no back-off for a runnext the victim's goroutine offers (spins for rather than runs)
          if (last && victim.isRunning() && vq.onlyNext() && victim.offered != vq.next()) {
            long tick = victim.runtick;
            LockSupport.parkNanos(RUNNEXT_BACKOFF_NS);
            if (victim.runtick != tick) {
              m.sawHandoffs = true; // it is handing off, not stuck behind one goroutine
              takeNext = false;
            }
          }
          if (closed || !p.enter(m)) {
            return null;
          }
          G g;
          try {
            g = p.runq(b).steal(vq, takeNext);
          } finally {
            p.exit();
          }
          if (g != null) {
            return g;
          }
        }
        if (global.size() > 0) {
          return null; // let findRunnable take it
        }
        if (!any) {
          break; // nobody has this band: the next one
        }
      }
    }
    return null;
  }

  /** Whether any goroutine waits in a run queue (global, a P's, or the deterministic one). */
  boolean anyWork() {
    if (global.size() > 0 || (control != null && !control.isEmpty())) {
      return true;
    }
    for (P p : allp) {
      if (!p.runqEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** {@code resetspinning}: this M found work; if it was the last spinner, wake another. */
  private void resetSpinning(M m) {
    m.spinning = false;
    nmspinning.decrementAndGet();
    wakep();
  }

  /** {@code wakep}: start a spinning M if there is an idle P and nobody is spinning. */
  void wakep() {
    if (npidle == 0 || nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
      return;
    }
    startm(null, true);
  }

  /**
   * {@code startm}: runs an M (idle or new) on {@code p}, or on an idle P when null. With {@code
   * spinning}, the caller has already counted the M in {@link #nmspinning}.
   */
  void startm(P p, boolean spinning) {
    M m;
    boolean fresh = false;
    boolean atThreadLimit = false;
    synchronized (lock) {
      if (p == null) {
        p = pidleGetLocked();
        if (p == null) {
          if (spinning) {
            nmspinning.decrementAndGet();
          }
          return;
        }
      }
      m = midle.poll();
      nmidle = midle.size();
      if (m == null) {
        if (mcount >= maxThreads || closed) {
          p.status = P.IDLE; // a P sysmon took (handoff) was still marked RUNNING
          pidlePutLocked(p);
          if (spinning) {
            nmspinning.decrementAndGet();
          }
          atThreadLimit = !closed;
          startmRefused = atThreadLimit;
        } else {
          int id = mcount;
          m = new M(this, id);
          mcount = id + 1;
          allm.add(m);
          fresh = true;
        }
      }
    }
    if (m == null) {
      if (atThreadLimit && !threadLimitReported.getAndSet(true)) {
        reportThreadLimit();
      }
      return;
    }
    m.spinning = spinning;
    acquireP(m, p);
    sysmon.wake();
    if (fresh) {
      m.start();
    } else {
      m.nextp = p;
      LockSupport.unpark(m);
    }
  }

  /** The one-time line of a {@link #startm} refused by maxThreads (where Go crashes). */
  private void reportThreadLimit() {
    traceOut.print(
        "go4j: runtime "
            + namePrefix
            + " wanted a carrier thread beyond its limit of "
            + maxThreads
            + " (maxThreads); processors with work wait until a carrier thread frees up."
            + " Raise the limit with GoRuntime.Builder.maxThreads or -Dgo4j.maxthreads\n");
    traceOut.flush();
  }

  /** {@code stopm}: parks the M until someone hands it a P. */
  private void stopm(M m) {
    if (m.spinning) {
      // lost its P while spinning (sysmon's retake): stop counting it, and since the readier
      // of a goroutine published while we were counted may not have woken anyone, wake now
      m.spinning = false;
      nmspinning.decrementAndGet();
      if (anyWork()) {
        wakep();
      }
    }
    boolean allIdle;
    boolean refused;
    synchronized (lock) {
      midle.push(m);
      nmidle = midle.size();
      allIdle = npidle == gomaxprocs && nmidle == mcount;
      refused = startmRefused;
      startmRefused = false;
    }
    // a startm at maxThreads found no M and left its P idle, maybe with work on it (a handoff from
    // a stuck M): this M is free now, so start one for that work
    if (refused && npidle > 0 && anyWork()) {
      wakep();
    } else if (allIdle) {
      lookForDeadlock();
    }
    while (m.nextp == null && !closed) {
      LockSupport.park(this);
    }
    m.nextp = null;
  }

  /**
   * {@code handoffp}, from sysmon: {@code p} was taken from an M stuck in one goroutine. Start an M
   * for it if it has work, else make it idle.
   */
  void handoff(P p) {
    handoffs.incrementAndGet();
    if (!p.runqEmpty() || global.size() > 0) {
      startm(p, false);
    } else {
      synchronized (lock) {
        p.status = P.IDLE;
        pidlePutLocked(p);
      }
    }
  }

  private void acquireP(M m, P p) {
    p.m = m;
    p.status = P.RUNNING;
    m.p = p;
  }

  /** Releases {@code p} to the idle list; false if sysmon took it first. */
  private boolean releaseP(M m, P p) {
    synchronized (lock) {
      if (!p.enter(m)) {
        m.p = null;
        return false;
      }
      try {
        p.m = null;
        p.status = P.IDLE;
      } finally {
        p.exit();
      }
      m.p = null;
      pidlePutLocked(p);
      return true;
    }
  }

  private P pidleGet() {
    synchronized (lock) {
      return pidleGetLocked();
    }
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // written under lock, read without it
  private P pidleGetLocked() {
    P p = pidle.poll();
    if (p != null) {
      npidle = npidle - 1;
    }
    return p;
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // written under lock, read without it
  private void pidlePutLocked(P p) {
    pidle.push(p);
    npidle = npidle + 1;
  }

  /** No P in use and no M spinning. */
  boolean allIdle() {
    return npidle == gomaxprocs && nmspinning.get() == 0;
  }

  /** Every M parked idle: none runs a goroutine, even one that lost its P to sysmon. */
  private boolean allMsIdle() {
    return nmidle == mcount;
  }

  // ---------------------------------------------------------------- main and checkdead

  /** Runs {@code body} as a goroutine and waits for it; throws what it throws, or a deadlock. */
  public void main(Runnable body) {
    if (current() != null) {
      throw new IllegalStateException("main must be called from outside any goroutine");
    }
    MainRun run = new MainRun();
    long id;
    synchronized (lock) {
      if (mainRun != null) {
        throw new IllegalStateException("main is already running on this runtime");
      }
      mainRun = run;
      id = mainIdTaken ? goidgen.incrementAndGet() : MAIN_ID;
      mainIdTaken = true;
    }
    try {
      G main =
          spawn(
              id,
              "main",
              Priority.NORMAL,
              () -> {
                run.bodyStarted = true; // before the body can block: see checkdead
                Throwable failure = null;
                try {
                  body.run();
                } catch (Throwable t) {
                  failure = t;
                }
                run.bodyEnded = true; // before the result, which the caller waits for
                if (failure == null) {
                  run.result.complete(null);
                } else {
                  run.result.completeExceptionally(failure);
                }
              },
              false,
              true,
              0);
      try {
        run.result.get();
        if (virtualTime) {
          run.drained.get(); // synctest.Test: the bubble's other goroutines end too
        }
      } finally {
        if (run.bodyEnded) {
          main.join(); // it is leaving: wait, so that it is no longer counted as live
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while waiting for the main goroutine", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("main goroutine failed: " + cause, cause);
    } finally {
      synchronized (lock) {
        mainRun = null;
      }
    }
  }

  /**
   * Something that can end a deadlock's last excuse happened while every M may already be idle (a
   * timer action left no timer pending and readied nobody; the last external waker was closed): no
   * M will go idle again to look, so look here if every one is.
   */
  private void lookIfEveryMIsIdle() {
    if (allIdle() && allMsIdle()) {
      lookForDeadlock();
    }
  }

  /** {@code GoRuntime.externalWaker}: until released, code outside may wake a goroutine. */
  public void holdExternal() {
    externalWakers.incrementAndGet();
  }

  /** An external waker closed: the last one lets the runtime look for a deadlock again. */
  public void releaseExternal() {
    if (externalWakers.decrementAndGet() == 0) {
      lookIfEveryMIsIdle();
    }
  }

  /** Every M is idle: check for a deadlock ({@link #checkdead}; in a bubble, the timer thread). */
  private void lookForDeadlock() {
    if (virtualTime) {
      timers.requestCheck();
    } else {
      checkdead();
    }
  }

  /** {@code checkdead}: fails {@link #main} if no goroutine can ever run again. */
  void checkdead() {
    MainRun run = mainRun;
    if (run == null
        || !run.bodyStarted
        || run.result.isDone()
        || closed
        || externalWakers.get() > 0) {
      return;
    }
    long ticks = totalRunticks();
    if (!quiescent() || !allg.allWaiting() || !quiescent() || totalRunticks() != ticks) {
      return;
    }
    run.result.completeExceptionally(
        new DeadlockException("all goroutines are asleep - deadlock!\n\n" + dump()));
  }

  /**
   * Virtual time, asked by the timer thread: every goroutine durably blocked (parked on a go4j
   * primitive; one blocked in the JDK is not), none runnable or running, no M awake; checked twice
   * around the goroutine walk, with no goroutine switch in between.
   */
  boolean bubbleIdle() {
    long ticks = totalRunticks();
    return idle()
        && (allg.size() == 0 || allg.allWaiting())
        && idle()
        && totalRunticks() == ticks;
  }

  private boolean idle() {
    return allIdle() && allMsIdle() && !anyWork();
  }

  /**
   * Virtual time: the bubble is idle ({@link #bubbleIdle}); {@code timerPending}: a timer can move
   * time on. Returns whether the timer thread should: not while an {@code ExternalWaker} is open,
   * whose outside code may still wake a goroutine (closing the last one asks again). Ends {@link
   * #main} if the body has ended and every goroutine with it; fails it if no timer can help: a
   * deadlock inside the bubble, or goroutines left blocked after the body ended (Go 1.25 synctest's
   * messages).
   */
  boolean idleInBubble(boolean timerPending) {
    MainRun run = mainRun;
    if (run != null && run.bodyEnded && allg.size() == 0) {
      run.drained.complete(null);
      return false;
    }
    if (run != null && !run.bodyStarted) {
      return false; // main is starting: its goroutine may not be registered yet; it will ask again
    }
    if (externalWakers.get() > 0) {
      return false; // not durably blocked: code outside may wake a goroutine (Go's synctest)
    }
    if (timerPending || run == null || closed) {
      return timerPending;
    }
    if (!run.bodyEnded) {
      run.result.completeExceptionally(
          new DeadlockException("deadlock: all goroutines in bubble are blocked\n\n" + dump()));
    } else {
      run.drained.completeExceptionally(
          new DeadlockException(
              "deadlock: main bubble goroutine has exited but blocked goroutines remain\n\n"
                  + dump()));
    }
    return false;
  }

  private boolean quiescent() {
    return allIdle() && allMsIdle() && !anyWork() && timers.pending() == 0;
  }

  private long totalRunticks() {
    long sum = 0;
    for (P p : allp) {
      sum += p.runtick;
    }
    return sum;
  }

  // ---------------------------------------------------------------- observability

  /** Live goroutines, by id. */
  List<G> liveGoroutines() {
    List<G> gs = allg.snapshot();
    gs.sort(Comparator.comparingLong(g -> g.id));
    return gs;
  }

  public int numGoroutine() {
    return allg.size();
  }

  public int gomaxprocs() {
    return gomaxprocs;
  }

  public List<Throwable> panics() {
    return List.copyOf(panics);
  }

  /** Go-format dump of every live goroutine; the caller's own goroutine first. */
  public String dump() {
    G self = current();
    long now = clock.nanoTime();
    StringBuilder out = new StringBuilder();
    List<G> gs = liveGoroutines();
    if (self != null && self.sched == this && gs.remove(self)) {
      gs.add(0, self);
    }
    for (G g : gs) {
      List<StackTraceElement> frames = g.frames();
      if (!out.isEmpty()) {
        out.append('\n');
      }
      Dumps.block(out, g, Dumps.stateLabel(g, now), frames);
    }
    return out.toString();
  }

  public String namePrefix() {
    return namePrefix;
  }

  public List<GoroutineInfo> goroutines() {
    long now = clock.nanoTime();
    List<GoroutineInfo> out = new ArrayList<>();
    for (G g : liveGoroutines()) {
      GoroutineState s = g.gstatus();
      boolean waiting = s == GoroutineState.WAITING;
      out.add(
          new GoroutineInfo(
              g.id,
              g.name(),
              g.parentId,
              g.priority(),
              s,
              g.waitReason(s),
              waiting ? Duration.ofNanos(Math.max(0, now - g.waitSince())) : Duration.ZERO,
              g.site.function(),
              g.site.stack(),
              g.frames(),
              g.effectivePriority(),
              g.boostedBy(),
              g.origin,
              namePrefix));
    }
    return out;
  }

  /** {@link GoroutineInfo#dump()} and {@link GoroutineInfo#dumpWithAge()}. */
  public static String dumpBlock(GoroutineInfo info, boolean withAge) {
    return Dumps.block(info, withAge);
  }

  public RuntimeStats stats() {
    List<Integer> local = new ArrayList<>(gomaxprocs);
    for (P p : allp) {
      local.add(p.runqSize());
    }
    return new RuntimeStats(
        allg.size(),
        gomaxprocs,
        npidle,
        threads(),
        nmspinning.get(),
        nmidle,
        global.size(),
        List.copyOf(local),
        goidgen.get() - (mainIdTaken ? 0 : 1), // ids are handed out in order (1: the first main's)
        handoffs.get(),
        preemptions.get(),
        panics.size(),
        timers.pending(),
        sysmon.starvingBands(),
        boosted.stream()
            .map(g -> new RuntimeStats.Boost(g.id, g.priority(), g.effectivePriority(), g.boostedBy()))
            .filter(b -> !b.boostedBy().isEmpty())
            .sorted(Comparator.comparingLong(RuntimeStats.Boost::goroutine))
            .toList());
  }

  /** Ms plus sysmon and the timer thread. */
  int threads() {
    return mcount + 2;
  }

  List<M> allm() {
    return allm;
  }

  int idleMs() {
    return nmidle;
  }

  public void close() {
    closed = true;
    if (control != null) {
      control.close();
    }
    sysmon.close();
    timers.close();
    for (M m : allm) {
      LockSupport.unpark(m);
    }
    MainRun run = mainRun;
    if (run != null) {
      CancelledException closing = new CancelledException("runtime closed");
      run.result.completeExceptionally(closing);
      run.drained.completeExceptionally(closing); // a bubble's main waiting for the rest to end
    }
  }

  /** Step sizes coprime with n, for visiting every P in a random order (Go's randomOrder). */
  private static int[] coprimes(int n) {
    List<Integer> steps = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      if (gcd(i, n) == 1) {
        steps.add(i);
      }
    }
    return steps.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
