package io.go4j.samples;

import static io.go4j.Go.go;
import static io.go4j.Go.sleep;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.testkit.GoTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code tour-goroutines} sample in virtual time: at each 100 ms mark both goroutines print
 * their word, in an order the scheduler picks (sorted here), five times over.
 */
class TourGoroutinesTest {
  @Test
  @GoTest
  void helloAndWorldAreSaidTogetherEvery100msFiveTimes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, UTF_8);
    go(() -> new TourGoroutines().main(out));
    sleep(Duration.ofMillis(50)); // halfway to the first mark
    List<List<String>> marks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // the clock reaches the next halfway point only once both sayers sleep again (or ended)
      sleep(Duration.ofMillis(100));
      marks.add(bytes.toString(UTF_8).lines().sorted().toList());
      bytes.reset();
    }
    assertEquals(Collections.nCopies(5, List.of("hello", "world")), marks);
  }
}
