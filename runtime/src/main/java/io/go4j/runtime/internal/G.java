package io.go4j.runtime.internal;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.Priority;
import io.go4j.runtime.spi.GoDuration;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine: a virtual thread whose scheduler is this object.
 *
 * <p>Implementation notes. The JDK calls {@link #execute} with the thread's (constant) {@code
 * runContinuation} task whenever the goroutine becomes runnable: at start, on unpark, after {@code
 * Thread.yield}, when a timed park expires. {@code execute} records the task and hands the G to the
 * scheduler; it never blocks (it may run pinned, or on a foreign thread). {@link #status} is written
 * by the goroutine itself (RUNNING after a park, WAITING before one, DEAD at the end), by {@code
 * execute} (RUNNABLE) and by the M that mounts it (RUNNING); after the M's {@code
 * runContinuation} returns, the M no longer touches the G, which may already run elsewhere. {@link
 * #yieldGlobal} is set by the goroutine just before it yields and read by {@code execute} on the
 * same M right after it unmounted. The G is also the virtual thread's task ({@link #run}), which
 * saves a lambda per goroutine; {@code run} refuses any other caller.
 */
public final class G implements Executor, Runnable, Goroutine {
  private static final VarHandle STATUS;
  private static final VarHandle WAIT_REASON;
  private static final VarHandle WAIT_SINCE;
  private static final VarHandle PREEMPT;
  private static final VarHandle M_;
  private static final VarHandle JOINERS;
  private static final VarHandle QUEUED;
  private static final VarHandle SLEEPING;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATUS = l.findVarHandle(G.class, "status", GoroutineState.class);
      WAIT_REASON = l.findVarHandle(G.class, "waitReason", String.class);
      WAIT_SINCE = l.findVarHandle(G.class, "waitSince", long.class);
      PREEMPT = l.findVarHandle(G.class, "preempt", boolean.class);
      M_ = l.findVarHandle(G.class, "m", M.class);
      JOINERS = l.findVarHandle(G.class, "joiners", Joiner.class);
      QUEUED = l.findVarHandle(G.class, "queued", boolean.class);
      SLEEPING = l.findVarHandle(G.class, "sleeping", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Sched sched;
  final long id;
  private final String name;
  final long parentId;

  /** Attribution ({@link io.go4j.runtime.spi.Origins}): inherited at spawn, changed only by itself. */
  volatile long origin;

  private final Priority priority;
  /**
   * The virtual thread, until the goroutine ends; then null, as are {@link #cont} and {@link
   * #lastWaker}, and {@link #body} from the start ({@link #run}): a handle kept after the end (a
   * list of goroutines to join) holds neither the thread, its continuation, nor what the body
   * captured.
   */
  private Thread thread;

  final CreationSite site;
  private Runnable body;

  /** The JDK's runContinuation task, set by {@link #execute}. */
  Runnable cont;

  // status, waitReason, waitSince and m are written with release stores (a volatile store is a
  // full fence on x86, and a goroutine switch writes several of them) and read with acquire loads
  // by observers (dumps, sysmon, checkdead), which re-check what they conclude.
  private GoroutineState status = GoroutineState.RUNNABLE;
  private String waitReason = "";
  private long waitSince;

  /**
   * The priority it runs at: its base {@link #priority}, or higher while a priority-inheritance
   * lock boosts it ({@link io.go4j.runtime.spi.Priorities}).
   */
  private volatile Priority effective;

  /** Why {@link #effective} is above the base, for dumps; "" when it is not. */
  private volatile String boostedBy = "";

  /** Set by sysmon after 10 ms without rescheduling: the next preemption point yields. */
  volatile boolean preempt;

  /**
   * Set by {@link #execute}, cleared by the M that takes it from a queue ({@link #claim}): at most
   * one live queue entry per goroutine. The JDK submits a queued virtual thread a second time after taking its stack
   * ({@code VirtualThread.tryGetStackTrace}, as dumps do); a second entry would mount the goroutine
   * again after it parked, a no-op run that marked a parked goroutine RUNNING (and hid a deadlock).
   */
  @SuppressWarnings("UnusedVariable") // accessed through QUEUED
  private boolean queued;

  /**
   * go4j's wake-up permit, in front of the virtual thread's: set by {@link Sched#ready}, taken by
   * {@link Sched#park}. With {@link #sleeping}, set by the goroutine itself before it really parks
   * (Dekker: each side writes its own field, then reads the other's), a ready of a goroutine that
   * has not parked (it spins for its waker, or is about to see the permit) only sets the permit:
   * no unpark, and no JDK permit left behind to make a later park return at once.
   */
  volatile boolean readied;

  /** Set by the goroutine from just before its real park until it runs again. */
  volatile boolean sleeping;

  /**
   * After a real park returned: clears {@link #sleeping}, then the permit. Only the permit's clear
   * needs a full fence (the caller re-checks its condition next; a ready landing before the clear
   * must have published that condition). {@code sleeping} goes with a release store: a ready that
   * still sees it set unparks a running goroutine, whose next park then returns spuriously.
   */
  void woke() {
    SLEEPING.setRelease(this, false);
    readied = false;
  }

  /**
   * The goroutine that readied it last: the likely one to ready it next, worth spinning for while
   * it runs on another carrier ({@link Sched#park}). A hint, written racily.
   */
  G lastWaker;

  /** This goroutine yields to the global queue (gosched, preemption), not to its P's ring. */
  boolean yieldGlobal;

  /** The M that ran it last, for scheddetail. */
  private M m;

  /** Its slot in {@link AllG}, set when it is registered. */
  int slot;

  /**
   * Threads waiting in {@link #join}: a Treiber stack of {@link Joiner}s, replaced by {@link
   * #DONE} when the goroutine ends (so a join that comes later sees it at once).
   */
  private volatile Joiner joiners;

  /**
   * One thread waiting for the end, linked to the next. A joiner that gives up (time-out,
   * interrupt) clears {@code thread}; the next push drops such nodes from the top of the stack, so
   * repeated timed joins of a goroutine that lives on do not pile up.
   */
  private static final class Joiner {
    volatile Thread thread;
    final Joiner next;

    Joiner(Thread thread, Joiner next) {
      this.thread = thread;
      this.next = next;
    }
  }

  private static final Joiner DONE = new Joiner(null, null);

  G(
      Sched sched,
      long id,
      String name,
      long parentId,
      long origin,
      Priority priority,
      CreationSite site,
      Runnable body) {
    this.sched = sched;
    this.id = id;
    this.name = name;
    this.parentId = parentId;
    this.origin = origin;
    this.priority = priority;
    this.effective = priority;
    this.site = site;
    this.body = body;
    this.thread = VirtualThreads.newThread(this, name, this);
  }

  /**
   * The virtual thread's task: the body, then the goroutine's end. Only that thread may call it,
   * once (the G reaches users as a {@link Goroutine}, and so as a {@code Runnable} too): the body is
   * taken out as it starts.
   */
  @Override
  public void run() {
    Runnable b = body;
    if (Thread.currentThread() != thread || b == null) {
      throw new IllegalStateException(
          "goroutine " + id + " runs on its own thread; it cannot be run as a Runnable");
    }
    body = null;
    try {
      b.run();
    } catch (Throwable t) {
      sched.panic(this, t);
    } finally {
      setStatus(GoroutineState.DEAD);
      sched.exited(this);
      thread = null;
      cont = null; // the M running it read it already
      lastWaker = null;
      Joiner waiting = (Joiner) JOINERS.getAndSet(this, DONE);
      for (Joiner j = waiting; j != null; j = j.next) {
        Thread t = j.thread;
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    }
  }

  /** The virtual thread; null once the goroutine has ended. */
  Thread thread() {
    return thread;
  }

  @Override
  public void execute(Runnable task) {
    cont = task;
    GoroutineState st = gstatus();
    if (st != GoroutineState.DEAD) {
      // before the entry is published: once it is, another entry (a boost's) may run the goroutine
      // and see it park, and a later RUNNABLE would stay on a parked goroutine
      setStatus(GoroutineState.RUNNABLE);
    }
    if ((boolean) QUEUED.getAndSet(this, true)) {
      return; // already queued: the JDK's resubmission after a stack walk
    }
    sched.ready(this, st == GoroutineState.WAITING);
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Priority priority() {
    return priority;
  }

  /** The priority it runs at (its base, or a priority-inheritance boost). */
  public Priority effectivePriority() {
    return effective;
  }

  /** Why it runs above its base priority, or "". */
  public String boostedBy() {
    return boostedBy;
  }

  /** Sets the boosted priority and its cause (the caller keeps it at or above the base). */
  void boost(Priority p, String why) {
    boostedBy = why;
    effective = p;
  }

  @Override
  public GoroutineState state() {
    return gstatus();
  }

  @Override
  public String waitReason() {
    return waitReason(gstatus());
  }

  /** {@link #waitReason()} for status {@code s}, read once by an observer that shows both. */
  String waitReason(GoroutineState s) {
    return switch (s) {
      case WAITING -> lastWaitReason();
      case RUNNING -> jdkWait();
      default -> "";
    };
  }

  /**
   * What a RUNNING goroutine waits for in JDK code go4j does not know of ({@code LockSupport.park}
   * in a {@code java.util.concurrent} queue, {@code Object.wait}, {@code Thread.sleep}, {@code
   * synchronized}), from its virtual thread's state: {@code waiting in the JDK}, {@code timed
   * waiting in the JDK} or {@code waiting for a monitor}; {@code ""} while it really runs. Such a
   * goroutine stays RUNNING for go4j (it counts as awake for deadlock detection, as in Go a
   * goroutine in a system call does).
   */
  String jdkWait() {
    Thread t = thread;
    if (t == null) {
      return "";
    }
    return switch (t.getState()) {
      case WAITING -> "waiting in the JDK";
      case TIMED_WAITING -> "timed waiting in the JDK";
      case BLOCKED -> "waiting for a monitor";
      default -> "";
    };
  }

  GoroutineState gstatus() {
    return (GoroutineState) STATUS.getAcquire(this);
  }

  void setStatus(GoroutineState s) {
    STATUS.setRelease(this, s);
  }

  /** The wait reason of the last park (meaningful while WAITING). */
  String lastWaitReason() {
    return (String) WAIT_REASON.getAcquire(this);
  }

  long waitSince() {
    return (long) WAIT_SINCE.getAcquire(this);
  }

  /** Called by the goroutine itself right before it parks. */
  void parking(String reason, long now) {
    WAIT_REASON.setRelease(this, reason);
    WAIT_SINCE.setRelease(this, now);
    STATUS.setRelease(this, GoroutineState.WAITING);
  }

  /**
   * The M about to run it, taking it from a queue: true if this entry is the one to run (the
   * flag is cleared before the continuation runs, so a park in it happens-before the execute that
   * queues it again); false for a second entry (a boost queued it in a higher band too).
   */
  boolean claim() {
    return QUEUED.compareAndSet(this, true, false);
  }

  /** Whether it sits in a run queue, not yet taken. */
  boolean isQueued() {
    return (boolean) QUEUED.getAcquire(this);
  }

  M lastM() {
    return (M) M_.getAcquire(this);
  }

  /** Called by the M that mounts it. */
  void mounting(M on) {
    // RUNNABLE only: an entry can outlive the run it was queued for (a boost's second entry; the
    // JDK's resubmission after a stack walk while the first entry ran the goroutine), and the JDK
    // then finds its thread parked or ended and runs nothing: it stays WAITING or DEAD
    if (STATUS.compareAndSet(this, GoroutineState.RUNNABLE, GoroutineState.RUNNING)) {
      M_.setRelease(this, on);
      PREEMPT.setRelease(this, false);
    }
  }

  @Override
  public void interrupt() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public boolean isAlive() {
    return joiners != DONE;
  }

  @Override
  public void join() {
    join(FOREVER);
  }

  @Override
  public boolean join(Duration timeout) {
    return join(Math.max(0, GoDuration.nanos(timeout, "timeout")));
  }

  /** {@link #join(long)}: no time limit. */
  private static final long FOREVER = -1;

  /**
   * Waits for the end, at most {@code nanos} ({@link #FOREVER}: no limit) on the runtime clock: a
   * goroutine parks (wait reason {@code join}) and a runtime timer readies it at the limit, so
   * that virtual time moves on while it waits; a plain thread parks on the real clock.
   */
  private boolean join(long nanos) {
    if (joiners == DONE) {
      return true;
    }
    if (nanos == 0) {
      return false;
    }
    G self = Sched.current();
    if (self == this) {
      throw new IllegalStateException("goroutine " + id + " cannot join itself");
    }
    Joiner node;
    while (true) {
      Joiner head = joiners;
      if (head == DONE) {
        return true;
      }
      Joiner live = head;
      while (live != null && live.thread == null) {
        live = live.next; // drop joiners that gave up
      }
      node = new Joiner(Thread.currentThread(), live);
      if (JOINERS.compareAndSet(this, head, node)) {
        break;
      }
    }
    long deadline = System.nanoTime() + nanos;
    AtomicBoolean expired = new AtomicBoolean();
    Timers.Timer limit =
        self != null && nanos != FOREVER
            ? self.sched.timers.schedule(
                nanos,
                () -> {
                  expired.set(true);
                  Sched.ready(self);
                })
            : null;
    try {
      while (joiners != DONE) {
        if (self != null) {
          if (expired.get()) {
            return false;
          }
          Sched.park(self, "join");
        } else if (nanos == FOREVER) {
          LockSupport.park(this);
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          LockSupport.parkNanos(this, left);
        }
        if (Thread.interrupted()) {
          throw new CancelledException("interrupted while joining goroutine " + id);
        }
      }
      return true;
    } finally {
      node.thread = null; // ended or gave up: the end no longer needs to wake us
      if (limit != null) {
        self.sched.timers.cancel(limit);
      }
    }
  }

  @Override
  public StackTraceElement[] stackTrace() {
    return frames().toArray(StackTraceElement[]::new);
  }

  /** Its stack, go4j's own frames left out; empty once it has ended. */
  List<StackTraceElement> frames() {
    Thread t = thread;
    return t == null ? List.of() : Dumps.userFrames(t.getStackTrace());
  }

  @Override
  public String toString() {
    return "goroutine "
        + id
        + (name.isEmpty() ? "" : " \"" + name + "\"")
        + " ["
        + Dumps.stateLabel(this, sched.clock.nanoTime())
        + "]";
  }
}
