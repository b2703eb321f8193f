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

  Timers(Clock clock, ThreadGroup group, String name) {
    this.clock = clock;
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

  void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private void loop() {
    while (!closed) {
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
      Timer first = heap.peek();
      if (first != null && !first.isPending()) {
        heap.poll(); // cancelled
        zombies.decrementAndGet();
        continue;
      }
      long now = clock.nanoTime();
      if (first != null && first.when - now <= 0) {
        heap.poll();
        if (first.settle(FIRED)) {
          try {
            first.action.run();
          } catch (RuntimeException | Error e) { // a bug in a go4j primitive: keep the timers going
            System.err.println("go4j: a timer action failed: " + e);
            e.printStackTrace();
          } finally {
            live.decrementAndGet(); // after the action readied or spawned its goroutine: checkdead
          }
        }
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
}
