package io.go4j.conformance;

import static io.go4j.Go.gosched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Go;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import java.util.List;

/**
 * Shared plumbing for the ports of Go's {@code test/chan} programs.
 *
 * <p>A Go test program fails by panicking in any goroutine, which kills the process. In go4j an
 * exception escaping a plain goroutine is only recorded ({@link GoRuntime#panics()}) and printed,
 * so {@link #goMain} turns such a panic into a test failure, also when the main goroutine then
 * deadlocks waiting for the goroutine that died (the deadlock is attached as suppressed).
 *
 * <p>Where Go checks with a timeout that an operation blocks, the ports use {@link #awaitBlocked}:
 * the goroutine doing the operation must reach {@link GoroutineState#WAITING} with the operation's
 * wait reason; the JUnit {@code @Timeout} of the test only bounds a hang.
 */
final class Conformance {
  /** How many times {@link #assertStaysBlocked} yields before looking again. */
  private static final int YIELDS = 100;

  private Conformance() {}

  /**
   * Go's {@code func main}: runs {@code body} as goroutine 1 of the default runtime and fails if it
   * or any goroutine started meanwhile threw (Go's panic).
   */
  static void goMain(Runnable body) {
    GoRuntime rt = GoRuntime.getDefault();
    int before = rt.panics().size();
    RuntimeException mainFailure = null;
    Error mainError = null;
    try {
      Go.main(body);
    } catch (RuntimeException e) {
      mainFailure = e;
    } catch (Error e) {
      mainError = e;
    }
    List<Throwable> panics = rt.panics();
    if (panics.size() > before) {
      Throwable first = panics.get(before);
      AssertionError e =
          new AssertionError(
              "a goroutine panicked ("
                  + (panics.size() - before)
                  + " in all), the first with: "
                  + first,
              first);
      for (Throwable t : panics.subList(before + 1, panics.size())) {
        e.addSuppressed(t);
      }
      if (mainFailure != null) {
        e.addSuppressed(mainFailure);
      }
      if (mainError != null) {
        e.addSuppressed(mainError);
      }
      throw e;
    }
    if (mainFailure != null) {
      throw mainFailure;
    }
    if (mainError != null) {
      throw mainError;
    }
  }

  /**
   * Yields until {@code g} is parked, then asserts that it waits for {@code reason}: proof without
   * a clock that the operation it runs blocks. Fails at once if {@code g} finishes instead.
   */
  static void awaitBlocked(Goroutine g, String reason) {
    GoroutineState s;
    while ((s = g.state()) != GoroutineState.WAITING) {
      if (s == GoroutineState.DEAD) {
        fail("goroutine " + g.id() + " finished; it should have blocked in [" + reason + "]");
      }
      gosched();
    }
    assertEquals(reason, g.waitReason(), () -> "wait reason of goroutine " + g.id());
  }

  /**
   * After {@link #awaitBlocked}: lets every other goroutine run {@value #YIELDS} times and asserts
   * that {@code g} is still parked for {@code reason} (a wake-up would have made it RUNNABLE,
   * RUNNING or DEAD, or changed its wait reason).
   */
  static void assertStaysBlocked(Goroutine g, String reason) {
    for (int i = 0; i < YIELDS; i++) {
      gosched();
    }
    assertEquals(GoroutineState.WAITING, g.state(), () -> "state of goroutine " + g.id());
    assertEquals(reason, g.waitReason(), () -> "wait reason of goroutine " + g.id());
    assertTrue(g.isAlive(), () -> "goroutine " + g.id() + " is alive");
  }
}
