package io.go4j.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A P's local run queue: Go's {@code runq} ring of 256 plus the {@code runnext} slot (proc.go's
 * {@code runqput}, {@code runqget}, {@code runqgrab}, {@code runqsteal}).
 *
 * <p>Implementation notes. Only the owning M writes {@code tail} and the ring slots; anyone may
 * advance {@code head} by CAS, which is how the owner takes and how thieves steal. A slot is
 * published by the release store of {@code tail} and read after an acquire load of it; a thief
 * that reads a slot the owner has since reused loses its CAS on {@code head} and retries, so the
 * plain array reads are safe. {@code runnext} is CASed by everyone. Invariants: {@code 0 <= tail -
 * head <= CAPACITY}; every goroutine is in at most one slot or in {@code runnext}, never both. The
 * owner's operations ({@code put}, {@code takeNext}, {@code takeHead}, {@code steal}) must run only while its M holds the
 * P's guard ({@link P#enter}).
 *
 * <p>Between its shared-memory accesses the queue has interleaving points ({@link Sched#step}):
 * nothing outside a deterministic runtime (one static read each), but there a goroutine that
 * operates a queue of its own may be switched at every one of them, so that the testkit's
 * schedules explore the ring's races between an owner and its thieves ({@code
 * RunQueueExplorationTest}) one access at a time.
 */
final class RunQueue {
  /** Ring size, Go's {@code len(pp.runq)}. */
  static final int CAPACITY = 256;

  private static final int MASK = CAPACITY - 1;
  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle RUNNEXT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
      TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
      RUNNEXT = l.findVarHandle(RunQueue.class, "runnext", G.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final G[] ring = new G[CAPACITY];
  private final GlobalQueue global;

  @SuppressWarnings("unused") // accessed through HEAD
  private volatile int head;

  @SuppressWarnings("unused") // accessed through TAIL
  private volatile int tail;

  @SuppressWarnings("unused") // accessed through RUNNEXT
  private volatile G runnext;

  RunQueue(GlobalQueue global) {
    this.global = global;
  }

  /**
   * Owner: {@code runqput}. With {@code next}, {@code g} goes to {@code runnext} and the goroutine
   * it displaces to the ring's tail. A full ring moves half of itself plus the goroutine to the
   * global queue in one batch; then true.
   */
  boolean put(G g, boolean next) {
    if (next) {
      Sched.step("runq put runnext");
      G old = (G) RUNNEXT.getAndSet(this, g);
      if (old == null) {
        return false;
      }
      g = old;
    }
    return putTail(g);
  }

  /** Owner: appends to the ring, spilling half of it to the global queue when full (then true). */
  boolean putTail(G g) {
    while (true) {
      Sched.step("runq put: read head");
      int h = (int) HEAD.getAcquire(this);
      int t = (int) TAIL.getOpaque(this);
      if (t - h < CAPACITY) {
        ring[t & MASK] = g;
        Sched.step("runq put: publish tail");
        TAIL.setRelease(this, t + 1);
        return false;
      }
      if (putSlow(g, h, t)) {
        return true;
      }
      // a thief took some: there is room now
    }
  }

  /** {@code runqputslow}: moves {@code g} and the first half of the ring to the global queue. */
  private boolean putSlow(G g, int h, int t) {
    int n = (t - h) / 2;
    G[] batch = new G[n + 1];
    for (int i = 0; i < n; i++) {
      batch[i] = ring[(h + i) & MASK];
    }
    Sched.step("runq put slow: claim half");
    if (!HEAD.compareAndSet(this, h, h + n)) {
      return false;
    }
    batch[n] = g;
    global.putBatch(batch, n + 1);
    return true;
  }

  /**
   * Owner, first half of {@code runqget}: takes {@code runnext}, or null. The goroutine found there
   * inherits the time slice of the one that readied it.
   */
  G takeNext() {
    Sched.step("runq take runnext");
    G next = (G) RUNNEXT.getAcquire(this);
    if (next == null) {
      return null;
    }
    Sched.step("runq take runnext: claim");
    return RUNNEXT.compareAndSet(this, next, (G) null) ? next : null;
  }

  /** Owner, second half of {@code runqget}: takes the ring's head, or null. */
  G takeHead() {
    while (true) {
      Sched.step("runq take: read head");
      int h = (int) HEAD.getAcquire(this);
      int t = (int) TAIL.getOpaque(this);
      if (t == h) {
        return null;
      }
      G g = ring[h & MASK];
      Sched.step("runq take: claim head");
      if (HEAD.compareAndSet(this, h, h + 1)) {
        return g;
      }
    }
  }

  /**
   * Owner: {@code runqsteal}. Grabs half of {@code victim}'s goroutines into this ring, returns one
   * of them to run, or {@code null}. Takes the victim's {@code runnext} only when {@code
   * stealRunNext} and its ring is empty (the caller has backed off: {@link Sched}'s {@code
   * RUNNEXT_BACKOFF_NS}).
   */
  G steal(RunQueue victim, boolean stealRunNext) {
    int t = (int) TAIL.getOpaque(this);
    int n = victim.grab(ring, t, stealRunNext);
    if (n == 0) {
      return null;
    }
    n--;
    G g = ring[(t + n) & MASK];
    ring[(t + n) & MASK] = null;
    if (n > 0) {
      Sched.step("runq steal: publish tail");
      TAIL.setRelease(this, t + n);
    }
    return g;
  }

  /**
   * Thief side ({@code runqgrab}): copies half (rounded up) of this ring into {@code into} from
   * index {@code intoTail}, then claims them by CAS on {@code head}.
   */
  private int grab(G[] into, int intoTail, boolean stealRunNext) {
    while (true) {
      Sched.step("runq grab: read head");
      int h = (int) HEAD.getAcquire(this);
      Sched.step("runq grab: read tail");
      int t = (int) TAIL.getAcquire(this);
      int n = t - h;
      n = n - n / 2;
      if (n == 0) {
        if (stealRunNext) {
          G next = (G) RUNNEXT.getAcquire(this);
          if (next != null) {
            Sched.step("runq grab runnext: claim");
            if (RUNNEXT.compareAndSet(this, next, (G) null)) {
              into[intoTail & MASK] = next;
              return 1;
            }
          }
        }
        return 0;
      }
      if (n > CAPACITY / 2) {
        continue; // read an inconsistent head and tail
      }
      for (int i = 0; i < n; i++) {
        into[(intoTail + i) & MASK] = ring[(h + i) & MASK];
      }
      Sched.step("runq grab: claim");
      if (HEAD.compareAndSet(this, h, h + n)) {
        return n;
      }
    }
  }

  /** Goroutines queued (ring plus runnext); racy, for stats and emptiness hints. */
  int size() {
    int h = (int) HEAD.getAcquire(this);
    int t = (int) TAIL.getAcquire(this);
    int n = Math.max(0, t - h);
    return RUNNEXT.getAcquire(this) != null ? n + 1 : n;
  }

  /** Racy: the goroutine in {@code runnext}, or null. */
  G next() {
    return (G) RUNNEXT.getAcquire(this);
  }

  /** Thieves, racy: nothing in the ring, a goroutine in {@code runnext}. */
  boolean onlyNext() {
    return (int) HEAD.getAcquire(this) == (int) TAIL.getAcquire(this)
        && RUNNEXT.getAcquire(this) != null;
  }

  /** Owner: nothing queued but (maybe) {@code runnext}. */
  boolean ringEmpty() {
    return (int) HEAD.getAcquire(this) == (int) TAIL.getOpaque(this);
  }

  boolean isEmpty() {
    return (int) HEAD.getAcquire(this) == (int) TAIL.getAcquire(this)
        && RUNNEXT.getAcquire(this) == null;
  }
}
