package io.go4j.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.varhandle.MpscUnboundedVarHandleArrayQueue;

/**
 * The runtime's timers: a heap ordered by deadline, owned by one platform thread that sleeps until
 * the earliest deadline (indefinitely when there is none, so an idle runtime burns no CPU) and runs
 * each expired timer's action on itself. Actions must be short and must not block: they ready
 * goroutines.
 *
 * <p>Implementation notes. Only the timer thread touches the heap. Other threads hand new timers
 * over through a JCTools MPSC queue and take no lock, so neither a goroutine nor a carrier can ever
 * wait on the timers (a carrier waiting for a lock a parked goroutine is queued for would wait for
 * a goroutine only it could run). A timer's {@code state} goes from PENDING to FIRED (timer thread)
 * or CANCELLED ({@link #cancel}) by CAS, exactly once. {@link #live} counts PENDING timers and those
 * whose action is still running, for deadlock detection; {@code zombies} counts cancelled timers
 * not yet dropped, which the timer thread purges when they are many. Wake-up protocol (Dekker):
 * the timer thread publishes how long it will sleep in {@code sleepingUntil}, then re-checks the
 * queue before parking; a producer enqueues, then unparks it if the new deadline is earlier.
 *
 * <p>Virtual time (a bubble, {@link VirtualClock}): the clock moves only here. Whenever the last M
 * goes idle the scheduler calls {@link #requestCheck}; the timer thread then drains the new timers
 * and asks the scheduler whether every goroutine is durably blocked ({@link Sched#bubbleIdle}:
 * nothing runs or is runnable, every goroutine parked on a go4j primitive, and no timer action is
 * running, since only this thread runs them). If so, it moves the clock to the earliest timer and
 * fires every timer due at that instant, or, with no timer left, tells the scheduler ({@link
 * Sched#idleInBubble}: a deadlock, or the bubble's end). The check drains the incoming queue after
 * reading the request, so a timer set by a goroutine before it parked is always seen. With
 * deterministic scheduling ({@link Control}) due timers too fire only at such a check, all of an
 * instant's before the M is woken, so the order in which they ready goroutines is theirs.
 */
public final class Timers {
  private static final int PENDING = 0;
  private static final int FIRED = 1;
  private static final int CANCELLED = 2;

  /**
   * Cancelled timers stay in the heap until they reach its top, unless there are at least this many
   * and they make up a quarter of the heap: then the timer thread purges them (Go's zombie timers
   * and {@code adjusttimers}), so cancelled timers hold no memory for long.
   */
  private static final int PURGE_MIN = 64;

  /** {@code sleepingUntil} while the timer thread is awake and working. */
  private static final long AWAKE = Long.MIN_VALUE;

  /** {@code sleepingUntil} while it sleeps with no timer at all. */
  private static final long FOREVER = Long.MAX_VALUE;

  /** A scheduled action. */
  public static final class Timer implements Comparable<Timer> {
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Timer.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final long when;
    final long seq;
    final Runnable action;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    Timer(long when, long seq, Runnable action) {
      this.when = when;
      this.seq = seq;
      this.action = action;
    }

    boolean settle(int to) {
      return STATE.compareAndSet(this, PENDING, to);
    }

    boolean isPending() {
      return state == PENDING;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(when - o.when, 0);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final Clock clock;

  /** The scheduler of a virtual-time runtime, else null. */
  private final Sched bubble;

  /** Deterministic scheduling: due timers fire only when every goroutine is blocked. */
  private final boolean onlyWhenIdle;

  /**
   * Real time: run on this thread after an action left no timer pending, the scheduler's look for
   * a deadlock ({@link Sched#lookIfEveryMIsIdle}). An action that readies nobody wakes no M, so no M
   * going idle would look again (Go's timers run on Ms, which check as they go idle).
   */
  private final Runnable drained;

  private volatile boolean checkRequested;
  private final MpscUnboundedVarHandleArrayQueue<Timer> incoming =
      new MpscUnboundedVarHandleArrayQueue<>(256);
  private final PriorityQueue<Timer> heap = new PriorityQueue<>(); // timer thread only
  private final AtomicLong seq = new AtomicLong();
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicInteger zombies = new AtomicInteger(); // cancelled, still queued or heaped
  private volatile int heapSize; // written by the timer thread
  private volatile boolean purge;
  private final Thread thread;
  private volatile long sleepingUntil = AWAKE;
  private volatile boolean closed;

  /** Real-time timers; {@code drained}: see {@link #drained}. */
  Timers(Clock clock, ThreadGroup group, String name, Runnable drained) {
    this(clock, group, name, null, false, drained);
  }

  /**
   * Timers on {@code clock}: a {@link VirtualClock} that this thread advances when {@code bubble}
   * is idle, if {@code bubble} is not null; {@code onlyWhenIdle} for deterministic scheduling.
   */
  Timers(Clock clock, ThreadGroup group, String name, Sched bubble, boolean onlyWhenIdle) {
    this(clock, group, name, bubble, onlyWhenIdle, () -> {});
  }

  private Timers(
      Clock clock,
      ThreadGroup group,
      String name,
      Sched bubble,
      boolean onlyWhenIdle,
      Runnable drained) {
    this.clock = clock;
    this.bubble = bubble;
    this.onlyWhenIdle = onlyWhenIdle;
    this.drained = drained;
    this.thread = new Thread(group, this::loop, name, 0, false);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code action} on the timer thread once {@code delayNanos} have passed. Never blocks. */
  Timer schedule(long delayNanos, Runnable action) {
    return scheduleAt(clock.nanoTime() + delayNanos, action);
  }

  /** Runs {@code action} on the timer thread at {@code when} of the clock. Never blocks. */
  Timer scheduleAt(long when, Runnable action) {
    Timer t = new Timer(when, seq.getAndIncrement(), action);
    live.incrementAndGet();
    incoming.offer(t);
    long until = sleepingUntil;
    if (until == FOREVER || (until != AWAKE && t.when - until < 0)) {
      LockSupport.unpark(thread);
    }
    return t;
  }

  /** Cancels {@code t}; false if it already fired or was cancelled. Never blocks. */
  boolean cancel(Timer t) {
    if (t.settle(CANCELLED)) {
      live.decrementAndGet();
      int z = zombies.incrementAndGet();
      if (z >= PURGE_MIN && z >= heapSize / 4 && !purge) {
        purge = true;
        LockSupport.unpark(thread);
      }
      return true;
    }
    return false;
  }

  /** Timers that have neither fired nor been cancelled. Never blocks. */
  int pending() {
    return live.get();
  }

  /** Virtual time: every M went idle; see whether time should move (see the class comment). */
  void requestCheck() {
    checkRequested = true;
    LockSupport.unpark(thread);
  }

  void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private void loop() {
    while (!closed) {
      drain();
      Timer first = top();
      long now = clock.nanoTime();
      if (first != null && first.when - now <= 0 && !onlyWhenIdle) {
        fire(first);
        continue;
      }
      if (bubble != null) {
        if (checkRequested) {
          checkRequested = false;
          check();
          continue;
        }
        sleepingUntil = FOREVER; // only a new timer or a check request wakes us
        if (incoming.isEmpty() && !checkRequested && !closed) {
          LockSupport.park(this);
        }
        sleepingUntil = AWAKE;
        continue;
      }
      // publish the deadline we sleep until, then look again before parking
      sleepingUntil = first == null ? FOREVER : first.when;
      if (incoming.isEmpty() && !closed) {
        if (first == null) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, first.when - now);
        }
      }
      sleepingUntil = AWAKE;
    }
  }

  /** A virtual-time check: if every goroutine is blocked, move to the next timer and fire it. */
  private void check() {
    drain(); // timers set before the request
    if (!bubble.bubbleIdle()) {
      if (onlyWhenIdle) {
        bubble.wakep(); // goroutines readied from other threads wait for it
      }
      return;
    }
    // a goroutine readied by this thread may have set a timer and parked since the first drain
    drain();
    Timer first = top();
    if (!bubble.idleInBubble(first != null)) {
      return;
    }
    ((VirtualClock) clock).advanceTo(first.when);
    long now = clock.nanoTime();
    for (Timer t = first; t != null && t.when - now <= 0; t = top()) {
      fire(t);
    }
    bubble.wakep();
  }

  /** Moves new timers into the heap; purges cancelled ones when asked. */
  private void drain() {
    for (Timer t = incoming.poll(); t != null; t = incoming.poll()) {
      if (t.isPending()) {
        heap.add(t);
      } else {
        zombies.decrementAndGet();
      }
    }
    if (purge) {
      purge = false;
      int before = heap.size();
      heap.removeIf(t -> !t.isPending());
      zombies.addAndGet(heap.size() - before);
    }
    heapSize = heap.size();
  }

  /** The earliest pending timer, dropping cancelled ones from the top; null if none. */
  private Timer top() {
    Timer first = heap.peek();
    while (first != null && !first.isPending()) {
      heap.poll();
      zombies.decrementAndGet();
      first = heap.peek();
    }
    return first;
  }

  /** Removes the heap's top {@code t} and runs its action unless it was cancelled meanwhile. */
  private void fire(Timer t) {
    heap.poll();
    if (t.settle(FIRED)) {
      try {
        t.action.run();
      } catch (RuntimeException | Error e) { // a bug in a go4j primitive: keep the timers going
        System.err.println("go4j: a timer action failed: " + e);
        e.printStackTrace();
      } finally {
        // after the action readied or spawned its goroutine: checkdead
        if (live.decrementAndGet() == 0) {
          drained.run();
        }
      }
    } else {
      zombies.decrementAndGet();
    }
  }
}
