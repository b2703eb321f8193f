package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.spi.Park;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether a goroutine about to wait spins for its last waker ({@link Park#spinUntil}) or parks at
 * once. The condition is always true, so the answer says only whether it chose to spin.
 */
class SpinDecisionTest {
  private static volatile boolean peerReadied;
  private static volatile boolean releasePeer;
  private static volatile boolean queuedRan;

  /**
   * The waiter runs on one carrier, its last waker runs on the other, and a goroutine waits in the
   * waiter's P's {@code runnext}: a select's wait spins past it (unless its time slice is over),
   * a single operation's does not. The queued goroutine waits meanwhile, and runs afterwards.
   */
  @Test
  void aSelectSpinsForARunningPeerPastAGoroutineInItsRunnextASingleOperationParks() {
    // An attempt whose setup the host disturbed (it stalled a carrier for a sysmon tick, so that
    // sysmon handed a P off and the queued goroutine ran elsewhere) says nothing: try again.
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Attempt a = attempt();
      if (a.handoffs > 0) {
        continue;
      }
      List<Object> seen = a.seen;
      assertEquals(GoroutineState.RUNNING, seen.get(0), "the peer runs");
      assertEquals(GoroutineState.RUNNABLE, seen.get(1), "a goroutine waits in runnext");
      assertEquals(true, seen.get(2), "the waiter and its peer run on two Ps");
      assertFalse((Boolean) seen.get(3), "a single operation parks");
      assertTrue((Boolean) seen.get(4), "a select spins");
      assertFalse((Boolean) seen.get(5), "a select whose time slice is over parks");
      assertEquals(GoroutineState.RUNNABLE, seen.get(6), "the queued goroutine waited meanwhile");
      assertTrue(queuedRan);
      return;
    }
    fail("every one of " + MAX_ATTEMPTS + " attempts was disturbed by a handoff");
  }

  private static final int MAX_ATTEMPTS = 20;

  /** One attempt's observations (see the test), and the handoffs sysmon made meanwhile. */
  private record Attempt(List<Object> seen, long handoffs) {}

  private static Attempt attempt() {
    peerReadied = false;
    releasePeer = false;
    queuedRan = false;
    List<Object> seen = new ArrayList<>();
    // without preemption requests: sysmon hands a P off only if the host stalls its carrier for a
    // sysmon tick, and nothing else moves the queued goroutine while the decisions are taken
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).preemption(false).build()) {
      rt.main(
          () -> {
            Goroutine waiter = GoRuntime.current();
            Goroutine peer =
                rt.go(
                    () -> {
                      peerReadied = true;
                      Park.ready(waiter); // into this P's runnext: the idle P's M steals it
                      long giveUp = System.nanoTime() + 10_000_000_000L; // so that a bug fails
                      while (!releasePeer && System.nanoTime() - giveUp < 0) {
                        Thread.onSpinWait(); // runs on, on its own carrier
                      }
                    });
            while (!peerReadied) {
              Park.park("test"); // the peer runs here, readies this goroutine, and keeps its P
            }
            Goroutine queued = rt.go(() -> queuedRan = true); // into this P's runnext
            seen.add(peer.state());
            seen.add(queued.state());
            seen.add(currentP() != pOf(peer));
            seen.add(Park.spinUntil(() -> true, false));
            seen.add(Park.spinUntil(() -> true, true));
            ((G) waiter).preempt = true; // as sysmon asks after 10 ms
            seen.add(Park.spinUntil(() -> true, true));
            ((G) waiter).preempt = false;
            seen.add(queued.state());
            releasePeer = true;
            peer.join();
            queued.join();
          });
      return new Attempt(seen, rt.stats().handoffs());
    }
  }

  private static int currentP() {
    return ((M) VirtualThreads.currentCarrier()).p.id;
  }

  /** The P of the M that last ran {@code g}. */
  private static int pOf(Goroutine g) {
    return ((G) g).lastM().p.id;
  }
}
