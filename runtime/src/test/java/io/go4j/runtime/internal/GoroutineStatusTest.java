package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.runtime.GoroutineState;
import org.junit.jupiter.api.Test;

/**
 * A goroutine's status when a run-queue entry outlives the run it was queued for: a priority
 * boost's second entry, or the JDK's resubmission after a stack walk of a queued goroutine that
 * an M ran from its first entry meanwhile. The M taking such an entry mounts a thread the JDK
 * then finds parked or ended and does not run.
 */
class GoroutineStatusTest {
  @Test
  void anEntryThatOutlivedItsRunLeavesAParkedOrEndedGoroutineAsItIs() {
    Sched sched = TestScheds.oneP("status-test");
    try {
      M m = new M(sched, 0);
      G g = TestScheds.g(sched, 1);
      g.mounting(m);
      assertEquals(GoroutineState.RUNNING, g.gstatus(), "a queued goroutine, run");

      g.parking("chan receive", 0);
      g.mounting(m); // the outlived entry
      assertEquals(GoroutineState.WAITING, g.gstatus(), "parked, as it is");
      assertEquals("chan receive", g.waitReason());

      g.setStatus(GoroutineState.DEAD);
      g.mounting(m);
      assertEquals(GoroutineState.DEAD, g.gstatus(), "ended, as it is");
    } finally {
      sched.close();
    }
  }
}
