package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code leak} sample, on its virtual clock: with an unbuffered channel the search's goroutine
 * is reported blocked in {@code chan send} for exactly 950 ms, with its stack and its creator; with
 * a buffer of one nothing is left; and the bubble reports the first leak again when main returns.
 */
class LeakTest {
  @Test
  void reportsTheGoroutineLeftInChanSendAndNoneWithABuffer() {
    List<String> lines = Output.of(new Leak()::run).lines().toList();
    String out = String.join("\n", lines);

    assertEquals("search with a buffer of 0: timed out", lines.get(0), out);
    assertEquals("leaked goroutines: 1", lines.get(1), out);
    assertTrue(lines.get(2).matches("goroutine \\d+ \\[chan send, 950ms\\]:"), out);
    int created = lines.indexOf("created by io.go4j.samples.Leak.search in goroutine 1");
    assertTrue(created > 2, out);
    // the stack: the goroutine's send in search's lambda, under go4j's channel frames
    List<String> stack = lines.subList(3, created);
    String frame = "io\\.go4j\\.samples\\.Leak\\.lambda\\$search\\$\\d+\\(Leak\\.java:\\d+\\)";
    assertTrue(stack.stream().anyMatch(l -> l.matches(frame)), out);
    assertEquals(
        List.of(
            "search with a buffer of 1: timed out",
            "leaked goroutines: 0",
            "when main returns, the bubble: deadlock: main bubble goroutine has exited but"
                + " blocked goroutines remain"),
        lines.subList(created + 1, lines.size()),
        out);
  }
}
