package io.go4j.testkit;

import static io.go4j.Go.checkpoint;
import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Test;

class ExplorerTest {
  /** Two goroutines increment a counter with a preemption point between read and write. */
  private static void lostUpdate() {
    int[] counter = {0};
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < 2; i++) {
      wg.go(
          () -> {
            int v = counter[0];
            checkpoint();
            counter[0] = v + 1;
          });
    }
    wg.await();
    if (counter[0] != 2) {
      throw new AssertionError("lost update: counter is " + counter[0]);
    }
  }

  @Test
  void findsAndShrinksALostUpdate() {
    ScheduleFailure f =
        assertThrows(ScheduleFailure.class, () -> Explorer.explore(ExplorerTest::lostUpdate));
    System.out.println(f.getMessage());
    assertEquals("lost update: counter is 1", f.getCause().getMessage());
    assertEquals(1, f.trace().preemptions());
    // the replay line reproduces it
    ScheduleFailure again =
        assertThrows(ScheduleFailure.class, () -> GoTestKit.run(f.schedule(), ExplorerTest::lostUpdate));
    assertEquals(f.trace(), again.trace());
    assertTrue(f.getMessage().contains("replay: " + f.schedule()), f.getMessage());
  }
}
