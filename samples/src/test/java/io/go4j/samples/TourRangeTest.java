package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.testkit.GoTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code tour-range} sample: ten Fibonacci numbers, then the range ends at the close. */
class TourRangeTest {
  @Test
  @GoTest
  void printsTheFirstTenFibonacciNumbers() {
    assertEquals(
        List.of("0", "1", "1", "2", "3", "5", "8", "13", "21", "34"),
        Output.of(new TourRange()::main).lines().toList());
  }
}
