package io.go4j.samples;

import io.go4j.runtime.GoRuntime;
import java.io.PrintStream;

/**
 * A program of the Tour of Go's concurrency chapter (go.dev/tour/concurrency), named {@code
 * tour-<page>}. {@link #main} is Go's {@code main}: it runs on the caller's runtime, so a test can
 * run it in a virtual-time bubble. {@link #run} runs it as the main goroutine of a runtime of its
 * own, in real time, and closes that runtime when {@code main} returns, which abandons the
 * goroutines still running or parked, as Go's process exit does.
 */
abstract class TourProgram implements Sample {
  private final String page;
  private final String description;

  /** {@code page} names the Tour page ({@code goroutines} for {@code tour-goroutines}). */
  TourProgram(String page, String description) {
    this.page = page;
    this.description = description;
  }

  @Override
  public final String name() {
    return "tour-" + page;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final void run(PrintStream out) {
    try (GoRuntime rt = GoRuntime.builder().name(name()).build()) {
      rt.main(() -> main(out));
    }
  }

  /** Go's {@code main}, printing to {@code out}; call it from a goroutine. */
  abstract void main(PrintStream out);
}
