package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import java.io.PrintStream;

/**
 * A Tour of Go, concurrency 5 (go.dev/tour/concurrency/5): select, line by line.
 *
 * <pre>
 * func fibonacci(c, quit chan int) {          static void fibonacci(SendChan&lt;Integer&gt; c,
 *                                                     RecvChan&lt;Integer&gt; quit, PrintStream out) {
 *     x, y := 0, 1                              int x = 0;
 *                                               int y = 1;
 *     for {                                     while (true) {
 *         select {                                int chosen = select()
 *         case c &lt;- x:                                .send(c, x)
 *             x, y = y, x+y
 *         case &lt;-quit:                                .recv(quit, () -&gt; out.println("quit"))
 *             fmt.Println("quit")                     .run();
 *             return                              if (chosen == QUIT) return;
 *         }                                       int next = x + y; // case c &lt;- x
 *                                                 x = y;
 *                                                 y = next;
 *     }                                         }
 * }                                           }
 * func main() {                               void main(PrintStream out) {
 *     c := make(chan int)                       Chan&lt;Integer&gt; c = chan();
 *     quit := make(chan int)                    Chan&lt;Integer&gt; quit = chan();
 *     go func() {                               go(() -&gt; {
 *         for i := 0; i &lt; 10; i++ {               for (int i = 0; i &lt; 10; i++) {
 *             fmt.Println(&lt;-c)                      out.println(c.recv());
 *         }                                       }
 *         quit &lt;- 0                               quit.send(0);
 *     }()                                       });
 *     fibonacci(c, quit)                        fibonacci(c, quit, out);
 * }                                           }
 * </pre>
 *
 * <p>A case's body is a lambda, which can neither assign {@code x} and {@code y} nor {@code
 * return} from {@code fibonacci}: the loop acts on the index of the case that ran instead.
 */
public final class TourSelect extends TourProgram {
  /** The index of {@code case <-quit} in the select. */
  private static final int QUIT = 1;

  /** The sample as the launcher runs it. */
  public TourSelect() {
    super("select", "Tour 5: fibonacci into a channel until a quit channel says stop, with select");
  }

  @Override
  void main(PrintStream out) {
    Chan<Integer> c = chan();
    Chan<Integer> quit = chan();
    go(
        () -> {
          for (int i = 0; i < 10; i++) {
            out.println(c.recv());
          }
          quit.send(0);
        });
    fibonacci(c, quit, out);
  }

  private static void fibonacci(SendChan<Integer> c, RecvChan<Integer> quit, PrintStream out) {
    int x = 0;
    int y = 1;
    while (true) {
      int chosen =
          select().send(c, x).recv(quit, () -> out.println("quit")).run();
      if (chosen == QUIT) {
        return;
      }
      int next = x + y;
      x = y;
      y = next;
    }
  }
}
