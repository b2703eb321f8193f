package io.go4j.chan;

import static io.go4j.Go.after;
import static io.go4j.Go.afterFunc;
import static io.go4j.Go.chan;
import static io.go4j.Go.main;
import static io.go4j.Go.select;
import static io.go4j.Go.sleep;
import static io.go4j.Go.ticker;
import static io.go4j.Go.timer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.channels.Ticker;
import io.go4j.channels.Timer;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.testsupport.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers, tickers, after and afterFunc with Go 1.23 semantics. Durations only ever make something
 * due sooner or much later (an hour); no assertion depends on how long anything took.
 */
@Timeout(60)
class TimerTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MS = Duration.ofMillis(1);

  @Test
  void afterDeliversTheInstantItWasDueOnce() {
    main(
        () -> {
          Instant before = Instant.now();
          Timer t = timer(MS);
          Instant fired = t.c().recv();
          assertFalse(fired.isBefore(before.minusMillis(50)), fired + " vs " + before);
          assertNull(t.c().tryRecv(), "a timer fires once");
          assertFalse(t.stop(), "already fired and received");
          assertEquals(0, t.c().len());
          assertEquals(0, t.c().cap(), "timer channels are synchronous, as in Go 1.23");
        });
  }

  @Test
  void stopAndResetLeaveNoStaleValue() {
    main(
        () -> {
          Timer t = timer(MS);
          sleep(Duration.ofMillis(5)); // due, not received
          assertTrue(t.stop(), "its value was never received");
          assertNull(t.c().tryRecv(), "no stale value after stop");
          assertFalse(t.stop());

          Timer u = timer(MS);
          sleep(Duration.ofMillis(5));
          assertTrue(u.reset(HOUR));
          assertNull(u.c().tryRecv(), "no stale value after reset");
          assertTrue(u.reset(Duration.ZERO));
          assertNotNull(u.c().recv());

          Timer far = timer(HOUR);
          int chosen = select().recv(far.c(), () -> {}).otherwise(() -> {}).run();
          assertEquals(1, chosen);
          assertTrue(far.stop());
        });
  }

  @Test
  void tickerTicksOnPeriodBoundariesAndStopsCleanly() {
    main(
        () -> {
          Duration period = Duration.ofMillis(2);
          Ticker tk = ticker(period);
          Instant a = tk.c().recv();
          Instant b = tk.c().recv();
          Instant c = tk.c().recv();
          long ab = Duration.between(a, b).toNanos();
          long bc = Duration.between(b, c).toNanos();
          assertTrue(ab > 0 && ab % period.toNanos() == 0, "ticks on boundaries: " + ab);
          assertTrue(bc > 0 && bc % period.toNanos() == 0, "ticks on boundaries: " + bc);
          tk.stop();
          sleep(Duration.ofMillis(10));
          assertNull(tk.c().tryRecv(), "no tick after stop");
          tk.reset(Duration.ofMillis(3));
          Instant d = tk.c().recv();
          Instant e = tk.c().recv();
          assertEquals(0, Duration.between(d, e).toNanos() % 3_000_000);
          tk.stop();
        });
  }

  @Test
  void afterFuncRunsInItsOwnGoroutineUnlessStopped() {
    main(
        () -> {
          Chan<Long> ran = chan(1);
          long self = GoRuntime.current().id();
          Timer t = afterFunc(MS, () -> ran.send(GoRuntime.current().id()));
          long runner = ran.recv();
          assertNotEquals(self, runner);
          assertFalse(t.stop(), "already ran");
          assertNull(t.c().tryRecv(), "afterFunc's channel is nil");

          AtomicLong runs = new AtomicLong();
          Timer never = afterFunc(HOUR, runs::incrementAndGet);
          assertTrue(never.stop());
          assertFalse(never.reset(HOUR), "it was stopped; reset restarts it");
          assertTrue(never.stop());
          Timer later = afterFunc(HOUR, () -> ran.send(-1L));
          assertTrue(later.reset(Duration.ZERO));
          assertEquals(-1L, ran.recv());
          assertEquals(0, runs.get());
        });
  }

  /**
   * Durations beyond Go's longest (a Java "forever") make timers that are simply far away; a
   * ticker's reset to a non-positive interval fails as Go's does and leaves the ticker as it was.
   */
  @Test
  void farDurationsMakeDistantTimersAndATickerRefusesANonPositiveReset() {
    main(
        () -> {
          Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
          Timer t = timer(forever);
          assertNull(t.c().tryRecv());
          assertTrue(t.reset(Duration.ZERO), "reset(0) of a pending timer");
          assertNotNull(t.c().recv(), "due at once after reset(0)");
          assertTrue(afterFunc(forever, () -> {}).stop());

          Ticker tk = ticker(forever);
          IllegalArgumentException e =
              assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ZERO));
          assertEquals("non-positive interval for Ticker.Reset", e.getMessage());
          assertNull(tk.c().tryRecv(), "still ticking every 73 years");
          tk.reset(MS);
          assertNotNull(tk.c().recv());
          sleep(MS.multipliedBy(3)); // the next tick is due, and nobody received it
          tk.reset(HOUR);
          assertNull(tk.c().tryRecv(), "no stale tick after reset");
          tk.stop();
        });
  }

  @Test
  void unwatchedTimersAreNotInTheRuntimesTimerHeap() {
    // its own runtime: goroutines other tests left in the default one may arm timers meanwhile
    try (GoRuntime rt = GoRuntime.builder().name("timer-heap").build()) {
      rt.main(
          () -> {
            int base = rt.stats().timers();
            for (int i = 0; i < 100_000; i++) {
              after(HOUR); // dropped at once
              timer(HOUR).reset(HOUR);
            }
            assertEquals(base, rt.stats().timers());
            Chan<Integer> ready = chan(1);
            for (int i = 0; i < 10_000; i++) {
              // the timer case is armed while the select waits, disarmed when the other case wins
              Goroutine feeder = io.go4j.Go.go(() -> ready.send(1));
              select().recv(ready, (Integer v) -> {}).recv(after(HOUR), () -> {}).run();
              feeder.join();
            }
            assertEquals(base, rt.stats().timers());
            Timer watched = timer(HOUR);
            Goroutine waiter = io.go4j.Go.go(() -> watched.c().recv());
            // not Waits.until: its sleep is a timer of this runtime too, counted until its action
            // has returned on the timer thread, which may be after this goroutine runs again
            while (!"chan receive".equals(waiter.waitReason())) {
              GoRuntime.gosched();
            }
            assertEquals(base + 1, rt.stats().timers(), "armed while a goroutine waits");
            assertTrue(watched.reset(Duration.ZERO));
            waiter.join();
            assertEquals(base, rt.stats().timers());
          });
    }
  }
}
