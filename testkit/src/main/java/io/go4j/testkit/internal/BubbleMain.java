package io.go4j.testkit.internal;

import io.go4j.runtime.GoRuntime;
import io.go4j.testkit.TestBody;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a test body as a runtime's main goroutine (goroutine 1), with a real-time limit. */
public final class BubbleMain {
  private BubbleMain() {}

  /**
   * Runs {@code body} as {@code rt}'s main from a platform thread; returns what it threw (a checked
   * exception as itself), an {@link AssertionError} with the goroutine dump if it ran longer than
   * {@code timeout} (the runtime is then closed), or null.
   */
  public static Throwable run(GoRuntime rt, TestBody body, Duration timeout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("go4j-testkit-main")
        .start(
            () -> {
              try {
                rt.main(
                    () -> {
                      try {
                        body.run();
                      } catch (RuntimeException | Error e) {
                        throw e;
                      } catch (Throwable t) {
                        throw new CheckedFailure(t);
                      }
                    });
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            });
    try {
      done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return null;
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      return t instanceof CheckedFailure c ? c.getCause() : t;
    } catch (TimeoutException e) {
      AssertionError timedOut =
          new AssertionError(
              "test timed out after "
                  + timeout.toMillis()
                  + " ms of real time; its goroutines:\n\n"
                  + rt.dump());
      rt.close();
      return timedOut;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }

  /** Carries a checked exception of the body out of the goroutine. */
  private static final class CheckedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckedFailure(Throwable cause) {
      super(cause);
    }
  }
}
