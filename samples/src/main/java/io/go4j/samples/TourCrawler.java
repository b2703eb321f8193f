package io.go4j.samples;

import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Tour of Go, concurrency 10 (go.dev/tour/concurrency/10): the web crawler exercise, solved, line
 * by line: URLs are fetched in parallel, each once, with a {@code sync.Mutex} over the URLs seen
 * and a {@code sync.WaitGroup} for the crawlers. The {@code Fetcher} interface, the fake fetcher
 * and its pages are the Tour's. The Tour's {@code Crawl} prints as it goes, which in parallel
 * would print in the scheduler's order, so this one keeps what it found and {@code main} prints it
 * in URL order.
 *
 * <pre>
 * type Fetcher interface {                       interface Fetcher {
 *     // Fetch returns the body of URL and         // The body of url and the URLs found on it.
 *     // a slice of URLs found on that page.
 *     Fetch(url string) (body string,              Page fetch(String url) throws IOException;
 *         urls []string, err error)
 * }                                              }
 * // visited holds the URLs crawled and          // The URLs crawled and what each gave:
 * // what each gave: safe to use concurrently.   // safe to use concurrently.
 * type visited struct {                          private static final class Visited {
 *     mu    sync.Mutex                             private final Mutex mu = new Mutex();
 *     found map[string]string                      private final SortedMap&lt;String, String&gt; found =
 *                                                      new TreeMap&lt;&gt;();
 * }
 * // claim reports whether url is new,
 * // and marks it crawled.
 * func (v *visited) claim(url string) bool {       boolean claim(String url) {
 *     v.mu.Lock()                                    mu.lock();
 *     defer v.mu.Unlock()                            try {
 *     if _, ok := v.found[url]; ok {                   return found.putIfAbsent(url, "") == null;
 *         return false
 *     }
 *     v.found[url] = ""
 *     return true
 * }                                                  } finally { mu.unlock(); }
 *                                                  }
 * func (v *visited) set(url, result string) {      void set(String url, String result) {
 *     v.mu.Lock()                                    mu.lock();
 *     v.found[url] = result                          found.put(url, result);
 *     v.mu.Unlock()                                  mu.unlock();
 * }                                                }
 *                                                }
 * // crawl crawls pages in parallel from url,    // What crawling from url, to a depth, found:
 * // to a maximum of depth; it returns what      // a line for each URL, in URL order.
 * // it found, by URL.
 * func crawl(url string, depth int,              static SortedMap&lt;String, String&gt; crawl(String url,
 *         fetcher Fetcher) map[string]string {           int depth, Fetcher fetcher) {
 *     v := &amp;visited{found: map[string]string{}}    Visited v = new Visited();
 *     var wg sync.WaitGroup                        WaitGroup wg = new WaitGroup();
 *     wg.Go(func() {                               wg.go(() -&gt;
 *         Crawl(url, depth, fetcher, v, &amp;wg)           crawl(url, depth, fetcher, v, wg));
 *     })
 *     wg.Wait()                                    wg.await();
 *     return v.found                               return v.found;
 * }                                              }
 * func Crawl(url string, depth int,              static void crawl(String url, int depth,
 *         fetcher Fetcher, v *visited,                   Fetcher fetcher, Visited v,
 *         wg *sync.WaitGroup) {                          WaitGroup wg) {
 *     if depth &lt;= 0 || !v.claim(url) {             if (depth &lt;= 0 || !v.claim(url)) {
 *         return                                     return;
 *     }                                            }
 *     body, urls, err := fetcher.Fetch(url)        Page p;
 *                                                  try {
 *                                                    p = fetcher.fetch(url);
 *     if err != nil {                              } catch (IOException err) {
 *         v.set(url, err.Error())                    v.set(url, err.getMessage());
 *         return                                     return;
 *     }                                            }
 *     v.set(url, fmt.Sprintf("found: %s %q",       v.set(url, String.format(
 *         url, body))                                  "found: %s \"%s\"", url, p.body()));
 *     for _, u := range urls {                     for (String u : p.urls()) {
 *         wg.Go(func() {                             wg.go(() -&gt;
 *             Crawl(u, depth-1, fetcher, v, wg)          crawl(u, depth - 1, fetcher, v, wg));
 *         })
 *     }                                            }
 * }                                              }
 * func main() {                                  void main(PrintStream out) {
 *     found := crawl("https://golang.org/",        crawl("https://golang.org/", 4, FETCHER)
 *         4, fetcher)
 *     for _, url := range slices.Sorted(               .values()
 *             maps.Keys(found)) {
 *         fmt.Println(found[url])                      .forEach(out::println);
 *     }
 * }                                              }
 * </pre>
 *
 * <p>The fake fetcher, as in the Tour:
 *
 * <pre>
 * type fakeFetcher map[string]*fakeResult     record FakeFetcher(Map&lt;String, Page&gt; pages)
 *                                                 implements Fetcher {
 * type fakeResult struct {                      record Page(String body, List&lt;String&gt; urls) {}
 *     body string
 *     urls []string
 * }
 * func (f fakeFetcher) Fetch(url string)        public Page fetch(String url)
 *         (string, []string, error) {               throws IOException {
 *     if res, ok := f[url]; ok {                  Page res = pages.get(url);
 *         return res.body, res.urls, nil          if (res == null) {
 *     }                                             throw new IOException("not found: " + url);
 *     return "", nil,                             }
 *         fmt.Errorf("not found: %s", url)        return res;
 * }                                             }
 *                                             }
 * // fetcher is a populated fakeFetcher.
 * var fetcher = fakeFetcher{                  static final Fetcher FETCHER = new FakeFetcher(Map.of(
 *     "https://golang.org/": &amp;fakeResult{         "https://golang.org/", new Page(
 *         "The Go Programming Language",              "The Go Programming Language",
 *         []string{                                   List.of(
 *             "https://golang.org/pkg/",                  "https://golang.org/pkg/",
 *             "https://golang.org/cmd/",                  "https://golang.org/cmd/")),
 *         },
 *     },
 *     ...                                         ...));
 * }
 * </pre>
 */
public final class TourCrawler extends TourProgram {
  /** Go's {@code fetcher}: a populated {@link FakeFetcher}, the Tour's four pages. */
  static final Fetcher FETCHER =
      new FakeFetcher(
          Map.of(
              "https://golang.org/",
              new Page(
                  "The Go Programming Language",
                  List.of("https://golang.org/pkg/", "https://golang.org/cmd/")),
              "https://golang.org/pkg/",
              new Page(
                  "Packages",
                  List.of(
                      "https://golang.org/",
                      "https://golang.org/cmd/",
                      "https://golang.org/pkg/fmt/",
                      "https://golang.org/pkg/os/")),
              "https://golang.org/pkg/fmt/",
              new Page("Package fmt", List.of("https://golang.org/", "https://golang.org/pkg/")),
              "https://golang.org/pkg/os/",
              new Page("Package os", List.of("https://golang.org/", "https://golang.org/pkg/"))));

  /** A page's body and the URLs found on it: Go's {@code fakeResult}, and what a fetch returns. */
  record Page(String body, List<String> urls) {}

  /** Go's {@code Fetcher}. */
  @FunctionalInterface
  interface Fetcher {
    /** The body of {@code url} and the URLs found on it. */
    Page fetch(String url) throws IOException;
  }

  /** Go's {@code fakeFetcher}: a {@link Fetcher} that returns canned results. */
  record FakeFetcher(Map<String, Page> pages) implements Fetcher {
    @Override
    public Page fetch(String url) throws IOException {
      Page res = pages.get(url);
      if (res == null) {
        throw new IOException("not found: " + url);
      }
      return res;
    }
  }

  /** The URLs crawled and what each gave: safe to use concurrently. */
  private static final class Visited {
    private final Mutex mu = new Mutex();
    private final SortedMap<String, String> found = new TreeMap<>();

    /** Whether {@code url} is new; marks it crawled. */
    boolean claim(String url) {
      mu.lock();
      try {
        return found.putIfAbsent(url, "") == null;
      } finally {
        mu.unlock();
      }
    }

    void set(String url, String result) {
      mu.lock();
      found.put(url, result);
      mu.unlock();
    }
  }

  /** The sample as the launcher runs it. */
  public TourCrawler() {
    super("crawler", "Tour 10: a web crawler on a fake fetcher, fetching in parallel, each URL once");
  }

  @Override
  void main(PrintStream out) {
    crawl("https://golang.org/", 4, FETCHER).values().forEach(out::println);
  }

  /**
   * What crawling in parallel from {@code url}, to a maximum of {@code depth}, found: for each URL,
   * {@code found: <url> "<body>"} or the fetcher's error, in URL order.
   */
  static SortedMap<String, String> crawl(String url, int depth, Fetcher fetcher) {
    Visited v = new Visited();
    WaitGroup wg = new WaitGroup();
    wg.go(() -> crawl(url, depth, fetcher, v, wg));
    wg.await();
    return v.found;
  }

  private static void crawl(String url, int depth, Fetcher fetcher, Visited v, WaitGroup wg) {
    if (depth <= 0 || !v.claim(url)) {
      return;
    }
    Page p;
    try {
      p = fetcher.fetch(url);
    } catch (IOException err) {
      v.set(url, err.getMessage());
      return;
    }
    v.set(url, String.format("found: %s \"%s\"", url, p.body()));
    for (String u : p.urls()) {
      wg.go(() -> crawl(u, depth - 1, fetcher, v, wg));
    }
  }
}
