package io.go4j.runtime.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A non-reentrant lock held only for a few dozen instructions: Go's runtime {@code lock}, for the
 * state of channels, timers and sync primitives.
 *
 * <p>Implementation notes. A holder never parks, allocates only small objects and calls nothing
 * that blocks, so a waiter spins: {@link #ACTIVE_SPIN} rounds of {@code onSpinWait}, then {@code
 * Thread.yield} per round (Go's {@code lock_futex}: active spinning, then {@code osyield}). A
 * goroutine that yields is unmounted and requeued, letting a holder whose carrier the OS
 * descheduled make progress. Carriers themselves never take these locks; the timer thread may.
 */
public abstract class SpinLock {
  /** Spins before the first yield (Go: {@code active_spin * active_spin_cnt} = 120). */
  private static final int ACTIVE_SPIN = 128;

  private static final VarHandle LOCKED;

  static {
    try {
      LOCKED = MethodHandles.lookup().findVarHandle(SpinLock.class, "locked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through LOCKED
  private volatile int locked;

  public final void lock() {
    if (!LOCKED.weakCompareAndSetAcquire(this, 0, 1)) {
      lockSlow();
    }
  }

  @SuppressWarnings("ThreadPriorityCheck") // Thread.yield unmounts a goroutine so the holder can run
  private void lockSlow() {
    int spins = 0;
    while (true) {
      if ((int) LOCKED.getOpaque(this) == 0 && LOCKED.weakCompareAndSetAcquire(this, 0, 1)) {
        return;
      }
      if (++spins < ACTIVE_SPIN) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }

  public final void unlock() {
    LOCKED.setRelease(this, 0);
  }
}
