package io.go4j.runtime.internal;

import io.go4j.runtime.GoroutineState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registry of live goroutines (Go's {@code allgs}), for dumps, stats, leak checks and
 * deadlock detection.
 *
 * <p>Implementation notes. Every live goroutine holds a slot: an index into an array of chunks
 * that only grows, chunk by chunk, never moving, to the peak number of goroutines alive at once,
 * as Go's {@code allgs} does (a walk costs that peak, as in Go). A spawn writes the new goroutine
 * into its slot with a release store; walkers ({@link #snapshot}, {@link #allWaiting}) read slots
 * with acquire loads, take no lock and skip ended goroutines, so a walk sees every goroutine that
 * lived throughout it, and others perhaps.
 *
 * <p>Slot numbers are recycled the way Go recycles dead Gs ({@code gfput}/{@code gfget}): each M
 * has a {@link Cache}, a stack of free slot numbers that only its own thread touches. The end of a
 * goroutine pushes its slot there and writes nothing else: the spawner and the M where goroutines
 * end are often on two cores, and clearing each slot at once would move its cache line back and
 * forth for every goroutine. A cache past {@link #CACHE_MAX} clears the {@link #BATCH} oldest
 * slots and gives them to the shared pool, so at most {@code CACHE_MAX} ended goroutines
 * per M stay referenced; an empty cache takes up to {@code BATCH} from the pool, or fresh numbers.
 * Threads that are not Ms (a spawn from outside the runtime) use the pool directly. The pool is
 * guarded by a spin lock held for a few instructions, not a monitor: goroutines and carriers both
 * take it, and a carrier waiting for a monitor held by an unmounted goroutine could wait forever.
 *
 * <p>The live count is kept the same way: each cache counts the goroutines its M added and removed
 * (written only by that M, with release stores), the pool those of other threads. {@link #size}
 * reads every "removed" before any "added": a removal it sees comes after its addition, which it
 * then sees too, so the count is never below the true one at the time of the walk.
 */
final class AllG {
  /** Slots per chunk. */
  private static final int CHUNK_SHIFT = 12;

  private static final int CHUNK = 1 << CHUNK_SHIFT;

  /** A cache holding more free slots than this gives half to the pool (Go's 64 in gfput). */
  static final int CACHE_MAX = 64;

  /** Free slots moved between a cache and the pool at once (Go's 32 in gfget and gfput). */
  static final int BATCH = CACHE_MAX / 2;

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(G[].class);
  private static final VarHandle ADDED;
  private static final VarHandle REMOVED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ADDED = l.findVarHandle(Cache.class, "added", long.class);
      REMOVED = l.findVarHandle(Cache.class, "removed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Cache-line padding before a cache's fields (JCTools' layout trick). */
  @SuppressWarnings("unused")
  abstract static class CachePad {
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  /**
   * An M's free slots and counts; written by that M's thread only (the counts read by walkers).
   * Padded on both sides, and so is its stack ({@link #PAD} unused ints at each end), so that two
   * Ms' caches, allocated side by side, never share a cache line.
   */
  @SuppressWarnings("unused")
  static final class Cache extends CachePad {
    private final int[] free = new int[PAD + CACHE_MAX + 1 + PAD];
    private int nfree;
    private long added; // through ADDED
    private long removed; // through REMOVED
    long p11, p12, p13, p14, p15, p16, p17, p18;

    private Cache() {}
  }

  /** Ints of padding at each end of a cache's stack: one cache line. */
  private static final int PAD = 16;

  /** Chunks of slots; replaced by a longer copy under the pool lock when claimed slots need more. */
  private volatile G[][] chunks = new G[1][CHUNK];

  /** Slot numbers below this have been handed out; written under the pool lock after chunks. */
  private volatile int highWater;

  private final List<Cache> caches = new CopyOnWriteArrayList<>();

  // ---- the shared pool, guarded by poolLock
  private final AtomicBoolean poolLock = new AtomicBoolean();
  private int[] poolFree = new int[CACHE_MAX];
  private int poolNfree;
  private volatile long poolAdded;
  private volatile long poolRemoved;

  /** A new M's cache. */
  Cache newCache() {
    Cache c = new Cache();
    caches.add(c);
    return c;
  }

  /** Registers {@code g}; {@code cache} is the calling M's, or null on other threads. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // poolAdded: written under poolLock
  void add(G g, Cache cache) {
    int slot;
    if (cache != null) {
      if (cache.nfree == 0) {
        refill(cache);
      }
      slot = cache.free[PAD + --cache.nfree];
      ADDED.setRelease(cache, (long) ADDED.get(cache) + 1);
    } else {
      lockPool();
      try {
        slot = poolNfree > 0 ? poolFree[--poolNfree] : claimFresh(1);
        poolAdded = poolAdded + 1;
      } finally {
        unlockPool();
      }
    }
    g.slot = slot;
    set(chunks, slot, g);
  }

  /** Unregisters {@code g} (it has ended); {@code cache} as in {@link #add}. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // poolRemoved: written under poolLock
  void remove(G g, Cache cache) {
    int slot = g.slot;
    if (cache != null) {
      cache.free[PAD + cache.nfree++] = slot;
      if (cache.nfree > CACHE_MAX) {
        G[][] cs = chunks;
        for (int i = 0; i < BATCH; i++) {
          int s = cache.free[PAD + i];
          set(cs, s, null);
        }
        lockPool();
        try {
          for (int i = 0; i < BATCH; i++) {
            poolPush(cache.free[PAD + i]);
          }
          System.arraycopy(cache.free, PAD + BATCH, cache.free, PAD, cache.nfree - BATCH);
          cache.nfree -= BATCH;
        } finally {
          unlockPool();
        }
      }
      REMOVED.setRelease(cache, (long) REMOVED.get(cache) + 1);
    } else {
      set(chunks, slot, null);
      lockPool();
      try {
        poolPush(slot);
        poolRemoved = poolRemoved + 1;
      } finally {
        unlockPool();
      }
    }
  }

  /** Fills an empty cache: up to {@link #BATCH} recycled slots, else fresh ones. */
  private void refill(Cache cache) {
    lockPool();
    try {
      if (poolNfree == 0) {
        int first = claimFresh(BATCH);
        for (int i = BATCH - 1; i >= 0; i--) {
          cache.free[PAD + cache.nfree++] = first + i;
        }
        return;
      }
      while (poolNfree > 0 && cache.nfree < BATCH) {
        cache.free[PAD + cache.nfree++] = poolFree[--poolNfree];
      }
    } finally {
      unlockPool();
    }
  }

  /** Under the pool lock: {@code n} never-used slot numbers, the chunks grown to hold them. */
  private int claimFresh(int n) {
    int first = highWater;
    int end = first + n;
    G[][] cs = chunks;
    if (end > cs.length << CHUNK_SHIFT) {
      int had = cs.length;
      cs = Arrays.copyOf(cs, (end + CHUNK - 1) >>> CHUNK_SHIFT);
      for (int i = had; i < cs.length; i++) {
        cs[i] = new G[CHUNK];
      }
      chunks = cs; // before highWater: a walker that sees the new mark sees the chunk
    }
    highWater = end;
    return first;
  }

  private void poolPush(int slot) {
    if (poolNfree == poolFree.length) {
      poolFree = Arrays.copyOf(poolFree, poolFree.length * 2);
    }
    poolFree[poolNfree++] = slot;
  }

  private void lockPool() {
    while (!poolLock.compareAndSet(false, true)) {
      Thread.onSpinWait();
    }
  }

  private void unlockPool() {
    poolLock.set(false);
  }

  /** Live goroutines (see the class notes for why it is never below the true count). */
  int size() {
    long removed = poolRemoved;
    for (Cache c : caches) {
      removed += (long) REMOVED.getAcquire(c);
    }
    long added = poolAdded;
    for (Cache c : caches) {
      added += (long) ADDED.getAcquire(c);
    }
    return (int) (added - removed);
  }

  /** Every live goroutine, in no particular order. */
  List<G> snapshot() {
    List<G> out = new ArrayList<>();
    int hw = highWater;
    G[][] cs = chunks;
    for (int i = 0; i < hw; i++) {
      G g = at(cs, i);
      if (g != null && g.gstatus() != GoroutineState.DEAD) {
        out.add(g);
      }
    }
    return out;
  }

  /** Whether every live goroutine is parked on a go4j primitive (there is at least one). */
  boolean allWaiting() {
    boolean any = false;
    int hw = highWater;
    G[][] cs = chunks;
    for (int i = 0; i < hw; i++) {
      G g = at(cs, i);
      GoroutineState st = g == null ? GoroutineState.DEAD : g.gstatus();
      if (st != GoroutineState.DEAD) {
        if (st != GoroutineState.WAITING) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  private static G at(G[][] cs, int slot) {
    return (G) SLOTS.getAcquire(cs[slot >>> CHUNK_SHIFT], slot & (CHUNK - 1));
  }

  private static void set(G[][] cs, int slot, G g) {
    SLOTS.setRelease(cs[slot >>> CHUNK_SHIFT], slot & (CHUNK - 1), g);
  }
}
