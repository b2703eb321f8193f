package io.go4j.runtime.internal;

import java.util.ArrayDeque;

/**
 * The global run queue ({@code sched.runq} in proc.go): an unbounded FIFO behind one lock, as in
 * Go. It takes what does not fit in a P's ring, goroutines readied from outside the scheduler, and
 * {@code gosched}ed ones. {@link #size()} is readable without the lock, for the cheap emptiness
 * checks of the scheduler loop.
 */
final class GlobalQueue {
  private final ArrayDeque<G> queue = new ArrayDeque<>();
  private volatile int size;

  synchronized void put(G g) {
    queue.addLast(g);
    size = queue.size();
  }

  /** Appends {@code n} goroutines from {@code batch} in order. */
  synchronized void putBatch(G[] batch, int n) {
    for (int i = 0; i < n; i++) {
      queue.addLast(batch[i]);
    }
    size = queue.size();
  }

  synchronized G poll() {
    G g = queue.pollFirst();
    size = queue.size();
    return g;
  }

  /**
   * Go's {@code globrunqget}: takes {@code min(len/gomaxprocs + 1, max, ring capacity/2)}
   * goroutines, returns the first and puts the rest on {@code into}'s ring (owner access).
   */
  synchronized G pollBatch(RunQueue into, int gomaxprocs) {
    int n = queue.size();
    if (n == 0) {
      return null;
    }
    n = Math.min(n, n / gomaxprocs + 1);
    n = Math.min(n, RunQueue.CAPACITY / 2);
    G first = queue.pollFirst();
    for (int i = 1; i < n; i++) {
      into.putTail(queue.pollFirst());
    }
    size = queue.size();
    return first;
  }

  int size() {
    return size;
  }
}
