package io.go4j.sync;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.spi.GoDuration;
import io.go4j.runtime.spi.Park;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;

/**
 * A priority-inheritance mutex (POSIX {@code PTHREAD_PRIO_INHERIT}, Linux's {@code rt_mutex}): an
 * owned, non-reentrant lock whose waiters are served by effective priority, then in FIFO order,
 * and whose owner runs at the priority of its highest waiter while that is above its own.
 *
 * <p>When a waiter outranks the owner, the owner is boosted, and so on transitively along the
 * chain of PI locks ({@code PiMutex}, {@link PiSemaphore}) the owner itself waits for. On unlock
 * the owner drops to the highest of its base priority and the top waiters of the PI locks it still
 * holds, and the lock goes straight to the top waiter. A wait that would close a cycle of PI locks
 * throws {@link DeadlockException} naming it, instead of blocking forever. Goroutines blocked here
 * show the wait reason {@code sync.Mutex.Lock}; plain threads may use it too, as NORMAL priority.
 */
public final class PiMutex extends PiLock implements Locker {
  private static final String WAIT_REASON = "sync.Mutex.Lock";
  private static final String CANCELLED = WAIT_REASON + " interrupted; the lock was not acquired";

  /**
   * The lock word: null when free; the owner's key (its goroutine, or thread) when taken by the
   * fast path, with no PI bookkeeping; {@link #MANAGED} while the lock is owned under {@code PI}
   * ({@link #owner}). Only {@code PI} holders move it to or from MANAGED.
   */
  @SuppressWarnings("unused") // accessed through WORD
  private volatile Object word;

  private static final Object MANAGED = new Object();

  private static final VarHandle WORD;

  static {
    try {
      WORD = MethodHandles.lookup().findVarHandle(PiMutex.class, "word", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Under {@code PI}: the owner while the word is MANAGED, else null. */
  private Task owner;

  /** An unlocked mutex. */
  public PiMutex() {
    super(WAIT_REASON, CANCELLED);
  }

  /**
   * Locks the mutex, blocking until it is handed to this goroutine.
   *
   * @throws DeadlockException if waiting would close a cycle of PI locks (relocking a held
   *     PiMutex included); the mutex was not acquired
   * @throws CancelledException if the goroutine is interrupted while it waits (or was interrupted
   *     already and would have to wait); the mutex was not acquired
   */
  @Override
  public void lock() {
    Park.step("PiMutex.Lock");
    if (!WORD.compareAndSet(this, null, currentKey())) {
      acquire(-1);
    }
  }

  /** Locks the mutex if it is free: whether it did. */
  public boolean tryLock() {
    Park.step("PiMutex.TryLock");
    return WORD.compareAndSet(this, null, currentKey()) || acquire(0);
  }

  /**
   * Locks the mutex, waiting at most {@code timeout} on the runtime clock: whether it did. A
   * waiter that times out withdraws its boost.
   *
   * @throws DeadlockException if waiting would close a cycle of PI locks; not acquired
   * @throws CancelledException if interrupted while it waits; not acquired
   */
  public boolean tryLock(Duration timeout) {
    Park.step("PiMutex.TryLock");
    long nanos = Math.max(0, GoDuration.nanos(timeout, "timeout"));
    return WORD.compareAndSet(this, null, currentKey()) || acquire(nanos);
  }

  /**
   * Unlocks the mutex and hands it to the top waiter, if any; the caller drops back to the
   * priority the PI locks it still holds give it.
   *
   * @throws IllegalStateException {@code sync: unlock of unlocked mutex}, or {@code sync: unlock
   *     of PiMutex not held by this goroutine}; nothing changed
   */
  @Override
  public void unlock() {
    Park.step("PiMutex.Unlock");
    if (WORD.compareAndSet(this, currentKey(), null)) {
      return; // taken by the fast path and nobody came to wait
    }
    PI.lock();
    Object w = word;
    Task me = existingTask();
    if (w != MANAGED || owner != me) {
      String msg =
          w == null
              ? "sync: unlock of unlocked mutex"
              : "sync: unlock of "
                  + this
                  + " not held by this goroutine (held by "
                  + (w == MANAGED ? owner : describeKey(w))
                  + ")";
      PI.unlockAndWake();
      throw new IllegalStateException(msg);
    }
    owner = null;
    me.held.remove(this);
    if (!grantTop(me)) {
      WORD.setVolatile(this, null); // nobody waits: back to the fast path
    }
    PI.unlockAndWake();
  }

  @Override
  List<Task> owners() {
    return owner == null ? List.of() : List.of(owner);
  }

  @Override
  boolean tryTake(Task me) {
    while (true) {
      Object w = word;
      if (w == MANAGED) {
        return false;
      }
      if (w == null) {
        if (WORD.compareAndSet(this, null, MANAGED)) {
          owner = me;
          me.held.put(this, 1);
          return true;
        }
      } else if (WORD.compareAndSet(this, w, MANAGED)) {
        // taken by the fast path: bring its owner under PI, so that waiters can boost it
        owner = taskOf(w);
        owner.held.put(this, 1);
        return false;
      }
    }
  }

  @Override
  void handTo(Task next) {
    owner = next;
    next.held.put(this, 1);
  }
}
