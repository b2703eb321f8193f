package io.go4j.samples;

import static io.go4j.Go.checkpoint;
import static io.go4j.Go.go;
import static io.go4j.Go.ticker;

import io.go4j.channels.Ticker;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CPU hog and a ticker on one processor: the program of Go's oldest scheduler complaint, issue
 * #543 ({@code go func() { for { } }()} "shouldn't wedge the rest of the program but does") and
 * #10958 ("tight loops should be preemptible"), which Go 1.14 fixed with asynchronous preemption.
 * With GOMAXPROCS=1 one goroutine spins in a loop that never blocks, while main waits for ten ticks
 * of 50 ms. Main gets the processor back on time anyway because sysmon, seeing the hog run for 10
 * ms, asks it to yield, and the hog's loop has a preemption point: {@code checkpoint()}, which
 * costs a field read until sysmon asks (go4j cannot interrupt arbitrary Java code, so it stands for
 * the safe points where Go 1.14 preempts). The runtime prints Go's {@code schedtrace} lines as it
 * goes ({@code GODEBUG=schedtrace=100}), here into the sample's output.
 *
 * <pre>
 * // GOMAXPROCS=1 GODEBUG=schedtrace=100      GoRuntime.builder().maxProcs(1).schedtrace(100)
 * var stop atomic.Bool                        AtomicBoolean stop = new AtomicBoolean();
 * var spins atomic.Int64                      AtomicLong spins = new AtomicLong();
 * go func() {                                 Goroutine hog = go("hog", () -&gt; {
 *     for !stop.Load() {                        while (!stop.get()) {
 *         spins.Add(1)                            spins.incrementAndGet();
 *         // preemptible since Go 1.14            checkpoint(); // yields when sysmon asks
 *     }                                         }
 * }()                                         });
 * ticker := time.NewTicker(                   Ticker ticker = ticker(PERIOD);
 *     50 * time.Millisecond)
 * for i := 1; i &lt;= 10; i++ {                 for (int i = 1; i &lt;= TICKS; i++) {
 *     &lt;-ticker.C                                ticker.c().recv();
 *     fmt.Printf("tick %d: the hog has "         out.printf("tick %d: the hog has "
 *         + "spun %d times\n", i, spins.Load())      + "spun %d times%n", i, spins.get());
 * }                                           }
 * ticker.Stop()                               ticker.stop();
 * stop.Store(true)                            stop.set(true);
 *                                             hog.join(); // Go's program just exits
 * </pre>
 *
 * <p>Then it prints how many times sysmon asked a goroutine to yield ({@link
 * io.go4j.runtime.RuntimeStats#preemptions()}): at least once per tick, since main, readied by the
 * tick, can only run once the hog has yielded its one processor.
 */
public final class CpuHog implements Sample {
  /** How many ticks main waits for. */
  static final int TICKS = 10;

  /** The ticker's period: five of sysmon's 10 ms time slices. */
  static final Duration PERIOD = Duration.ofMillis(50);

  /** The schedtrace period, in milliseconds. */
  static final long SCHEDTRACE_MILLIS = 100;

  /** The sample as the launcher runs it. */
  public CpuHog() {}

  @Override
  public String name() {
    return "cpuhog";
  }

  @Override
  public String description() {
    return "GOMAXPROCS=1: a spinning goroutine and a ticker; sysmon preempts, schedtrace shows it";
  }

  @Override
  public void run(PrintStream out) {
    try (GoRuntime rt =
        GoRuntime.builder()
            .name("cpuhog")
            .maxProcs(1)
            .preemption(true) // whatever -Dgo4j.preemptoff says: this sample is about it
            .schedtrace(SCHEDTRACE_MILLIS)
            .traceOutput(out)
            .build()) {
      rt.main(
          () -> {
            main(out);
            out.println("sysmon asked a goroutine to yield " + rt.stats().preemptions() + " times");
          });
    }
  }

  /** The hog and the ticker. */
  static void main(PrintStream out) {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong spins = new AtomicLong();
    Goroutine hog =
        go(
            "hog",
            () -> {
              while (!stop.get()) {
                spins.incrementAndGet();
                checkpoint();
              }
            });
    Ticker ticker = ticker(PERIOD);
    for (int i = 1; i <= TICKS; i++) {
      ticker.c().recv();
      out.printf("tick %d: the hog has spun %d times%n", i, spins.get());
    }
    ticker.stop();
    stop.set(true);
    hog.join();
  }
}
