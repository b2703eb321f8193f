package io.go4j.testkit;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.spi.Decider;
import io.go4j.testkit.internal.BubbleMain;
import io.go4j.testkit.internal.Recorder;
import java.time.Duration;
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
    Throwable failure = run(b, recorded, timeout);
    recorder.freeze(); // over: a goroutine of a run that timed out may run up to its next step
    return new Outcome(failure, recorder);
  }

  /** Runs {@code body} on {@code builder}'s runtime; returns what it threw, or null. */
  static Throwable run(GoRuntime.Builder builder, TestBody body, Duration timeout) {
    try (GoRuntime rt = builder.build()) {
      return BubbleMain.run(rt, body, timeout);
    }
  }
}
