package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@code tour-select} sample under many schedules: its select never has two ready cases, so
 * the output is always the same.
 */
class TourSelectTest {
  @Test
  void printsTenFibonacciNumbersThenQuitWhateverTheSchedule() {
    assertEquals(
        Set.of(List.of("0", "1", "1", "2", "3", "5", "8", "13", "21", "34", "quit")),
        Output.underSchedules(new TourSelect()::main, 50));
  }
}
