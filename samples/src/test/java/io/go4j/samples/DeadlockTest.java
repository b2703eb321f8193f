package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The {@code deadlock} sample: Go.main fails with Go's message and the dump; the sample returns. */
class DeadlockTest {
  @Test
  void reportsTheDeadlockWithTheDump() {
    String out = Output.of(new Deadlock()::run);

    assertTrue(out.contains("Go.main threw DeadlockException"), out);
    assertEquals(1, Output.matching(out, "all goroutines are asleep - deadlock!").size(), out);
    // main and its partner, each waiting for the other
    assertEquals(2, Output.matching(out, "goroutine \\d+ \\[join\\]:").size(), out);
    assertEquals(
        1,
        Output.matching(out, "created by io\\.go4j\\.samples\\.Deadlock\\.lambda\\$run\\$\\d+ in goroutine \\d+")
            .size(),
        out);
    assertFalse(out.contains("unreachable"), out);
    assertFalse(out.contains("returned normally"), out);
  }
}
