package io.go4j.runtime.internal;

import io.go4j.runtime.spi.Decider;
import java.util.Arrays;

/**
 * Deterministic scheduling: the run queue of a runtime with one P and one M whose every choice of
 * the next goroutine is taken by a {@link Decider}.
 *
 * <p>Implementation notes. With one carrier, at most one goroutine runs at any time, and the
 * order of events depends only on the program and the decisions: a goroutine switches only at a
 * step (the start of a go4j operation, {@code checkpoint}, {@code gosched}, a spawn), where the
 * decider may pick another goroutine, and when it parks or ends, where the M picks the next one.
 * Runnable goroutines wait in a ring in the order they became runnable; {@link #next} is the
 * goroutine a step chose, which the M takes once the stepping goroutine has yielded. Timers fire
 * only while no goroutine can run (see {@link Timers}), and goroutines they ready are queued by the
 * timer thread before the M is woken, so their order is the timers' order. The monitor is held for
 * a few ring operations and across a decider's {@code pick} (which reads the ring through {@link
 * #candidates} and never calls back into the runtime), never across a park or a yield; goroutines
 * take it only on their own carrier, which nothing else contends for except the timer thread while
 * every goroutine is blocked. A decision costs what the decider reads, plus moving the shorter side
 * of the ring when a goroutine leaves from its middle.
 *
 * <p>Once the runtime is closed ({@link #close}: the testkit closes a run that outlived its
 * real-time limit), a goroutine still running on the carrier stops at its next step (a spawn too,
 * which would throw elsewhere): it parks for good, wait reason {@code runtime closed}, without
 * telling the decider (whose record of the run is over), and no M is left to run it again. A
 * goroutine that never reaches a step (a loop with no go4j operation) cannot be stopped, as no
 * Java thread can.
 */
final class Control {
  private final Decider decider;
  private G[] ring = new G[16]; // guarded by this; a power of two
  private int head; // guarded by this; the index in ring of the longest runnable
  private int size; // guarded by this
  private G next; // guarded by this
  private final Candidates candidates = new Candidates();
  private volatile boolean closed;

  Control(Decider decider) {
    this.decider = decider;
  }

  /** A goroutine became runnable: the queue's tail. */
  synchronized void enqueue(G g) {
    if (size == ring.length) {
      G[] grown = Arrays.copyOf(ring, size * 2);
      System.arraycopy(ring, 0, grown, size, head); // unwrap: [head, len) then [0, head)
      System.arraycopy(grown, head, grown, 0, size);
      Arrays.fill(grown, size, grown.length, null);
      ring = grown;
      head = 0;
    }
    ring[(head + size++) & (ring.length - 1)] = g;
  }

  synchronized boolean isEmpty() {
    return size == 0;
  }

  /** The M's choice of the next goroutine; null when none is runnable. */
  synchronized G take() {
    G chosen = next;
    if (chosen != null) {
      next = null;
      return remove(indexOf(chosen));
    }
    if (size <= 1) {
      return size == 0 ? null : remove(0);
    }
    candidates.first = null;
    return remove(checked(decider.pick(candidates), size));
  }

  /**
   * A step of the running goroutine {@code g} about to perform {@code op}: records it and, if the
   * decider picks another runnable goroutine, yields to it.
   */
  void step(G g, String op) {
    if (closed) {
      Sched.stop(g);
    }
    decider.event(g.id, op);
    synchronized (this) {
      if (size == 0) {
        return;
      }
      candidates.first = g;
      int k = checked(decider.pick(candidates), size + 1);
      candidates.first = null;
      if (k == 0) {
        return;
      }
      next = get(k - 1);
    }
    Sched.gosched();
  }

  /** The runtime is closed: goroutines stop at their next step (see the class comment). */
  void close() {
    closed = true;
  }

  void event(G g, String op) {
    decider.event(g.id, op);
  }

  int random(int n) {
    return checked(decider.random(n), n);
  }

  /** Queue entry {@code i} (0: the longest runnable); caller holds the monitor. */
  private G get(int i) {
    return ring[(head + i) & (ring.length - 1)];
  }

  /** The position of {@code g} in the queue; caller holds the monitor. */
  private int indexOf(G g) {
    for (int i = 0; i < size; i++) {
      if (get(i) == g) {
        return i;
      }
    }
    throw new IllegalStateException("goroutine " + g.id + " chosen but not runnable");
  }

  /** Removes and returns entry {@code i}, closing the gap from its nearer end; holds the monitor. */
  private G remove(int i) {
    int mask = ring.length - 1;
    G g = get(i);
    if (i < size / 2) {
      for (int j = i; j > 0; j--) {
        ring[(head + j) & mask] = ring[(head + j - 1) & mask];
      }
      ring[head] = null;
      head = (head + 1) & mask;
    } else {
      for (int j = i; j < size - 1; j++) {
        ring[(head + j) & mask] = ring[(head + j + 1) & mask];
      }
      ring[(head + size - 1) & mask] = null;
    }
    size--;
    return g;
  }

  /** The decider's answer modulo {@code n} (see {@link Decider}). */
  private static int checked(int k, int n) {
    return Math.floorMod(k, n);
  }

  /**
   * The queue as a pick's candidates: the stepping goroutine first when there is one. Read only
   * inside {@code pick}, with the monitor held.
   */
  private final class Candidates implements Decider.Candidates {
    private G first;

    @Override
    public int size() {
      return first == null ? size : size + 1;
    }

    @Override
    public long id(int i) {
      int n = size();
      if (i < 0 || i >= n) {
        throw new IndexOutOfBoundsException("candidate " + i + " of " + n);
      }
      if (first == null) {
        return get(i).id;
      }
      return i == 0 ? first.id : get(i - 1).id;
    }
  }
}
