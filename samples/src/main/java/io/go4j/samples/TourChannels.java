package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;

import io.go4j.channels.Chan;
import io.go4j.channels.SendChan;
import java.io.PrintStream;
import java.util.List;

/**
 * A Tour of Go, concurrency 2 (go.dev/tour/concurrency/2): channels, line by line.
 *
 * <pre>
 * func sum(s []int, c chan int) {             static void sum(List&lt;Integer&gt; s,
 *                                                     SendChan&lt;Integer&gt; c) {
 *     sum := 0                                  int sum = 0;
 *     for _, v := range s {                     for (int v : s) {
 *         sum += v                                sum += v;
 *     }                                         }
 *     c &lt;- sum // send sum to c                 c.send(sum); // send sum to c
 * }                                           }
 * func main() {                               void main(PrintStream out) {
 *     s := []int{7, 2, 8, -9, 4, 0}             List&lt;Integer&gt; s = List.of(7, 2, 8, -9, 4, 0);
 *     c := make(chan int)                       Chan&lt;Integer&gt; c = chan();
 *     go sum(s[:len(s)/2], c)                   go(() -&gt; sum(s.subList(0, s.size() / 2), c));
 *     go sum(s[len(s)/2:], c)                   go(() -&gt; sum(s.subList(s.size() / 2, s.size()), c));
 *     x, y := &lt;-c, &lt;-c // receive from c        int x = c.recv(); // receive from c
 *                                               int y = c.recv();
 *     fmt.Println(x, y, x+y)                    out.println(x + " " + y + " " + (x + y));
 * }                                           }
 * </pre>
 *
 * <p>The Tour shows {@code -5 17 12}; {@code 17 -5 12} is just as correct: which goroutine sends
 * first is up to the scheduler, in Go as here.
 */
public final class TourChannels extends TourProgram {
  /** The sample as the launcher runs it. */
  public TourChannels() {
    super("channels", "Tour 2: two goroutines sum the halves of a slice and send the sums");
  }

  @Override
  void main(PrintStream out) {
    List<Integer> s = List.of(7, 2, 8, -9, 4, 0);
    Chan<Integer> c = chan();
    go(() -> sum(s.subList(0, s.size() / 2), c));
    go(() -> sum(s.subList(s.size() / 2, s.size()), c));
    int x = c.recv();
    int y = c.recv();
    out.println(x + " " + y + " " + (x + y));
  }

  private static void sum(List<Integer> s, SendChan<Integer> c) {
    int sum = 0;
    for (int v : s) {
      sum += v;
    }
    c.send(sum);
  }
}
