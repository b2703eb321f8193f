package io.go4j.samples;

import static io.go4j.Go.go;
import static io.go4j.Go.gomaxprocs;
import static io.go4j.Go.sleep;

import io.go4j.Go;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineInfo;
import io.go4j.runtime.GoroutineState;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A million goroutines, then a goroutine dump.
 *
 * <p>Shows: the classic Go demonstration that goroutines are cheap enough to start a million of
 * them. {@code Go.main} starts 1,000,000 goroutines that each add one to a shared counter, joins
 * them all and prints the count and the time per goroutine (spawn, run and join together). It then
 * starts three goroutines that block the way a Go programmer expects: two in {@code time.Sleep}
 * ({@code sleep(Duration)}) and one, named {@code waiter}, waiting for the first sleeper to finish
 * ({@code join}). While they are blocked it prints {@code GoRuntime.getDefault().dump()}: the same
 * {@code goroutine N [sleep]:} blocks, innermost frame first, with {@code created by ...}, that a Go
 * program prints on {@code SIGQUIT}. Then it lets them finish.
 *
 * <p>The Go program it ports:
 *
 * <pre>
 * var wg sync.WaitGroup
 * var n atomic.Int64
 * for i := 0; i &lt; 1_000_000; i++ {
 *     wg.Add(1)
 *     go func() { defer wg.Done(); n.Add(1) }()
 * }
 * wg.Wait()
 * </pre>
 */
public final class Million implements Sample {
  /** How long the two sleepers sleep: far longer than it takes to print the dump. */
  static final Duration NAP = Duration.ofSeconds(1);

  private final int count;

  /** The sample as the launcher runs it: 1,000,000 goroutines. */
  public Million() {
    this(1_000_000);
  }

  /** The same program with {@code count} goroutines. */
  public Million(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive, got " + count);
    }
    this.count = count;
  }

  @Override
  public String name() {
    return "million";
  }

  @Override
  public String description() {
    return "start 1,000,000 goroutines, join them, then print a goroutine dump";
  }

  @Override
  public void run(PrintStream out) {
    Go.main(
        () -> {
          spawnAndJoin(out);
          out.println();
          dumpBlocked(out);
        });
  }

  private void spawnAndJoin(PrintStream out) {
    LongAdder counter = new LongAdder();
    Goroutine[] goroutines = new Goroutine[count];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      goroutines[i] = go(counter::increment);
    }
    for (Goroutine g : goroutines) {
      g.join();
    }
    long elapsed = System.nanoTime() - start;
    out.printf(
        Locale.ROOT, "started and joined %d goroutines; each added 1 to a counter%n", count);
    out.printf(Locale.ROOT, "counter = %d%n", counter.sum());
    out.printf(
        Locale.ROOT,
        "elapsed: %d ms, %d ns per goroutine (spawn + run + join), GOMAXPROCS=%d%n",
        elapsed / 1_000_000,
        elapsed / count,
        gomaxprocs());
  }

  private static void dumpBlocked(PrintStream out) {
    Goroutine sleeper1 = go(() -> sleep(NAP));
    Goroutine sleeper2 = go(() -> sleep(NAP));
    Goroutine waiter = go("waiter", () -> sleeper1.join());
    // the dump should show them blocked, not still starting up
    while (!(blocked(sleeper1, "sleep") && blocked(sleeper2, "sleep") && blocked(waiter, "join"))
        && sleeper1.isAlive()
        && sleeper2.isAlive()) {
      sleep(Duration.ofMillis(1));
    }
    GoRuntime rt = GoRuntime.getDefault();
    out.println("three goroutines are blocked now: two in sleep(1s), one named \"waiter\" in join:");
    for (GoroutineInfo g : rt.goroutines()) {
      out.printf(
          Locale.ROOT,
          "  goroutine %-8d name=%-10s state=%-8s wait=%s%n",
          g.id(),
          '"' + g.name() + '"',
          g.state(),
          g.waitReason().isEmpty() ? "-" : g.waitReason());
    }
    out.println();
    out.println("GoRuntime.getDefault().dump():");
    out.println();
    out.println(rt.dump());
    sleeper1.join();
    sleeper2.join();
    waiter.join();
    out.println("the sleepers woke up and the waiter saw sleeper 1 finish; all three are done");
  }

  private static boolean blocked(Goroutine g, String reason) {
    return g.state() == GoroutineState.WAITING && g.waitReason().equals(reason);
  }
}
