package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import io.go4j.runtime.GoRuntime;
import java.io.PrintStream;

/**
 * Go's concurrent prime sieve (go.dev/doc/play/sieve.go), line by line.
 *
 * <pre>
 * func Generate(ch chan&lt;- int) {          static void generate(SendChan&lt;Integer&gt; ch) {
 *     for i := 2; ; i++ {                     for (int i = 2; ; i++) {
 *         ch &lt;- i                                 ch.send(i);
 *     }                                         }
 * }                                           }
 * func Filter(in &lt;-chan int,              static void filter(RecvChan&lt;Integer&gt; in,
 *         out chan&lt;- int, prime int) {            SendChan&lt;Integer&gt; out, int prime) {
 *     for {                                     while (true) {
 *         i := &lt;-in                              int i = in.recv();
 *         if i%prime != 0 {                         if (i % prime != 0) {
 *             out &lt;- i                                out.send(i);
 *         }                                           }
 *     }                                         }
 * }                                           }
 * func main() {                               Go.main(() -&gt; {
 *     ch := make(chan int)                      Chan&lt;Integer&gt; ch = chan();
 *     go Generate(ch)                           go(() -&gt; generate(ch)); // a final copy
 *     for i := 0; i &lt; 10; i++ {                for (int i = 0; i &lt; 10; i++) {
 *         prime := &lt;-ch                            int prime = ch.recv();
 *         fmt.Println(prime)                        out.println(prime);
 *         ch1 := make(chan int)                     Chan&lt;Integer&gt; ch1 = chan();
 *         go Filter(ch, ch1, prime)                 go(() -&gt; filter(in, ch1, prime)); // in = ch
 *         ch = ch1                                  ch = ch1;
 *     }                                         }
 * }                                           });
 * </pre>
 *
 * <p>As in Go, the generator and the ten filters stay blocked in {@code chan send} when main
 * returns; Go's process exits, here the sample's own runtime is closed, which abandons them.
 */
public final class Sieve implements Sample {
  /** The sample as the launcher runs it. */
  public Sieve() {}

  @Override
  public String name() {
    return "sieve";
  }

  @Override
  public String description() {
    return "Go's concurrent prime sieve: a daisy chain of filter goroutines over channels";
  }

  @Override
  public void run(PrintStream out) {
    try (GoRuntime rt = GoRuntime.builder().name("sieve").build()) {
      rt.main(
          () -> {
            Chan<Integer> first = chan();
            go(() -> generate(first));
            Chan<Integer> ch = first;
            for (int i = 0; i < 10; i++) {
              int prime = ch.recv();
              out.println(prime);
              Chan<Integer> ch1 = chan();
              RecvChan<Integer> in = ch;
              go(() -> filter(in, ch1, prime));
              ch = ch1;
            }
            out.println("goroutines still blocked sending, as in Go: " + (rt.numGoroutine() - 1));
          });
    }
  }

  private static void generate(SendChan<Integer> ch) {
    for (int i = 2; ; i++) {
      ch.send(i);
    }
  }

  private static void filter(RecvChan<Integer> in, SendChan<Integer> out, int prime) {
    while (true) {
      int i = in.recv();
      if (i % prime != 0) {
        out.send(i);
      }
    }
  }
}
