package io.go4j.runtime.internal;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime's timers: one heap ordered by deadline, served by one platform thread that sleeps
 * until the earliest deadline (or indefinitely when there is none, so an idle runtime burns no CPU)
 * and runs each expired timer's action on itself. Actions must be short and must not block: they
 * ready goroutines. Deadlock detection asks {@link #pending()}: a pending timer can still wake
 * someone. Carriers call {@link #pending()}, which takes no lock: a carrier waiting for a lock that a
 * parked goroutine is queued for would wait for a goroutine only it could run.
 */
final class Timers {
  /** A scheduled action. */
  static final class Timer implements Comparable<Timer> {
    final long when;
    final long seq;
    final Runnable action;
    boolean cancelled; // guarded by Timers.lock
    boolean fired; // guarded by Timers.lock

    Timer(long when, long seq, Runnable action) {
      this.when = when;
      this.seq = seq;
      this.action = action;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(when - o.when, 0);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Timer> heap = new PriorityQueue<>();
  private long seq; // guarded by lock
  // timers in the heap that are not cancelled: written under lock, read without it, because
  // deadlock detection runs on a carrier, which must never wait for a lock goroutines also take
  private final AtomicInteger live = new AtomicInteger();
  private boolean closed; // guarded by lock

  Timers(Clock clock, ThreadGroup group, String name) {
    this.clock = clock;
    Thread thread = new Thread(group, this::loop, name, 0, false);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code action} on the timer thread once {@code delayNanos} have passed. */
  Timer schedule(long delayNanos, Runnable action) {
    lock.lock();
    try {
      Timer t = new Timer(clock.nanoTime() + delayNanos, seq++, action);
      heap.add(t);
      live.incrementAndGet();
      if (heap.peek() == t) {
        changed.signal();
      }
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** Cancels {@code t}; returns false if it already fired or was cancelled. */
  boolean cancel(Timer t) {
    lock.lock();
    try {
      if (t.cancelled || t.fired) {
        return false;
      }
      t.cancelled = true;
      live.decrementAndGet();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Timers that have neither fired nor been cancelled. Never blocks. */
  int pending() {
    return live.get();
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (true) {
      Timer due;
      lock.lock();
      try {
        while (true) {
          if (closed) {
            return;
          }
          Timer first = heap.peek();
          if (first != null && first.cancelled) {
            heap.poll();
            continue;
          }
          if (first == null) {
            changed.awaitUninterruptibly();
            continue;
          }
          long wait = first.when - clock.nanoTime();
          if (wait > 0) {
            changed.awaitNanos(wait);
            continue;
          }
          due = heap.poll();
          due.fired = true;
          live.decrementAndGet();
          break;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      due.action.run();
    }
  }
}
