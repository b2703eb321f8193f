package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code tour-channels} sample under many schedules. */
class TourChannelsTest {
  @Test
  void printsTheTwoSumsInTheOrderTheyArriveThenTheirTotal() {
    assertEquals(
        Set.of(List.of("-5 17 12"), List.of("17 -5 12")),
        Output.underSchedules(new TourChannels()::main, 50));
  }
}
