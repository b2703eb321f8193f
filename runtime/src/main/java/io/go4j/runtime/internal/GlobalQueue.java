package io.go4j.runtime.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The global run queue ({@code sched.runq} in proc.go): unbounded FIFOs behind one lock, as in Go,
 * one per priority band. It takes what does not fit in a P's ring, goroutines readied from outside
 * the scheduler, {@code gosched}ed ones, and goroutines boosted while queued. Takers get the
 * highest band first. {@link #size()} is readable without the lock, for the cheap emptiness checks
 * of the scheduler loop.
 */
final class GlobalQueue {
  private final List<ArrayDeque<G>> bands = new ArrayList<>(Bands.COUNT);
  private volatile int size;

  /** Each band's size, written under the lock, readable without it. */
  private final AtomicIntegerArray bandSizes = new AtomicIntegerArray(Bands.COUNT);

  GlobalQueue() {
    for (int b = 0; b < Bands.COUNT; b++) {
      bands.add(new ArrayDeque<>());
    }
  }

  /** Appends {@code g} to the band of its effective priority. */
  synchronized void put(G g) {
    int b = Bands.of(g);
    bands.get(b).addLast(g);
    bandSizes.incrementAndGet(b);
    size++;
  }

  /** Appends {@code n} goroutines from {@code batch} in order, each to its band. */
  synchronized void putBatch(G[] batch, int n) {
    for (int i = 0; i < n; i++) {
      int b = Bands.of(batch[i]);
      bands.get(b).addLast(batch[i]);
      bandSizes.incrementAndGet(b);
    }
    size += n;
  }

  /** The head of the highest non-empty band, or null. */
  synchronized G poll() {
    for (int b = Bands.TOP; b >= 0; b--) {
      G g = bands.get(b).pollFirst();
      if (g != null) {
        bandSizes.decrementAndGet(b);
        size--;
        return g;
      }
    }
    return null;
  }

  /**
   * Go's {@code globrunqget}, from the highest non-empty band: takes {@code min(len/gomaxprocs +
   * 1, ring capacity/2)} goroutines of it, returns the first and puts the rest on {@code p}'s ring
   * of that band (owner access).
   */
  synchronized G pollBatch(P p, int gomaxprocs) {
    for (int b = Bands.TOP; b >= 0; b--) {
      ArrayDeque<G> q = bands.get(b);
      int n = q.size();
      if (n == 0) {
        continue;
      }
      n = Math.min(n, n / gomaxprocs + 1);
      n = Math.min(n, RunQueue.CAPACITY / 2);
      G first = q.pollFirst();
      for (int i = 1; i < n; i++) {
        p.runq(b).putTail(q.pollFirst());
      }
      bandSizes.addAndGet(b, -n);
      size -= n;
      return first;
    }
    return null;
  }

  int size() {
    return size;
  }

  /** Goroutines queued in band {@code b}. */
  int size(int b) {
    return bandSizes.get(b);
  }
}
