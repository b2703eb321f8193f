package io.go4j.samples;

import static io.go4j.Go.go;
import static io.go4j.Go.sleep;

import io.go4j.sync.Mutex;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Tour of Go, concurrency 9 (go.dev/tour/concurrency/9): sync.Mutex, line by line.
 *
 * <pre>
 * // SafeCounter is safe to use concurrently.    // Safe to use concurrently.
 * type SafeCounter struct {                      static final class SafeCounter {
 *     mu sync.Mutex                                private final Mutex mu = new Mutex();
 *     v  map[string]int                            private final Map&lt;String, Integer&gt; v =
 *                                                      new HashMap&lt;&gt;();
 * }
 * // Inc increments the counter for the given key.
 * func (c *SafeCounter) Inc(key string) {          void inc(String key) {
 *     c.mu.Lock()                                    mu.lock();
 *     // Lock so only one goroutine at a time        // Lock so only one goroutine at a time
 *     // can access the map c.v.                     // can access the map v.
 *     c.v[key]++                                     v.merge(key, 1, Integer::sum);
 *     c.mu.Unlock()                                  mu.unlock();
 * }                                                }
 * // Value returns the current value of the
 * // counter for the given key.
 * func (c *SafeCounter) Value(key string) int {    int value(String key) {
 *     c.mu.Lock()                                    mu.lock();
 *     // Lock so only one goroutine at a time        // Lock so only one goroutine at a time
 *     // can access the map c.v.                     // can access the map v.
 *     defer c.mu.Unlock()                            try {
 *     return c.v[key]                                  return v.getOrDefault(key, 0);
 *                                                    } finally {
 *                                                      mu.unlock();
 *                                                    }
 * }                                                }
 *                                                }
 * func main() {                                  void main(PrintStream out) {
 *     c := SafeCounter{v: make(map[string]int)}    SafeCounter c = new SafeCounter();
 *     for i := 0; i &lt; 1000; i++ {                  for (int i = 0; i &lt; 1000; i++) {
 *         go c.Inc("somekey")                        go(() -&gt; c.inc("somekey"));
 *     }                                            }
 *     time.Sleep(time.Second)                      sleep(Duration.ofSeconds(1));
 *     fmt.Println(c.Value("somekey"))              out.println(c.value("somekey"));
 * }                                              }
 * </pre>
 *
 * <p>{@code main} waits a second and hopes that the thousand goroutines are done by then, as the
 * Tour does; a {@code sync.WaitGroup} would know. In the testkit's virtual time the second passes
 * only once every goroutine has finished or is blocked, so it always prints 1000.
 */
public final class TourMutex extends TourProgram {
  /** The sample as the launcher runs it. */
  public TourMutex() {
    super("mutex", "Tour 9: a SafeCounter, a map under a sync.Mutex, 1000 goroutines increment it");
  }

  @Override
  void main(PrintStream out) {
    SafeCounter c = new SafeCounter();
    for (int i = 0; i < 1000; i++) {
      go(() -> c.inc("somekey"));
    }
    sleep(Duration.ofSeconds(1));
    out.println(c.value("somekey"));
  }

  /** Safe to use concurrently. */
  static final class SafeCounter {
    private final Mutex mu = new Mutex();
    private final Map<String, Integer> v = new HashMap<>();

    /** Increments the counter for {@code key}. */
    void inc(String key) {
      mu.lock();
      // Lock so only one goroutine at a time can access the map v.
      v.merge(key, 1, Integer::sum);
      mu.unlock();
    }

    /** The current value of the counter for {@code key}. */
    int value(String key) {
      mu.lock();
      // Lock so only one goroutine at a time can access the map v.
      try {
        return v.getOrDefault(key, 0);
      } finally {
        mu.unlock();
      }
    }
  }
}
