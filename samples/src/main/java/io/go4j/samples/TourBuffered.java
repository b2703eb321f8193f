package io.go4j.samples;

import static io.go4j.Go.chan;

import io.go4j.channels.Chan;
import java.io.PrintStream;

/**
 * A Tour of Go, concurrency 3 (go.dev/tour/concurrency/3): buffered channels, line by line.
 *
 * <pre>
 * func main() {                               void main(PrintStream out) {
 *     ch := make(chan int, 2)                   Chan&lt;Integer&gt; ch = chan(2);
 *     ch &lt;- 1                                   ch.send(1);
 *     ch &lt;- 2                                   ch.send(2);
 *     fmt.Println(&lt;-ch)                         out.println(ch.recv());
 *     fmt.Println(&lt;-ch)                         out.println(ch.recv());
 * }                                           }
 * </pre>
 *
 * <p>The Tour asks what happens when the buffer overfills: a third send blocks main for good, and
 * with no other goroutine to receive, Go stops with {@code fatal error: all goroutines are asleep -
 * deadlock!}; go4j's {@code main} throws a {@code DeadlockException} with that message.
 */
public final class TourBuffered extends TourProgram {
  /** The sample as the launcher runs it. */
  public TourBuffered() {
    super("buffered", "Tour 3: a channel with a buffer of two takes two sends with no receiver");
  }

  @Override
  void main(PrintStream out) {
    Chan<Integer> ch = chan(2);
    ch.send(1);
    ch.send(2);
    out.println(ch.recv());
    out.println(ch.recv());
  }
}
