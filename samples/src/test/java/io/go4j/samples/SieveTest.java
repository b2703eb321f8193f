package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code sieve} sample prints Go's output: the first ten primes. */
class SieveTest {
  @Test
  void printsTheFirstTenPrimes() {
    String out = Output.of(new Sieve()::run);
    assertEquals(
        List.of(
            "2", "3", "5", "7", "11", "13", "17", "19", "23", "29",
            "goroutines still blocked sending, as in Go: 11"),
        out.lines().toList());
  }
}
