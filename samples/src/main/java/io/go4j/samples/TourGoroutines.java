package io.go4j.samples;

import static io.go4j.Go.go;
import static io.go4j.Go.sleep;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A Tour of Go, concurrency 1 (go.dev/tour/concurrency/1): goroutines, line by line.
 *
 * <pre>
 * func say(s string) {                        static void say(PrintStream out, String s) {
 *     for i := 0; i &lt; 5; i++ {                  for (int i = 0; i &lt; 5; i++) {
 *         time.Sleep(100 * time.Millisecond)      sleep(Duration.ofMillis(100));
 *         fmt.Println(s)                          out.println(s);
 *     }                                         }
 * }                                           }
 * func main() {                               void main(PrintStream out) {
 *     go say("world")                           go(() -&gt; say(out, "world"));
 *     say("hello")                              say(out, "hello");
 * }                                           }
 * </pre>
 *
 * <p>Every 100 ms both goroutines print their word; which one prints first is up to the scheduler,
 * in Go as here. The program ends when {@code main} returns after its fifth {@code hello}, whether
 * or not the fifth {@code world} made it out first. In the testkit's virtual time both print at
 * exactly 100, 200, ..., 500 ms.
 */
public final class TourGoroutines extends TourProgram {
  /** The sample as the launcher runs it. */
  public TourGoroutines() {
    super("goroutines", "Tour 1: say(\"world\") in a goroutine, say(\"hello\") in main");
  }

  @Override
  void main(PrintStream out) {
    go(() -> say(out, "world"));
    say(out, "hello");
  }

  private static void say(PrintStream out, String s) {
    for (int i = 0; i < 5; i++) {
      sleep(Duration.ofMillis(100));
      out.println(s);
    }
  }
}
