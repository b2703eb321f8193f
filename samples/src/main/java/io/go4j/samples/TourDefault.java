package io.go4j.samples;

import static io.go4j.Go.after;
import static io.go4j.Go.select;
import static io.go4j.Go.sleep;
import static io.go4j.Go.ticker;

import io.go4j.channels.RecvChan;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * A Tour of Go, concurrency 6 (go.dev/tour/concurrency/6): default selection, line by line.
 *
 * <pre>
 * func main() {                                   void main(PrintStream out) {
 *     tick := time.Tick(100 * time.Millisecond)     RecvChan&lt;Instant&gt; tick =
 *                                                       ticker(Duration.ofMillis(100)).c();
 *     boom := time.After(500 * time.Millisecond)    RecvChan&lt;Instant&gt; boom =
 *                                                       after(Duration.ofMillis(500));
 *     for {                                         while (true) {
 *         select {                                    int chosen = select()
 *         case &lt;-tick:                                    .recv(tick, () -&gt; out.println("tick."))
 *             fmt.Println("tick.")
 *         case &lt;-boom:                                    .recv(boom, () -&gt; out.println("BOOM!"))
 *             fmt.Println("BOOM!")
 *             return
 *         default:                                        .otherwise(() -&gt; {
 *             fmt.Println("    .")                          out.println("    .");
 *             time.Sleep(50 * time.Millisecond)             sleep(Duration.ofMillis(50));
 *         }                                               })
 *                                                         .run();
 *                                                     if (chosen == BOOM) return;
 *     }                                             }
 * }                                               }
 * </pre>
 *
 * <p>Two dots, then a tick, four times over; then, at 500 ms, the fifth tick and the boom are
 * both ready and {@code select} picks one at random, in Go as here: either {@code tick.} then
 * {@code BOOM!}, or {@code BOOM!} at once. The ticker is never stopped; closing the sample's runtime
 * drops it, as Go's process exit does.
 */
public final class TourDefault extends TourProgram {
  /** The index of {@code case <-boom} in the select. */
  private static final int BOOM = 1;

  /** The sample as the launcher runs it. */
  public TourDefault() {
    super("default", "Tour 6: select's default case prints dots between ticks until BOOM");
  }

  @Override
  void main(PrintStream out) {
    RecvChan<Instant> tick = ticker(Duration.ofMillis(100)).c();
    RecvChan<Instant> boom = after(Duration.ofMillis(500));
    while (true) {
      int chosen =
          select()
              .recv(tick, () -> out.println("tick."))
              .recv(boom, () -> out.println("BOOM!"))
              .otherwise(
                  () -> {
                    out.println("    .");
                    sleep(Duration.ofMillis(50));
                  })
              .run();
      if (chosen == BOOM) {
        return;
      }
    }
  }
}
