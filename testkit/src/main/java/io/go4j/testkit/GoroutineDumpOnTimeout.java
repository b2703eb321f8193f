package io.go4j.testkit;

import io.go4j.runtime.GoRuntime;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.PreInterruptCallback;
import org.junit.jupiter.api.extension.PreInterruptContext;

/**
 * When a JUnit {@code @Timeout} (or {@code junit.jupiter.execution.timeout.default}) expires,
 * prints a Go-format goroutine dump of every open runtime to {@code System.out}, before JUnit
 * interrupts the test. JUnit's own thread dump ({@code
 * junit.jupiter.execution.timeout.threaddump.enabled}) lists platform threads only: a goroutine
 * shows there only while it runs, on its carrier, and a hung program's goroutines are mostly
 * parked. This dump shows each one with its wait reason, for how long, its stack and who started
 * it.
 *
 * <p>Register it on a test class with {@code @ExtendWith(GoroutineDumpOnTimeout.class)}, or for
 * every test: the testkit declares it as a service of {@code
 * org.junit.jupiter.api.extension.Extension}, so with {@code
 * junit.jupiter.extensions.autodetection.enabled=true} JUnit loads it by itself. It does nothing
 * until a timeout expires. A {@link GoTest @GoTest} bubble's own timeout prints its dump in its
 * failure already.
 */
public final class GoroutineDumpOnTimeout implements PreInterruptCallback {
  /** For JUnit. */
  public GoroutineDumpOnTimeout() {}

  @Override
  public void beforeThreadInterrupt(PreInterruptContext preInterrupt, ExtensionContext context) {
    print(context.getDisplayName(), GoRuntime.openRuntimes(), System.out);
  }

  /** The report for {@code test}: each of {@code runtimes}, by name, with its dump. */
  static void print(String test, List<GoRuntime> runtimes, PrintStream out) {
    StringBuilder sb = new StringBuilder();
    sb.append("go4j: ").append(test).append(" timed out; ");
    if (runtimes.isEmpty()) {
      sb.append("no go4j runtime is open\n");
    } else {
      sb.append("goroutines of every open runtime:\n");
      runtimes.stream()
          .sorted(Comparator.comparing(GoRuntime::name))
          .forEach(
              rt ->
                  sb.append("\n== runtime ")
                      .append(rt.name())
                      .append(" (GOMAXPROCS=")
                      .append(rt.maxProcs())
                      .append(")\n")
                      .append(rt.dump()));
    }
    synchronized (out) {
      out.print(sb);
      out.flush();
    }
  }
}
