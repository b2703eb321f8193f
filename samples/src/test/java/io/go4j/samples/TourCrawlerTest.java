package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.samples.TourCrawler.Fetcher;
import io.go4j.sync.WaitGroup;
import io.go4j.testkit.GoTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The {@code tour-crawler} sample: what it prints, each URL fetched once however many pages link
 * to it, fetches in parallel, and the depth limit. Each test is a bubble: a sequential crawler
 * deadlocks in {@link #fetchesInParallel}, and no crawler may be left running.
 */
class TourCrawlerTest {
  private static final String ROOT = "https://golang.org/";

  @Test
  @GoTest
  void printsWhatItFoundInUrlOrder() {
    assertEquals(
        List.of(
            "found: https://golang.org/ \"The Go Programming Language\"",
            "not found: https://golang.org/cmd/",
            "found: https://golang.org/pkg/ \"Packages\"",
            "found: https://golang.org/pkg/fmt/ \"Package fmt\"",
            "found: https://golang.org/pkg/os/ \"Package os\""),
        Output.of(new TourCrawler()::main).lines().toList());
  }

  @Test
  @GoTest
  void fetchesEachUrlOnce() {
    Map<String, Integer> fetches = new ConcurrentHashMap<>();
    Fetcher counting =
        url -> {
          fetches.merge(url, 1, Integer::sum);
          return TourCrawler.FETCHER.fetch(url);
        };

    TourCrawler.crawl(ROOT, 4, counting);

    assertEquals(
        Map.of(
            "https://golang.org/", 1,
            "https://golang.org/cmd/", 1,
            "https://golang.org/pkg/", 1,
            "https://golang.org/pkg/fmt/", 1,
            "https://golang.org/pkg/os/", 1),
        fetches);
  }

  @Test
  @GoTest
  void fetchesInParallel() {
    // the root's two links must be fetched at the same time: each fetch waits for the other
    WaitGroup both = new WaitGroup();
    both.add(2);
    Fetcher rendezvous =
        url -> {
          if (url.equals("https://golang.org/pkg/") || url.equals("https://golang.org/cmd/")) {
            both.done();
            both.await();
          }
          return TourCrawler.FETCHER.fetch(url);
        };

    assertEquals(5, TourCrawler.crawl(ROOT, 4, rendezvous).size());
  }

  @Test
  @GoTest
  void stopsAtTheDepth() {
    assertEquals(Set.of(), TourCrawler.crawl(ROOT, 0, TourCrawler.FETCHER).keySet());
    assertEquals(Set.of(ROOT), TourCrawler.crawl(ROOT, 1, TourCrawler.FETCHER).keySet());
    assertEquals(
        Set.of(ROOT, "https://golang.org/pkg/", "https://golang.org/cmd/"),
        TourCrawler.crawl(ROOT, 2, TourCrawler.FETCHER).keySet());
  }
}
