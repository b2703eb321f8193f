package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.testkit.GoTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code ratelimit} sample on a virtual clock (a {@code @GoTest} bubble), where its times are
 * exact: one request per 200 ms, then a burst of three and one per 200 ms again. The bubble also
 * fails the test if the refilling goroutine or a ticker is left behind.
 */
class RateLimitTest {
  @Test
  @GoTest
  void servesOnePerTickThenABurstOfThree() {
    String out = Output.of(RateLimit::main);
    assertEquals(
        List.of(
            "request 1 200ms",
            "request 2 400ms",
            "request 3 600ms",
            "request 4 800ms",
            "request 5 1000ms",
            "request 1 1000ms",
            "request 2 1000ms",
            "request 3 1000ms",
            "request 4 1200ms",
            "request 5 1400ms"),
        out.lines().toList());
  }
}
