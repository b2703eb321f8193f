package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code million} sample, run in full; asserts counts and the dump, never timings. */
class MillionTest {
  @Test
  void countsEveryGoroutineAndDumpsTheBlockedOnes() {
    String out = Output.of(new Million()::run);

    assertTrue(out.contains("started and joined 1000000 goroutines"), out);
    assertTrue(out.lines().anyMatch(l -> l.equals("counter = 1000000")), out);
    // the timing line is there; its numbers decide nothing
    assertEquals(
        1,
        Output.matching(out, "elapsed: \\d+ ms, \\d+ ns per goroutine .*GOMAXPROCS=\\d+").size(),
        out);

    // the table of live goroutines: main running, two sleepers, the named waiter
    assertEquals(
        2, Output.matching(out, " +goroutine \\d+ +name=\"\" +state=WAITING +wait=sleep").size(), out);
    assertEquals(
        1,
        Output.matching(out, " +goroutine \\d+ +name=\"waiter\" +state=WAITING +wait=join").size(),
        out);

    // the Go-format dump: the caller first, then one block per goroutine. (Tests share the default
    // runtime: if the deadlock sample ran first in this JVM, its two goroutines are still there.)
    String dump = out.substring(out.indexOf("GoRuntime.getDefault().dump():"));
    List<String> headers = Output.matching(dump, "goroutine \\d+ \\[.*\\]:");
    assertTrue(headers.size() >= 4, dump);
    assertTrue(headers.get(0).matches("goroutine \\d+ \\[running\\]:"), dump);
    assertEquals(1, Output.matching(dump, "goroutine \\d+ \\[running\\]:").size(), dump);
    assertEquals(2, Output.matching(dump, "goroutine \\d+ \\[sleep\\]:").size(), dump);
    assertTrue(Output.matching(dump, "goroutine \\d+ \\[join\\]:").size() >= 1, dump);
    assertEquals(
        3,
        Output.matching(dump, "created by io\\.go4j\\.samples\\.Million\\.dumpBlocked in goroutine \\d+")
            .size(),
        dump);
    assertTrue(dump.contains("io.go4j.samples.Million.lambda$dumpBlocked$"), dump);

    assertTrue(out.contains("all three are done"), out);
  }
}
