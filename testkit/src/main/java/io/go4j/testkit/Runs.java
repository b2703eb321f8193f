package io.go4j.testkit;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.spi.Decider;
import io.go4j.testkit.internal.Recorder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Runs a test body as goroutine 1 of a fresh runtime (a bubble), with a real-time limit. */
final class Runs {
  private static final AtomicLong COUNT = new AtomicLong();

  private Runs() {}

  /** A run's end: its failure (null if none) and, when deterministic, what it recorded. */
  record Outcome(Throwable failure, Recorder recorder) {
    Trace trace() {
      return new Trace(
          recorder.decisions(), recorder.events(), recorder.preemptions(), recorder.steps());
    }
  }

  /** Runs {@code body} under {@code schedule} on a deterministic runtime. */
  static Outcome deterministic(Schedule schedule, TestBody body, Duration timeout) {
    return deterministic(schedule::decider, body, timeout);
  }

  /** Runs {@code body} on a deterministic runtime whose decisions a fresh decider takes. */
  static Outcome deterministic(Supplier<Decider> decider, TestBody body, Duration timeout) {
    Recorder recorder = new Recorder(decider.get());
    GoRuntime.Builder b =
        GoRuntime.builder().name("explore-" + COUNT.incrementAndGet()).deterministic(recorder);
    TestBody recorded =
        () -> {
          try {
            body.run();
          } catch (Throwable t) {
            recorder.event(1, "throws " + t);
            recorder.freeze();
            throw t;
          }
        };
    return new Outcome(run(b, recorded, timeout), recorder);
  }

  /** Runs {@code body} on {@code builder}'s runtime; returns what it threw, or null. */
  static Throwable run(GoRuntime.Builder builder, TestBody body, Duration timeout) {
    try (GoRuntime rt = builder.build()) {
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
        return new AssertionError(
            "test timed out after "
                + timeout.toMillis()
                + " ms of real time; its goroutines:\n\n"
                + rt.dump());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return e;
      }
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
