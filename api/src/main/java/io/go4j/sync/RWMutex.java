package io.go4j.sync;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.spi.Park;
import io.go4j.sync.internal.Sema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.RWMutex}: a reader/writer mutual exclusion lock, held by any number of readers
 * or by one writer. A writer that waits blocks new readers (so readers cannot starve it): a
 * goroutine must not {@link #rLock} recursively, for a writer arriving in between deadlocks it, as
 * in Go. Not reentrant, not owned. Wait reasons {@code sync.RWMutex.RLock} (a reader waiting for a
 * writer), {@code sync.RWMutex.Lock} (a writer waiting for readers to leave) and, as in Go, {@code
 * sync.Mutex.Lock} for a writer waiting behind another writer. At most 2<sup>30</sup> - 1 readers.
 */
public final class RWMutex implements Locker {
  /*
   * Implementation notes (Go's rwmutex.go: a Mutex w that writers take first, a writer semaphore,
   * a reader semaphore, readerCount and readerWait).
   *
   * state packs Go's two counters, so that a leaving reader updates both in one CAS:
   *   bits 0-29  readers: readers holding the lock plus readers waiting for a writer (Go's
   *              readerCount without the writer's offset)
   *   bit 30     WRITER: a writer holds or waits for the lock (Go's readerCount < 0)
   *   bits 32-61 departing: readers the waiting writer still waits for (Go's readerWait)
   * With WRITER set, readers - departing readers wait on readerSem ("pending").
   *
   * - A writer takes w, then sets WRITER and departing = readers in one CAS: from then on new
   *   readers are pending, and each holder that leaves decrements readers and departing together;
   *   the one that brings departing to 0 releases writerSem, under its lock.
   * - Unlock clears WRITER and releases one reader token per pending reader, under readerSem's
   *   lock, then unlocks w.
   * - Cancellation. A pending reader cancelled under readerSem's lock has not been released (a
   *   writer's release of the pending readers happens in one section under that lock), so its
   *   increment is still pending: it takes it back. A writer cancelled while waiting for readers,
   *   under writerSem's lock, has not been released (departing reaching 0 and the release happen
   *   in one section under that lock), so departing > 0: it clears WRITER and departing and admits
   *   the pending readers, in one section under both locks (writerSem's, then readerSem's: the only
   *   nesting), so no pending reader leaves in between, and no straggler can later release
   *   writerSem for a writer that is gone. Then it unlocks w.
   */

  /**
   * Go's {@code rwmutexMaxReaders} = 1 << 30: the bound on readers. Go's writer subtracts it from
   * readerCount to make the count negative, a flag that costs readers nothing to test; here it is
   * the WRITER bit just above the readers field, which readers must never reach.
   */
  private static final int MAX_READERS = 1 << 30;

  private static final long READERS = MAX_READERS - 1;
  private static final long WRITER = MAX_READERS;
  private static final int DEPARTING_SHIFT = 32;
  private static final long ONE_DEPARTING = 1L << DEPARTING_SHIFT;

  private static final String RLOCK = "sync.RWMutex.RLock";
  private static final String LOCK = "sync.RWMutex.Lock";
  private static final String LOCK_CANCELLED = LOCK + " interrupted; the lock was not acquired";

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(RWMutex.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through STATE
  private volatile long state;

  private final Mutex w = new Mutex();
  private final Sema writerSem = new Sema();
  private final Sema readerSem = new Sema();

  /** An unlocked RWMutex: Go's zero value. */
  public RWMutex() {}

  private static long readers(long s) {
    return s & READERS;
  }

  private static long departing(long s) {
    return s >>> DEPARTING_SHIFT;
  }

  /** Whether a reader may leave: it holds the lock, not merely waits for a writer. */
  private static boolean readLocked(long s) {
    return readers(s) != 0 && ((s & WRITER) == 0 || departing(s) != 0);
  }

  /**
   * Locks for reading, blocking while a writer holds the lock or waits for it.
   *
   * @throws CancelledException if the goroutine is interrupted while it waits; the read lock was
   *     not acquired
   */
  public void rLock() {
    Park.step("sync.RWMutex.RLock");
    long s = (long) STATE.getAndAdd(this, 1L);
    if ((s & WRITER) != 0 && !readerSem.acquire(false, RLOCK, this::leavePending)) {
      throw new CancelledException(RLOCK + " interrupted; the read lock was not acquired");
    }
  }

  /** Locks for reading if no writer holds or waits for the lock: whether it did. */
  public boolean tryRLock() {
    Park.step("sync.RWMutex.TryRLock");
    while (true) {
      long s = state;
      if ((s & WRITER) != 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s + 1)) {
        return true;
      }
    }
  }

  /**
   * Undoes one {@link #rLock}.
   *
   * @throws IllegalStateException {@code sync: RUnlock of unlocked RWMutex} if no reader holds it
   */
  public void rUnlock() {
    Park.step("sync.RWMutex.RUnlock");
    while (true) {
      long s = state;
      if (!readLocked(s)) {
        throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
      }
      if ((s & WRITER) != 0) {
        rUnlockSlow();
        return;
      }
      if (STATE.compareAndSet(this, s, s - 1)) {
        return;
      }
    }
  }

  /** A writer waits: leave, and if this was the last reader it waited for, let it in. */
  private void rUnlockSlow() {
    writerSem.lock();
    long s;
    long next;
    do {
      s = state;
      if (!readLocked(s)) {
        writerSem.unlockAndWake();
        throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
      }
      next = (s & WRITER) != 0 ? s - 1 - ONE_DEPARTING : s - 1;
    } while (!STATE.compareAndSet(this, s, next));
    if ((next & WRITER) != 0 && departing(next) == 0) {
      writerSem.releaseLocked();
    }
    writerSem.unlockAndWake();
  }

  /** Under readerSem's lock: a cancelled pending reader takes back its increment. */
  private void leavePending() {
    STATE.getAndAdd(this, -1L);
  }

  /**
   * Locks for writing, blocking until no writer and no reader holds the lock; from the moment it
   * waits for readers, new readers wait for it.
   *
   * @throws CancelledException if the goroutine is interrupted while it waits; the lock was not
   *     acquired, and the readers that waited for this writer are let in
   */
  @Override
  public void lock() {
    Park.step("sync.RWMutex.Lock");
    w.lock(LOCK_CANCELLED); // first, win against other writers
    long s;
    do {
      s = state;
    } while (!STATE.compareAndSet(this, s, s | WRITER | readers(s) << DEPARTING_SHIFT));
    if (readers(s) != 0 && !writerSem.acquire(false, LOCK, this::withdrawWriter)) {
      w.unlock();
      throw new CancelledException(LOCK_CANCELLED);
    }
  }

  /** Locks for writing if nobody holds or waits for the lock: whether it did. */
  public boolean tryLock() {
    Park.step("sync.RWMutex.TryLock");
    if (!w.tryLock()) {
      return false;
    }
    if (!STATE.compareAndSet(this, 0L, WRITER)) {
      w.unlock();
      return false;
    }
    return true;
  }

  /** Under writerSem's lock: a cancelled writer stops blocking readers and admits the pending. */
  private void withdrawWriter() {
    readerSem.lock();
    long s;
    do {
      s = state;
    } while (!STATE.compareAndSet(this, s, readers(s)));
    admit(readers(s) - departing(s));
    readerSem.unlockInto(writerSem);
  }

  /**
   * Unlocks for writing: readers that waited get the lock, then other writers may compete.
   *
   * @throws IllegalStateException {@code sync: Unlock of unlocked RWMutex} if no writer holds it
   */
  @Override
  public void unlock() {
    Park.step("sync.RWMutex.Unlock");
    if (!STATE.compareAndSet(this, WRITER, 0L)) {
      unlockAdmittingReaders();
    }
    w.unlock();
  }

  private void unlockAdmittingReaders() {
    readerSem.lock();
    long s;
    do {
      s = state;
      if ((s & WRITER) == 0 || departing(s) != 0) {
        readerSem.unlockAndWake();
        throw new IllegalStateException("sync: Unlock of unlocked RWMutex");
      }
    } while (!STATE.compareAndSet(this, s, readers(s)));
    admit(readers(s));
    readerSem.unlockAndWake();
  }

  /** Under readerSem's lock: one reader token per pending reader (Go's loop of semrelease). */
  private void admit(long pending) {
    for (long i = 0; i < pending; i++) {
      readerSem.releaseLocked();
    }
  }

  /** Go's {@code RLocker}: a {@link Locker} whose lock and unlock are {@link #rLock} and {@link #rUnlock}. */
  public Locker rLocker() {
    return new Locker() {
      @Override
      public void lock() {
        rLock();
      }

      @Override
      public void unlock() {
        rUnlock();
      }
    };
  }
}
