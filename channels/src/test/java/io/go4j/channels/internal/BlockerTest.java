package io.go4j.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.spi.Park;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A blocked operation's claim protocol: a goroutine that spins for its counterpart is completed by
 * the claim alone; one that parked (or a plain thread) is woken; a claim racing the end of a spin
 * is never lost.
 */
@Timeout(60)
class BlockerTest {
  @Test
  void aSpinningGoroutineIsCompletedByTheClaimAlone() {
    onOneP(
        rt -> {
          Node n = new Node(0, null, true);
          assertEquals(Blocker.CLAIMED, n.blocker.claim(0));
          assertFalse(n.wakeNeeded);
          assertEquals(Blocker.LOST, n.blocker.claim(0), "a second claim");
          assertEquals(0, n.await("chan receive", false));
        });
  }

  @Test
  void aPlainThreadsBlockerAlwaysNeedsAWake() {
    Node n = new Node(0, null, true);
    assertTrue(n.claim());
    assertTrue(n.wakeNeeded);
    assertFalse(n.claim(), "a second claim");
  }

  @Test
  void aNonSpinningBlockerNeedsAWake() {
    onOneP(
        rt -> {
          Node n = new Node(0, null, false);
          assertTrue(n.claim());
          assertTrue(n.wakeNeeded);
        });
  }

  @Test
  void aGoroutineThatStoppedSpinningIsWokenByTheClaim() {
    onOneP(
        rt -> {
          Node n = new Node(0, null, true);
          Goroutine self = GoRuntime.current();
          // nobody readied main yet: no waker worth spinning for, so it parks at once
          rt.go(
              () -> {
                while (self.state() != GoroutineState.WAITING) {
                  GoRuntime.gosched();
                }
                assertEquals("chan receive", self.waitReason());
                assertTrue(n.claim());
                assertTrue(n.wakeNeeded);
                n.wake();
              });
          assertEquals(0, n.await("chan receive", false));
        });
  }

  @Test
  void anInterruptedSpinnerIsCancelled() {
    onOneP(
        rt -> {
          Node n = new Node(0, null, true);
          Thread.currentThread().interrupt();
          assertEquals(Blocker.CANCELLED, n.await("chan receive", false));
          assertFalse(Thread.interrupted(), "the interrupt is consumed");
          assertFalse(n.claim(), "a cancelled blocker cannot be claimed");
        });
  }

  /**
   * Two goroutines on two Ps take turns: one blocks on a fresh node, the other claims it and wakes
   * it if the claim says so. The blocked one spins for its partner (its last waker) and gives up
   * after a while, so claims land before, during and after the end of spins; every round must
   * complete with the claimed index, none may hang.
   */
  @Test
  void claimsRacingTheEndOfSpinsAreNeverLost() {
    int rounds = 200_000;
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      rt.main(
          () -> {
            AtomicReference<Node> slot = new AtomicReference<>();
            Goroutine partner =
                rt.go(
                    () -> {
                      for (int i = 0; i < rounds; i++) {
                        Node n;
                        for (int k = 1; (n = slot.getAndSet(null)) == null; k++) {
                          if ((k & 255) == 0) {
                            GoRuntime.gosched(); // main may be queued behind us on this P
                          }
                        }
                        if ((i & 7) == 0) { // sometimes late: past the waiter's spin
                          for (int k = 0; k < (i & 0xff) * 64; k++) {
                            Thread.onSpinWait();
                          }
                        }
                        assertTrue(n.claim());
                        n.wake();
                      }
                    });
            for (int i = 0; i < rounds; i++) {
              Node n = new Node(i & 3, null, true);
              slot.set(n);
              assertEquals(i & 3, n.await("chan receive", false), "round " + i);
            }
            partner.join();
          });
    }
  }

  /** Runs {@code body} as the main goroutine of a fresh one-P runtime. */
  private static void onOneP(Consumer<GoRuntime> body) {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(() -> body.accept(rt));
    }
  }
}
