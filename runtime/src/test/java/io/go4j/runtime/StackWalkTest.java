package io.go4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.spi.Park;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Taking the stack of a queued goroutine makes the JDK submit its virtual thread a second time
 * ({@code VirtualThread.tryGetStackTrace}); the scheduler keeps one queue entry, so the goroutine
 * neither runs twice nor shows RUNNING once it parks again, and deadlock detection still sees it.
 */
@Timeout(60)
class StackWalkTest {
  private static volatile boolean readied;

  @Test
  void aStackTakenWhileQueuedDoesNotHideADeadlock() {
    AtomicInteger runsAfterReady = new AtomicInteger();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      DeadlockException e =
          assertThrows(
              DeadlockException.class,
              () ->
                  rt.main(
                      () -> {
                        readied = false;
                        Goroutine b =
                            rt.go(
                                () -> {
                                  while (!readied) {
                                    Park.park("chan receive");
                                  }
                                  runsAfterReady.incrementAndGet();
                                  Park.park("select (no cases)"); // forever
                                });
                        GoRuntime.gosched(); // b runs and parks
                        readied = true;
                        Park.ready(b); // b queued (runnext), not yet run: one P
                        assertTrue(b.stackTrace().length > 0); // the JDK resubmits b
                        Park.park("chan send"); // forever: b runs, parks; all asleep
                      }));
      assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"));
      assertTrue(e.getMessage().contains("[select (no cases)]"), e.getMessage());
    }
    assertEquals(1, runsAfterReady.get());
  }
}
