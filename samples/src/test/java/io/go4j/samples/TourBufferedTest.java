package io.go4j.samples;

import static io.go4j.Go.chan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.runtime.DeadlockException;
import io.go4j.testkit.GoTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code tour-buffered} sample, and the Tour's question: what if the buffer overfills? */
class TourBufferedTest {
  @Test
  @GoTest
  void printsOneThenTwo() {
    assertEquals(List.of("1", "2"), Output.of(new TourBuffered()::main).lines().toList());
  }

  @Test
  void aThirdSendWithNoReceiverIsADeadlock() {
    DeadlockException e =
        assertThrows(
            DeadlockException.class,
            () ->
                InRuntime.main(
                    () -> {
                      Chan<Integer> ch = chan(2);
                      ch.send(1);
                      ch.send(2);
                      ch.send(3);
                      return null;
                    }));
    assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
    assertTrue(e.getMessage().contains("[chan send]"), e.getMessage());
  }
}
