package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@code tour-default} sample in virtual time, under many schedules: the output is Go's to the
 * line; only at 500 ms, when the fifth tick and the boom are both ready, does select choose.
 */
class TourDefaultTest {
  @Test
  void printsTwoDotsPerTickUntilTheBoom() {
    List<String> fourTicks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fourTicks.addAll(List.of("    .", "    .", "tick.")); // dots 50 ms apart, the tick at 100
    }
    fourTicks.addAll(List.of("    .", "    .")); // 400 and 450 ms
    List<String> fifthTickFirst = new ArrayList<>(fourTicks);
    fifthTickFirst.addAll(List.of("tick.", "BOOM!"));
    List<String> boomFirst = new ArrayList<>(fourTicks);
    boomFirst.add("BOOM!");

    assertEquals(
        Set.of(fifthTickFirst, boomFirst), Output.underSchedules(new TourDefault()::main, 50));
  }
}
