package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;

import io.go4j.CancelContext;
import io.go4j.Context;
import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.runtime.GoRuntime;
import io.go4j.sync.WaitGroup;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The Go blog's "Go Concurrency Patterns: Pipelines and cancellation" (go.dev/blog/pipelines),
 * final version (sqdone3.go), line by line: {@code gen} emits numbers, two {@code sq} stages square
 * them (fan-out), {@code merge} joins their outputs (fan-in, with a WaitGroup), and {@code main}
 * reads only the first value; closing {@code done} on the way out ({@code defer close(done)})
 * makes every stage return, so no goroutine is left blocked.
 *
 * <pre>
 * func gen(done &lt;-chan struct{},             static RecvChan&lt;Integer&gt; gen(RecvChan&lt;Void&gt; done,
 *         nums ...int) &lt;-chan int {                  int... nums) {
 *     out := make(chan int, len(nums))          Chan&lt;Integer&gt; out = chan(nums.length);
 *     for _, n := range nums {                  for (int n : nums) {
 *         out &lt;- n                                 out.send(n); // cannot block: no select
 *     }                                         }
 *     close(out)                                out.close();
 *     return out                                return out;
 * }                                           }
 * func sq(done &lt;-chan struct{},              static RecvChan&lt;Integer&gt; sq(RecvChan&lt;Void&gt; done,
 *         in &lt;-chan int) &lt;-chan int {              RecvChan&lt;Integer&gt; in) {
 *     out := make(chan int)                     Chan&lt;Integer&gt; out = chan();
 *     go func() {                               go(() -&gt; {
 *         defer close(out)                        try { // finally: out.close()
 *         for n := range in {                       for (int n : in) {
 *             select {                                int chosen = select()
 *             case out &lt;- n * n:                          .send(out, n * n)
 *             case &lt;-done:                                .recv(done)
 *                                                         .run();
 *                 return                                if (chosen == DONE) return;
 *             }
 *         }                                         }
 *                                                 } finally { out.close(); }
 *     }()                                       });
 *     return out                                return out;
 * }                                           }
 * func merge(done &lt;-chan struct{},           static RecvChan&lt;Integer&gt; merge(RecvChan&lt;Void&gt; done,
 *         cs ...&lt;-chan int) &lt;-chan int {          RecvChan&lt;Integer&gt;... cs) {
 *     var wg sync.WaitGroup                     WaitGroup wg = new WaitGroup();
 *     out := make(chan int)                     Chan&lt;Integer&gt; out = chan();
 *     output := func(c &lt;-chan int) {            Consumer&lt;RecvChan&lt;Integer&gt;&gt; output = c -&gt; {
 *         defer wg.Done()                         try { // finally: wg.done()
 *         for n := range c {                        for (int n : c) {
 *             select {                                int chosen = select()
 *             case out &lt;- n:                               .send(out, n)
 *             case &lt;-done:                                .recv(done)
 *                                                         .run();
 *                 return                                if (chosen == DONE) return;
 *             }
 *         }                                         }
 *                                                 } finally { wg.done(); }
 *     }                                         };
 *     wg.Add(len(cs))                           wg.add(cs.length);
 *     for _, c := range cs {                    for (RecvChan&lt;Integer&gt; c : cs) {
 *         go output(c)                            go(() -&gt; output.accept(c));
 *     }                                         }
 *     go func() {                               go(() -&gt; {
 *         wg.Wait()                               wg.await();
 *         close(out)                              out.close();
 *     }()                                       });
 *     return out                                return out;
 * }                                           }
 * func main() {                               static void mainWithDone(PrintStream out) {
 *     done := make(chan struct{})               Chan&lt;Void&gt; done = chan();
 *     defer close(done)                         try { // finally: done.close()
 *     in := gen(done, 2, 3)                       RecvChan&lt;Integer&gt; in = gen(done, 2, 3);
 *     c1 := sq(done, in)                          RecvChan&lt;Integer&gt; c1 = sq(done, in);
 *     c2 := sq(done, in)                          RecvChan&lt;Integer&gt; c2 = sq(done, in);
 *     out := merge(done, c1, c2)                  RecvChan&lt;Integer&gt; sq = merge(done, c1, c2);
 *     fmt.Println(&lt;-out) // 4 or 9                out.println(sq.recv()); // 4 or 9
 *                                               } finally { done.close(); }
 * }                                           }
 * </pre>
 *
 * <p>The same program with a {@code context.Context} instead of the {@code done} channel, and with
 * Go 1.25's {@code wg.Go} in {@code merge} (the stages are the ones above with {@code done}
 * replaced by {@code ctx.done()}):
 *
 * <pre>
 * func merge(ctx context.Context,            static RecvChan&lt;Integer&gt; merge(Context ctx,
 *         cs ...&lt;-chan int) &lt;-chan int {          RecvChan&lt;Integer&gt;... cs) {
 *     var wg sync.WaitGroup                     WaitGroup wg = new WaitGroup();
 *     out := make(chan int)                     Chan&lt;Integer&gt; out = chan();
 *     for _, c := range cs {                    for (RecvChan&lt;Integer&gt; c : cs) {
 *         wg.Go(func() {                          wg.go(() -&gt; {
 *             for n := range c {                    for (int n : c) {
 *                 select {                            int chosen = select()
 *                 case out &lt;- n:                           .send(out, n)
 *                 case &lt;-ctx.Done():                      .recv(ctx.done())
 *                                                             .run();
 *                     return                              if (chosen == DONE) return;
 *                 }
 *             }                                     }
 *         })                                      });
 *     }                                         }
 *     go func() { wg.Wait(); close(out) }()     go(() -&gt; { wg.await(); out.close(); });
 *     return out                                return out;
 * }                                           }
 * func main() {                               static void mainWithContext(PrintStream out) {
 *     ctx, cancel := context.WithCancel(        try (CancelContext ctx =
 *         context.Background())                     Context.background().withCancel()) {
 *     defer cancel()                              // close() is the deferred cancel()
 *     in := gen(ctx, 2, 3)                        RecvChan&lt;Integer&gt; in = gen(ctx, 2, 3);
 *     ...                                         ...
 * }                                           }
 * </pre>
 *
 * <p>What the port shows: a {@code case} body cannot {@code return} from the enclosing function
 * in Java (it is a lambda), so the stages take the index {@link io.go4j.select.Select#run()}
 * returns and return after the select; {@code chan struct{}} that is only ever closed is a {@code
 * Chan<Void>}; Go's {@code defer} is {@code try}/{@code finally}; {@code done} is closed when
 * {@code main} returns, as Go's deferred {@code close(done)} is.
 */
public final class Pipeline implements Sample {
  /** The index of the {@code case <-done} of the stages' selects (the second case added). */
  static final int DONE = 1;

  /** The sample as the launcher runs it. */
  public Pipeline() {}

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String description() {
    return "Go blog pipelines: gen, fan-out to two sq, merge, cancel with done or a context";
  }

  @Override
  public void run(PrintStream out) {
    try (GoRuntime rt = GoRuntime.builder().name("pipeline").build()) {
      rt.main(
          () -> {
            out.print("with a done channel: ");
            mainWithDone(out);
            out.print("with a context: ");
            mainWithContext(out);
          });
    }
  }

  // ------------------------------------------------------------------ with a done channel

  /** gen sends the values in nums on the returned channel, then closes it. */
  static RecvChan<Integer> gen(RecvChan<Void> done, int... nums) {
    Chan<Integer> out = chan(nums.length);
    for (int n : nums) {
      out.send(n); // We ignore done here because these sends cannot block.
    }
    out.close();
    return out;
  }

  /**
   * sq receives values from in, squares them, and sends them on the returned channel, until in or
   * done is closed. Then sq closes the returned channel.
   */
  static RecvChan<Integer> sq(RecvChan<Void> done, RecvChan<Integer> in) {
    Chan<Integer> out = chan();
    go(
        () -> {
          try {
            for (int n : in) {
              int chosen = select().send(out, n * n).recv(done).run();
              if (chosen == DONE) {
                return;
              }
            }
          } finally {
            out.close();
          }
        });
    return out;
  }

  /**
   * merge receives values from each input channel and sends them on the returned channel. merge
   * closes the returned channel after all the input values have been sent or after done is closed.
   */
  @SafeVarargs
  static RecvChan<Integer> merge(RecvChan<Void> done, RecvChan<Integer>... cs) {
    WaitGroup wg = new WaitGroup();
    Chan<Integer> out = chan();

    // Start an output goroutine for each input channel in cs. output copies values from c to out
    // until c or done is closed, then calls wg.done.
    Consumer<RecvChan<Integer>> output =
        c -> {
          try {
            for (int n : c) {
              int chosen = select().send(out, n).recv(done).run();
              if (chosen == DONE) {
                return;
              }
            }
          } finally {
            wg.done();
          }
        };
    wg.add(cs.length);
    for (RecvChan<Integer> c : cs) {
      go(() -> output.accept(c));
    }

    // Start a goroutine to close out once all the output goroutines are done. This must start
    // after the wg.add call.
    go(
        () -> {
          wg.await();
          out.close();
        });
    return out;
  }

  /** The blog's {@code main}: prints the first square (4 or 9), then closes done. */
  static void mainWithDone(PrintStream out) {
    // Set up a done channel that's shared by the whole pipeline, and close that channel when this
    // pipeline exits, as a signal for all the goroutines we started to exit.
    Chan<Void> done = chan();
    try {
      RecvChan<Integer> in = gen(done, 2, 3);

      // Distribute the sq work across two goroutines that both read from in.
      RecvChan<Integer> c1 = sq(done, in);
      RecvChan<Integer> c2 = sq(done, in);

      // Consume the first value from output.
      RecvChan<Integer> sq = merge(done, c1, c2);
      out.println(sq.recv()); // 4 or 9
    } finally {
      done.close(); // done will be closed by the deferred call.
    }
  }

  // ------------------------------------------------------------------ with a context

  /** gen with a context: its sends cannot block, so it does not look at ctx either. */
  static RecvChan<Integer> gen(Context ctx, int... nums) {
    Chan<Integer> out = chan(nums.length);
    for (int n : nums) {
      out.send(n);
    }
    out.close();
    return out;
  }

  /** sq until in is closed or ctx is cancelled. */
  static RecvChan<Integer> sq(Context ctx, RecvChan<Integer> in) {
    Chan<Integer> out = chan();
    go(
        () -> {
          try {
            for (int n : in) {
              int chosen = select().send(out, n * n).recv(ctx.done()).run();
              if (chosen == DONE) {
                return;
              }
            }
          } finally {
            out.close();
          }
        });
    return out;
  }

  /** merge until every input is closed or ctx is cancelled; Go 1.25's {@code wg.Go}. */
  @SafeVarargs
  static RecvChan<Integer> merge(Context ctx, RecvChan<Integer>... cs) {
    WaitGroup wg = new WaitGroup();
    Chan<Integer> out = chan();
    for (RecvChan<Integer> c : cs) {
      wg.go(
          () -> {
            for (int n : c) {
              int chosen = select().send(out, n).recv(ctx.done()).run();
              if (chosen == DONE) {
                return;
              }
            }
          });
    }
    go(
        () -> {
          wg.await();
          out.close();
        });
    return out;
  }

  /** {@code main} with a context: prints the first square, then cancels the context. */
  static void mainWithContext(PrintStream out) {
    try (CancelContext ctx = Context.background().withCancel()) {
      RecvChan<Integer> in = gen(ctx, 2, 3);
      RecvChan<Integer> c1 = sq(ctx, in);
      RecvChan<Integer> c2 = sq(ctx, in);
      RecvChan<Integer> sq = merge(ctx, c1, c2);
      out.println(sq.recv()); // 4 or 9
    }
  }
}
