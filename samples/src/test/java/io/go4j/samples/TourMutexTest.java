package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.testkit.GoTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code tour-mutex} sample in virtual time, where {@code main}'s one-second sleep ends only
 * once the thousand goroutines are done: no lost increment.
 */
class TourMutexTest {
  @Test
  @GoTest
  void aThousandIncrementsCountAThousand() {
    assertEquals(List.of("1000"), Output.of(new TourMutex()::main).lines().toList());
  }
}
