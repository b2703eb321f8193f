package io.go4j.samples;

import static io.go4j.Go.go;

import io.go4j.Go;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import java.io.PrintStream;

/**
 * Go's deadlock detector.
 *
 * <p>Shows: when every goroutine is blocked on a go4j primitive and no timer is pending, nothing
 * can ever wake any of them, and Go stops the program with {@code fatal error: all goroutines are
 * asleep - deadlock!} followed by the goroutine dump. go4j's {@code Go.main} does the same by
 * throwing {@link DeadlockException}, whose message is that line and the dump. Here the main
 * goroutine starts a goroutine named {@code partner} that waits for main to finish, then waits for
 * the partner: a cycle of two joins. The sample catches the exception, prints its message and
 * returns normally.
 *
 * <p>The Go program it mirrors (two goroutines each waiting for the other):
 *
 * <pre>
 * func main() {
 *     mainDone := make(chan struct{})
 *     partnerDone := make(chan struct{})
 *     go func() { &lt;-mainDone; close(partnerDone) }()
 *     &lt;-partnerDone
 *     close(mainDone)
 * }
 * </pre>
 *
 * <p>Go would exit here; the two goroutines stay parked in the default runtime for the rest of the
 * JVM's life.
 */
public final class Deadlock implements Sample {
  /** The sample as the launcher runs it. */
  public Deadlock() {}

  @Override
  public String name() {
    return "deadlock";
  }

  @Override
  public String description() {
    return "two goroutines wait for each other; Go.main reports the deadlock with a dump";
  }

  @Override
  public void run(PrintStream out) {
    try {
      Go.main(
          () -> {
            Goroutine main = GoRuntime.current();
            Goroutine partner = go("partner", () -> main.join());
            partner.join();
            out.println("unreachable: the partner finished");
          });
      out.println("Go.main returned normally, which it should not have");
    } catch (DeadlockException e) {
      out.println("Go.main threw DeadlockException; its message:");
      out.println();
      out.println(e.getMessage());
    }
  }
}
