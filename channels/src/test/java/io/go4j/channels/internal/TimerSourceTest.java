package io.go4j.channels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoRuntime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A timer channel in the interleavings of its runtime timer with {@code stop} and {@code reset}
 * that no test could time: each is driven here step by step, in the order the race would take.
 */
@Timeout(60)
class TimerSourceTest {
  private static final long HOUR = Duration.ofHours(1).toNanos();

  /**
   * A firing hands its value to a waiting select that completes on another case meanwhile: the
   * value stays in the channel, prepared and never received. Go 1.23 counts it as stopped.
   */
  @Test
  void stopAndResetReportAPreparedButUnreceivedValueAsStoppedAndDropIt() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            TimerSource stopped = prepared();
            assertTrue(stopped.stop(), "stop of a timer whose value nobody received");
            assertNull(stopped.c().tryRecv(), "the value was dropped");
            assertFalse(stopped.stop(), "a second stop");

            TimerSource reset = prepared();
            assertTrue(reset.reset(Duration.ofHours(1)), "reset of the same");
            assertNull(reset.c().tryRecv(), "no stale value after the reset");
          });
    }
  }

  /** A due timer whose value a firing put in the channel, as a firing that found no taker does. */
  private static TimerSource prepared() {
    TimerSource t = (TimerSource) TimerSource.timer(0);
    Channel<Instant> ch = channel(t);
    ch.lock();
    t.refill();
    ch.unlock();
    return t;
  }

  /**
   * The runtime timer serving a queued receiver starts firing; a reset gets the channel's lock
   * first and arms a new one for the receiver. The first firing, stale now, must neither drop the
   * new timer (which nothing could then stop) nor arm a third.
   */
  @Test
  void aFiringThatAResetOvertookLeavesTheNewTimerInCharge() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            TimerSource t = (TimerSource) TimerSource.timer(HOUR);
            Channel<Instant> ch = channel(t);
            ch.lock();
            ch.enqueue(WaitQueues.RECEIVERS, new Node(0, null, false)); // a receiver waits
            t.arm(); // the first runtime timer
            ch.unlock();
            assertEquals(1, rt.stats().timers());

            assertTrue(t.reset(Duration.ofHours(2)), "reset of a timer that had not fired");
            assertEquals(1, rt.stats().timers(), "the reset replaced the runtime timer");
            t.fire(1); // the first timer's firing, after the reset
            assertEquals(1, rt.stats().timers(), "the stale firing armed no other timer");

            assertTrue(t.stop());
            assertEquals(0, rt.stats().timers(), "stop cancelled the timer serving the receiver");
          });
    }
  }

  private static Channel<Instant> channel(TimerSource t) {
    return (Channel<Instant>) t.c();
  }
}
