package io.go4j.runtime.internal;

import io.go4j.runtime.spi.Decider;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic scheduling: the run queue of a runtime with one P and one M whose every choice of
 * the next goroutine is taken by a {@link Decider}.
 *
 * <p>Implementation notes. With one carrier, at most one goroutine runs at any time, and the
 * order of events depends only on the program and the decisions: a goroutine switches only at a
 * step (the start of a go4j operation, {@code checkpoint}, {@code gosched}, a spawn), where the
 * decider may pick another goroutine, and when it parks or ends, where the M picks the next one.
 * Runnable goroutines wait in {@link #queue} in the order they became runnable; {@link #next} is
 * the goroutine a step chose, which the M takes once the stepping goroutine has yielded. Timers
 * fire only while no goroutine can run (see {@link Timers}), and goroutines they ready are queued
 * by the timer thread before the M is woken, so their order is the timers' order. The queue's
 * monitor is held for a few list operations, never across a park, a decider call or a yield;
 * goroutines take it only on their own carrier, which nothing else contends for except the timer
 * thread while every goroutine is blocked.
 */
final class Control {
  private final Decider decider;
  private final List<G> queue = new ArrayList<>(); // guarded by this
  private G next; // guarded by this

  Control(Decider decider) {
    this.decider = decider;
  }

  /** A goroutine became runnable: the queue's tail. */
  synchronized void enqueue(G g) {
    queue.add(g);
  }

  synchronized boolean isEmpty() {
    return queue.isEmpty();
  }

  /** The M's choice of the next goroutine; null when none is runnable. */
  G take() {
    long[] ids;
    synchronized (this) {
      G chosen = next;
      if (chosen != null) {
        next = null;
        queue.remove(chosen);
        return chosen;
      }
      if (queue.size() <= 1) {
        return queue.isEmpty() ? null : queue.remove(0);
      }
      ids = ids(null);
    }
    int k = checked(decider.pick(ids), ids.length);
    synchronized (this) {
      return queue.remove(k);
    }
  }

  /**
   * A step of the running goroutine {@code g} about to perform {@code op}: records it and, if the
   * decider picks another runnable goroutine, yields to it.
   */
  void step(G g, String op) {
    decider.event(g.id, op);
    long[] ids;
    synchronized (this) {
      if (queue.isEmpty()) {
        return;
      }
      ids = ids(g);
    }
    int k = checked(decider.pick(ids), ids.length);
    if (k == 0) {
      return;
    }
    synchronized (this) {
      next = queue.get(k - 1);
    }
    Sched.gosched();
  }

  void event(G g, String op) {
    decider.event(g.id, op);
  }

  int random(int n) {
    return checked(decider.random(n), n);
  }

  /** The queue's ids, after {@code first} if not null; caller holds the monitor. */
  private long[] ids(G first) {
    int off = first == null ? 0 : 1;
    long[] ids = new long[queue.size() + off];
    if (first != null) {
      ids[0] = first.id;
    }
    for (int i = 0; i < queue.size(); i++) {
      ids[i + off] = queue.get(i).id;
    }
    return ids;
  }

  /** The decider's answer modulo {@code n} (see {@link Decider}). */
  private static int checked(int k, int n) {
    return Math.floorMod(k, n);
  }
}
