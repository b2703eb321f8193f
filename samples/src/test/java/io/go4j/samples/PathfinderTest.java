package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code pathfinder} sample: with a plain {@code Mutex} the bus task gets the bus only after
 * every comms task finished and the watchdog resets the system; with a {@code PiMutex} the boosted
 * meteo task unlocks first and the deadline is met. Orders of events, never durations.
 */
@Timeout(120)
class PathfinderTest {
  private static final String BOOST =
      "  4  director REALTIME LOW task runs at HIGH \\(base LOW, boosted by goroutine \\d+ waiting"
          + " for PiMutex@[0-9a-f]+\\)";

  @Test
  void aPlainMutexMissesTheDeadlineAndAPiMutexMeetsIt() {
    List<String> lines = Output.of(new Pathfinder()::run).lines().toList();
    assertEquals(
        List.of(
            "GOMAXPROCS=1; meteo LOW, comms-1..3 NORMAL (40 work units each), bus HIGH;",
            "watchdog: bus management must get the bus before comms has done 40 work units",
            "",
            "run 1: the bus mutex is an io.go4j.sync.Mutex (no priority inheritance)",
            "  1  meteo    LOW      locks the bus mutex",
            "  2  director REALTIME starts bus management; it blocks on the bus mutex",
            "  3  director REALTIME comms-1..3 are ready to run (NORMAL)",
            "  4  director REALTIME LOW task runs at LOW (base LOW, not boosted)",
            "  5  watchdog          deadline passed, bus management has not run: SYSTEM RESET",
            "  6  comms    NORMAL   the first comms task finished",
            "  7  comms    NORMAL   all 3 comms tasks finished (comms work units: 120)",
            "  8  meteo    LOW      data written at priority LOW, unlocks the bus (comms work units"
                + " so far: 120)",
            "  9  bus      HIGH     gets the bus mutex after 120 comms work units",
            "verdict: deadline missed, bus management got the bus after 120 comms work units"
                + " (deadline 40): system reset",
            "",
            "run 2: the bus mutex is an io.go4j.sync.PiMutex (priority inheritance)",
            "  1  meteo    LOW      locks the bus mutex",
            "  2  director REALTIME starts bus management; it blocks on the bus mutex",
            "  3  director REALTIME comms-1..3 are ready to run (NORMAL)",
            "BOOST",
            "  5  meteo    LOW      data written at priority HIGH, unlocks the bus (comms work"
                + " units so far: 0)",
            "  6  bus      HIGH     gets the bus mutex after 0 comms work units",
            "  7  comms    NORMAL   the first comms task finished",
            "  8  comms    NORMAL   all 3 comms tasks finished (comms work units: 120)",
            "verdict: deadline met, bus management got the bus after 0 comms work units"
                + " (deadline 40)"),
        lines.stream().map(l -> l.matches(BOOST) ? "BOOST" : l).toList());
  }

  @Test
  void isListedByTheLauncher() {
    assertTrue(Samples.ALL.stream().anyMatch(s -> s instanceof Pathfinder));
  }
}
