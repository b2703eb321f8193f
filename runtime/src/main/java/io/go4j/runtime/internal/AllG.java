package io.go4j.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of live goroutines (Go's {@code allgs}), for dumps, stats, leak checks and
 * deadlock detection.
 *
 * <p>Implementation notes. Goroutines are linked into one of {@link #STRIPES} intrusive doubly
 * linked lists chosen by id, each guarded by its own monitor, so two Ms spawning or ending
 * goroutines rarely meet and neither adding nor removing allocates. A hash map would cost a boxed
 * key and a node per goroutine and, once a million goroutines have come and gone, a table of
 * millions of empty bins for every walk. {@code G.allPrev}/{@code G.allNext} belong to the stripe's
 * monitor. A walk ({@link #snapshot}) locks one stripe at a time, so it sees every goroutine that
 * lived throughout it, and others perhaps.
 */
final class AllG {
  private static final int STRIPES = 64;

  private static final class Stripe {
    G head; // guarded by this
    int count; // guarded by this
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
    synchronized (s) {
      G h = s.head;
      g.allNext = h;
      if (h != null) {
        h.allPrev = g;
      }
      s.head = g;
      s.count++;
    }
  }

  void remove(G g) {
    Stripe s = stripe(g);
    synchronized (s) {
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
    }
  }

  int size() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.count;
      }
    }
    return n;
  }

  /** Every live goroutine, in no particular order. */
  List<G> snapshot() {
    List<G> out = new ArrayList<>();
    for (Stripe s : stripes) {
      synchronized (s) {
        for (G g = s.head; g != null; g = g.allNext) {
          out.add(g);
        }
      }
    }
    return out;
  }

  /** Whether every live goroutine is parked on a go4j primitive (there is at least one). */
  boolean allWaiting() {
    boolean any = false;
    for (Stripe s : stripes) {
      synchronized (s) {
        for (G g = s.head; g != null; g = g.allNext) {
          if (g.gstatus() != io.go4j.runtime.GoroutineState.WAITING) {
            return false;
          }
          any = true;
        }
      }
    }
    return any;
  }
}
