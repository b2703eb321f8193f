package io.go4j.sync;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.spi.Park;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Go's {@code sync.Once}: performs exactly one action. Also Go 1.21's {@code sync.OnceFunc} and
 * {@code sync.OnceValue}, as {@link #onceFunc} and {@link #onceValue}.
 */
public final class Once {
  /*
   * Implementation notes (Go's once.go). done is the fast path: once it reads true, f has returned
   * and everything it wrote is visible (volatile). Otherwise callers serialize on m, and the one
   * that finds done still false runs f and sets done when f returns or throws, before unlocking:
   * callers blocked on m (wait reason sync.Mutex.Lock, as in Go) see done and return.
   */
  private static final String CANCELLED =
      "sync.Once interrupted while another goroutine ran f; f may not have returned yet";

  private volatile boolean done;
  private final Mutex m = new Mutex();

  /** A Once that has not run: Go's zero value. */
  public Once() {}

  /**
   * Go's {@code once.Do(f)}: calls {@code f} if and only if this is the first call of {@code run}
   * on this Once, even with different {@code f}s. No call returns before {@code f} has returned:
   * concurrent callers wait for it. If {@code f} throws, the exception propagates to the caller
   * that ran it, and the Once still counts as done. {@code f} must not call {@code run} on the same
   * Once: that deadlocks, as in Go.
   *
   * @throws CancelledException if the goroutine is interrupted while it waits for another
   *     goroutine's {@code f}
   */
  public void run(Runnable f) {
    Park.step("sync.Once.Do");
    if (!done) {
      runSlow(f);
    }
  }

  private void runSlow(Runnable f) {
    m.lock(CANCELLED);
    try {
      if (!done) {
        try {
          f.run();
        } finally {
          done = true;
        }
      }
    } finally {
      m.unlock();
    }
  }

  /**
   * Go's {@code sync.OnceFunc(f)}: a Runnable that runs {@code f} only once, the first time it is
   * called. If {@code f} throws, every call throws that same exception.
   */
  public static Runnable onceFunc(Runnable f) {
    Objects.requireNonNull(f, "f");
    Supplier<Void> once =
        onceValue(
            () -> {
              f.run();
              return null;
            });
    return once::get;
  }

  /**
   * Go's {@code sync.OnceValue(f)}: a Supplier that calls {@code f} only once, the first time it is
   * called, and returns its value every time. If {@code f} throws, every call throws that same
   * exception.
   */
  public static <T> Supplier<T> onceValue(Supplier<T> f) {
    return new OnceValue<>(Objects.requireNonNull(f, "f"));
  }

  /** onceValue's Supplier; its fields are written under the Once and read after it. */
  private static final class OnceValue<T> implements Supplier<T> {
    private final Once once = new Once();
    private Supplier<T> f; // dropped once called, so that what it holds can be collected
    private T value;
    private Throwable failure; // what f threw: a RuntimeException or an Error

    OnceValue(Supplier<T> f) {
      this.f = f;
    }

    @Override
    public T get() {
      once.run(this::call);
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return value;
    }

    private void call() {
      try {
        value = f.get();
      } catch (RuntimeException | Error e) {
        failure = e;
      } finally {
        f = null;
      }
    }
  }
}
