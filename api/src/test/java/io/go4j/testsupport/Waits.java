package io.go4j.testsupport;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import java.time.Duration;

/** Waiting for a goroutine to block, by state, never by elapsed time. */
public final class Waits {
  private Waits() {}

  /** Returns once {@code g} is parked with {@code reason}; callers bound it with @Timeout. */
  public static void until(Goroutine g, String reason) {
    while (!(g.state() == GoroutineState.WAITING && reason.equals(g.waitReason()))) {
      if (GoRuntime.current() != null) {
        GoRuntime.sleep(Duration.ofMillis(1));
      } else {
        Thread.onSpinWait();
      }
    }
  }
}
