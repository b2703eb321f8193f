package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import org.junit.jupiter.api.Test;

class SysmonPaceTest {
  private static volatile boolean stop;

  /**
   * Go's retake counts handoffs only: a runtime whose goroutines are merely asked to yield every
   * 10 ms lets sysmon back off to its 10 ms pace, rather than watching every 20 us (a tenth of a
   * core) for as long as they run.
   */
  @Test
  void preemptionRequestsAloneLetSysmonBackOff() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            Sysmon sysmon = Sched.current().sched.sysmon;
            stop = false;
            Goroutine busy =
                rt.go(
                    () -> {
                      while (!stop) {
                        GoRuntime.checkpoint(); // yields when asked: never handed off
                      }
                    });
            // each gosched queues main behind the busy goroutine, which sysmon asks to yield
            // after 10 ms: one preemption request per turn, and nothing handed off
            waitForPreemptions(rt, 3); // by then sysmon has backed off once (~20 ms)
            long from = sysmon.rounds();
            waitForPreemptions(rt, 8);
            long rounds = sysmon.rounds() - from;
            stop = true;
            busy.join();
            assertTrue(
                rounds <= 5 * 20,
                rounds + " sysmon rounds over 5 preemption requests, " + rt.stats());
          });
    }
  }

  private static void waitForPreemptions(GoRuntime rt, long n) {
    while (rt.stats().preemptions() < n) {
      GoRuntime.gosched();
    }
  }
}
