package io.go4j.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registry of live goroutines (Go's {@code allgs}), for dumps, stats, leak checks and
 * deadlock detection.
 *
 * <p>Implementation notes. Goroutines are linked into one of {@link #STRIPES} intrusive doubly
 * linked lists chosen by id, each guarded by its own monitor, so two Ms spawning or ending
 * goroutines rarely meet and neither adding nor removing allocates. A hash map would cost a boxed
 * key and a node per goroutine and, once a million goroutines have come and gone, a table of
 * millions of empty bins for every walk. {@code G.allPrev}/{@code G.allNext} belong to the stripe's
 * lock. A walk ({@link #snapshot}) locks one stripe at a time, so it sees every goroutine that
 * lived throughout it, and others perhaps.
 *
 * <p>The stripe locks are spin locks held for a few pointer writes, not monitors: goroutines take
 * them (spawn, exit) and so do carriers (deadlock detection). A goroutine blocked on a monitor
 * unmounts and queues; a carrier then waiting for the same monitor could be waiting for a goroutine
 * only it could run. Spinning never unmounts, and no holder ever blocks.
 */
final class AllG {
  private static final int STRIPES = 64;

  /** Cache-line padding before a stripe's fields (JCTools' layout trick), so two cores never
   * fight over one line for two different stripes. */
  @SuppressWarnings("unused")
  private abstract static class StripePadBefore {
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  /** A stripe's fields. */
  private abstract static class StripeFields extends StripePadBefore {
    final AtomicBoolean locked = new AtomicBoolean();
    G head; // guarded by locked
    int count; // guarded by locked
  }

  /** One stripe: a spin lock and an intrusive list, padded on both sides. */
  @SuppressWarnings("unused")
  private static final class Stripe extends StripeFields {
    long p11, p12, p13, p14, p15, p16, p17, p18;

    void lock() {
      while (!locked.compareAndSet(false, true)) {
        Thread.onSpinWait();
      }
    }

    void unlock() {
      locked.set(false);
    }
  }

  private final Stripe[] stripes = new Stripe[STRIPES];

  AllG() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  private Stripe stripe(G g) {
    return stripes[(int) (g.id & (STRIPES - 1))];
  }

  void add(G g) {
    Stripe s = stripe(g);
    s.lock();
    try {
      G h = s.head;
      g.allNext = h;
      if (h != null) {
        h.allPrev = g;
      }
      s.head = g;
      s.count++;
    } finally {
      s.unlock();
    }
  }

  void remove(G g) {
    Stripe s = stripe(g);
    s.lock();
    try {
      G prev = g.allPrev;
      G next = g.allNext;
      if (prev != null) {
        prev.allNext = next;
      } else {
        s.head = next;
      }
      if (next != null) {
        next.allPrev = prev;
      }
      g.allPrev = null;
      g.allNext = null;
      s.count--;
    } finally {
      s.unlock();
    }
  }

  int size() {
    int n = 0;
    for (Stripe s : stripes) {
      s.lock();
      try {
        n += s.count;
      } finally {
        s.unlock();
      }
    }
    return n;
  }

  /** Every live goroutine, in no particular order. */
  List<G> snapshot() {
    List<G> out = new ArrayList<>();
    for (Stripe s : stripes) {
      s.lock();
      try {
        for (G g = s.head; g != null; g = g.allNext) {
          out.add(g);
        }
      } finally {
        s.unlock();
      }
    }
    return out;
  }

  /** Whether every live goroutine is parked on a go4j primitive (there is at least one). */
  boolean allWaiting() {
    boolean any = false;
    for (Stripe s : stripes) {
      s.lock();
      try {
        for (G g = s.head; g != null; g = g.allNext) {
          if (g.gstatus() != io.go4j.runtime.GoroutineState.WAITING) {
            return false;
          }
          any = true;
        }
      } finally {
        s.unlock();
      }
    }
    return any;
  }
}
