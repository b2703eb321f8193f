package io.go4j.samples;

import static io.go4j.Go.after;
import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.sleep;

import io.go4j.Go;
import io.go4j.channels.Chan;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.GoroutineInfo;
import io.go4j.testkit.LeakOptions;
import io.go4j.testkit.Leaks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Go's classic goroutine leak: a call gives up on a slow backend after a timeout, and the goroutine
 * it started to ask the backend stays blocked forever in {@code chan send}, since nobody will ever
 * receive its answer from the unbuffered channel. The fix is a buffer of one, which lets it send
 * and exit, as the Go blog's "Go Concurrency Patterns: Timing out, moving on"
 * (go.dev/blog/concurrency-timeouts) explains for its timeout goroutine. The leak is found as
 * goleak finds one, with {@link Leaks#find}, which shows the goroutine's dump block: its wait
 * reason and how long it has waited, its stack, and who created it.
 *
 * <pre>
 * func search(query string,                   static String search(String query, int buffer) {
 *         buffer int) string {
 *     ch := make(chan string, buffer)           Chan&lt;String&gt; ch = chan(buffer);
 *     go func() { ch &lt;- backend(query) }()     go(() -&gt; ch.send(backend(query)));
 *     select {                                  return Go.&lt;String&gt;selectValue()
 *     case r := &lt;-ch:                              .recv(ch, r -&gt; r)
 *         return r
 *     case &lt;-time.After(50*time.Millisecond):      .recv(after(TIMEOUT), t -&gt; "timed out")
 *         return "timed out"
 *     }                                             .get();
 * }                                           }
 * func backend(query string) string {         static String backend(String query) {
 *     time.Sleep(100 * time.Millisecond)        sleep(LATENCY);
 *     return "results for " + query             return "results for " + query;
 * }                                           }
 * func attempt(buffer int) {                  static void attempt(PrintStream out, int buffer) {
 *     opts := goleak.IgnoreCurrent()            LeakOptions opts = LeakOptions.defaults()
 *                                                   .ignoreCurrent().timeout(PATIENCE);
 *     fmt.Println(search("gopher", buffer))     out.println(... search("gopher", buffer));
 *     err := goleak.Find(opts)                  List&lt;GoroutineInfo&gt; leaked = Leaks.find(opts);
 *     fmt.Println(err)                          // the count, then each one's dump block
 * }                                           }
 * </pre>
 *
 * <p>The sample runs on a virtual clock (Go's {@code testing/synctest} bubble), so its output is
 * the same every run: the leaked goroutine has waited exactly 950 ms when {@code Leaks.find} gives
 * up after its 1 s of retries. A bubble also requires every goroutine to end with main, so when
 * main returns it reports the leak too, as {@code synctest.Test} does: {@code deadlock: main bubble
 * goroutine has exited but blocked goroutines remain}.
 */
public final class Leak implements Sample {
  /** How long {@link #search} waits for the backend. */
  static final Duration TIMEOUT = Duration.ofMillis(50);

  /** How long the backend takes: longer than {@link #TIMEOUT}. */
  static final Duration LATENCY = Duration.ofMillis(100);

  /** How long {@code Leaks.find} retries before reporting the goroutines still there. */
  static final Duration PATIENCE = Duration.ofSeconds(1);

  /** The sample as the launcher runs it. */
  public Leak() {}

  @Override
  public String name() {
    return "leak";
  }

  @Override
  public String description() {
    return "a goroutine left blocked in chan send after a timeout, found by Leaks.find";
  }

  @Override
  public void run(PrintStream out) {
    try (GoRuntime rt = GoRuntime.builder().name("leak").virtualTime(true).build()) {
      rt.main(() -> main(out));
    } catch (DeadlockException e) {
      String first = e.getMessage().lines().findFirst().orElse("");
      out.println("when main returns, the bubble: " + first);
    }
  }

  /** The leak with an unbuffered channel, then the fix. */
  static void main(PrintStream out) {
    attempt(out, 0);
    attempt(out, 1);
  }

  /** One search with a channel of {@code buffer}, and the goroutines it left behind. */
  static void attempt(PrintStream out, int buffer) {
    LeakOptions opts = LeakOptions.defaults().ignoreCurrent().timeout(PATIENCE);
    out.println("search with a buffer of " + buffer + ": " + search("gopher", buffer));
    List<GoroutineInfo> leaked = Leaks.find(opts);
    out.println("leaked goroutines: " + leaked.size());
    for (GoroutineInfo g : leaked) {
      out.print(g.dumpWithAge());
    }
  }

  /** Asks the backend in a goroutine of its own, and gives up after {@link #TIMEOUT}. */
  static String search(String query, int buffer) {
    Chan<String> ch = chan(buffer);
    go(() -> ch.send(backend(query)));
    return Go.<String>selectValue().recv(ch, r -> r).recv(after(TIMEOUT), t -> "timed out").get();
  }

  private static String backend(String query) {
    sleep(LATENCY);
    return "results for " + query;
  }
}
