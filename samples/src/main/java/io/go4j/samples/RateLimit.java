package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.now;
import static io.go4j.Go.select;
import static io.go4j.Go.since;
import static io.go4j.Go.ticker;

import io.go4j.channels.Chan;
import io.go4j.channels.Ticker;
import io.go4j.runtime.GoRuntime;
import io.go4j.select.Select;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Go by Example's "Rate Limiting" (gobyexample.com/rate-limiting), line by line: five queued
 * requests served one per 200 ms tick, then five more through a bursty limiter, a channel of 3
 * tokens that starts full and that a ticker goroutine refills one token per 200 ms.
 *
 * <pre>
 * requests := make(chan int, 5)               Chan&lt;Integer&gt; requests = chan(5);
 * for i := 1; i &lt;= 5; i++ {                  for (int i = 1; i &lt;= 5; i++) {
 *     requests &lt;- i                             requests.send(i);
 * }                                           }
 * close(requests)                             requests.close();
 * limiter := time.Tick(200 * time.Millisecond) Ticker limiter = ticker(PERIOD);
 * for req := range requests {                 for (int req : requests) {
 *     &lt;-limiter                                 limiter.c().recv();
 *     fmt.Println("request", req, time.Now())   out.println("request " + req + " " + elapsed(start));
 * }                                           }
 *                                             limiter.stop();
 * burstyLimiter := make(chan time.Time, 3)    Chan&lt;Instant&gt; burstyLimiter = chan(3);
 * for i := 0; i &lt; 3; i++ {                   for (int i = 0; i &lt; 3; i++) {
 *     burstyLimiter &lt;- time.Now()              burstyLimiter.send(now());
 * }                                           }
 * done := make(chan struct{})                 Chan&lt;Void&gt; done = chan();
 * go func() {                                 go(() -&gt; {
 *     ticker := time.NewTicker(                 Ticker refill = ticker(PERIOD);
 *         200 * time.Millisecond)
 *     defer ticker.Stop()                       try { // finally: refill.stop()
 *     for {                                       Select tickOrDone = select()
 *         select {
 *         case t := &lt;-ticker.C:                      .recv(refill.c(), t -&gt;
 *             burstyLimiter &lt;- t                          burstyLimiter.send(t))
 *         case &lt;-done:                                .recv(done);
 *             return                              while (tickOrDone.run() == TICK) {}
 *         }
 *     }                                           } finally { refill.stop(); }
 * }()                                         });
 * burstyRequests := make(chan int, 5)         Chan&lt;Integer&gt; burstyRequests = chan(5);
 * for i := 1; i &lt;= 5; i++ {                  for (int i = 1; i &lt;= 5; i++) {
 *     burstyRequests &lt;- i                       burstyRequests.send(i);
 * }                                           }
 * close(burstyRequests)                       burstyRequests.close();
 * for req := range burstyRequests {           for (int req : burstyRequests) {
 *     &lt;-burstyLimiter                          burstyLimiter.recv();
 *     fmt.Println("request", req, time.Now())   out.println("request " + req + " " + elapsed(start));
 * }                                           }
 * close(done)                                 done.close();
 * </pre>
 *
 * <p>Two departures from Go by Example. Its refilling goroutine ranges over {@code time.Tick}
 * forever, which is fine in a program that exits next; here it stops on {@code done}, as a Go
 * library would have it, because go4j's runtimes outlive the sample (and a test's virtual-time
 * bubble fails on a goroutine left behind). And it prints {@code time.Now()}; this prints the time
 * since the start, in milliseconds, which is the same every run on a virtual clock: 200 to 1000 ms,
 * then three requests at once at 1000 ms and two more at 1200 and 1400 ms.
 */
public final class RateLimit implements Sample {
  /** The limiters' period. */
  static final Duration PERIOD = Duration.ofMillis(200);

  /** The refilling goroutine's select case that received a tick (the other one is {@code done}). */
  private static final int TICK = 0;

  /** The sample as the launcher runs it. */
  public RateLimit() {}

  @Override
  public String name() {
    return "ratelimit";
  }

  @Override
  public String description() {
    return "Go by Example's rate limiting: a ticker paces requests; a token channel allows bursts";
  }

  @Override
  public void run(PrintStream out) {
    try (GoRuntime rt = GoRuntime.builder().name("ratelimit").build()) {
      rt.main(() -> main(out));
    }
  }

  /** Go's {@code main}, on the runtime clock of the calling goroutine's runtime. */
  static void main(PrintStream out) {
    Instant start = now();

    Chan<Integer> requests = chan(5);
    for (int i = 1; i <= 5; i++) {
      requests.send(i);
    }
    requests.close();
    Ticker limiter = ticker(PERIOD);
    for (int req : requests) {
      limiter.c().recv();
      out.println("request " + req + " " + elapsed(start));
    }
    limiter.stop();

    Chan<Instant> burstyLimiter = chan(3);
    for (int i = 0; i < 3; i++) {
      burstyLimiter.send(now());
    }
    Chan<Void> done = chan();
    go(
        () -> {
          Ticker refill = ticker(PERIOD);
          try {
            Select tickOrDone =
                select().recv(refill.c(), t -> burstyLimiter.send(t)).recv(done);
            while (tickOrDone.run() == TICK) {
              // one more token
            }
          } finally {
            refill.stop();
          }
        });
    Chan<Integer> burstyRequests = chan(5);
    for (int i = 1; i <= 5; i++) {
      burstyRequests.send(i);
    }
    burstyRequests.close();
    for (int req : burstyRequests) {
      burstyLimiter.recv();
      out.println("request " + req + " " + elapsed(start));
    }
    done.close();
  }

  /** Go's {@code time.Since(start)}, printed in whole milliseconds: {@code 1200ms}. */
  private static String elapsed(Instant start) {
    return since(start).toMillis() + "ms";
  }
}
