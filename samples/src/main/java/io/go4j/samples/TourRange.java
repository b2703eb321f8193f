package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;

import io.go4j.channels.Chan;
import io.go4j.channels.SendChan;
import java.io.PrintStream;

/**
 * A Tour of Go, concurrency 4 (go.dev/tour/concurrency/4): range and close, line by line.
 *
 * <pre>
 * func fibonacci(n int, c chan int) {         static void fibonacci(int n, SendChan&lt;Integer&gt; c) {
 *     x, y := 0, 1                              int x = 0;
 *                                               int y = 1;
 *     for i := 0; i &lt; n; i++ {                  for (int i = 0; i &lt; n; i++) {
 *         c &lt;- x                                  c.send(x);
 *         x, y = y, x+y                           int next = x + y;
 *                                                 x = y;
 *                                                 y = next;
 *     }                                         }
 *     close(c)                                  c.close();
 * }                                           }
 * func main() {                               void main(PrintStream out) {
 *     c := make(chan int, 10)                   Chan&lt;Integer&gt; c = chan(10);
 *     go fibonacci(cap(c), c)                   go(() -&gt; fibonacci(c.cap(), c));
 *     for i := range c {                        for (int i : c) {
 *         fmt.Println(i)                          out.println(i);
 *     }                                         }
 * }                                           }
 * </pre>
 *
 * <p>The range loop ends when the channel is closed and drained; without the {@code close} it
 * would wait for an eleventh value forever (a deadlock, reported as in Go).
 */
public final class TourRange extends TourProgram {
  /** The sample as the launcher runs it. */
  public TourRange() {
    super("range", "Tour 4: fibonacci into a buffered channel, close it, range over it");
  }

  @Override
  void main(PrintStream out) {
    Chan<Integer> c = chan(10);
    go(() -> fibonacci(c.cap(), c));
    for (int i : c) {
      out.println(i);
    }
  }

  private static void fibonacci(int n, SendChan<Integer> c) {
    int x = 0;
    int y = 1;
    for (int i = 0; i < n; i++) {
      c.send(x);
      int next = x + y;
      x = y;
      y = next;
    }
    c.close();
  }
}
