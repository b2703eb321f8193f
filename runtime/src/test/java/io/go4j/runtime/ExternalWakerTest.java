package io.go4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.spi.Park;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deadlock detection and code outside the runtime: a platform thread that will wake a goroutine
 * holds {@link GoRuntime#externalWaker()}, and closing the last one lets the detection look again.
 */
@Timeout(120)
class ExternalWakerTest {
  @ParameterizedTest(name = "virtual time: {0}")
  @ValueSource(booleans = {false, true})
  void aGoroutineWaitingForAPlatformThreadIsNoDeadlockWhileItHoldsAnExternalWaker(boolean virtual)
      throws Exception {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).virtualTime(virtual).build()) {
      AtomicReference<Goroutine> main = new AtomicReference<>();
      AtomicBoolean sent = new AtomicBoolean();
      ExternalWaker waker = rt.externalWaker();
      Thread sender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (waker) {
                      // without the waker, the last carrier to go idle would have declared a
                      // deadlock by now
                      awaitAsleep(rt, main);
                      sent.set(true);
                      Park.ready(main.get());
                    }
                  });
      rt.main(
          () -> {
            main.set(GoRuntime.current());
            while (!sent.get()) {
              Park.park("chan receive");
            }
          });
      sender.join();
      assertTrue(sent.get());
    }
  }

  @ParameterizedTest(name = "virtual time: {0}")
  @ValueSource(booleans = {false, true})
  void closingTheLastExternalWakerLetsTheDeadlockBeFound(boolean virtual) throws Exception {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).virtualTime(virtual).build()) {
      AtomicReference<Goroutine> main = new AtomicReference<>();
      ExternalWaker first = rt.externalWaker();
      ExternalWaker second = rt.externalWaker();
      Thread closer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitAsleep(rt, main);
                    second.close();
                    second.close(); // idempotent: the first waker is still open
                    first.close(); // every carrier is idle already: the close itself looks
                  });
      DeadlockException e =
          assertThrows(
              DeadlockException.class,
              () ->
                  rt.main(
                      () -> {
                        main.set(GoRuntime.current());
                        while (true) {
                          Park.park("chan receive");
                        }
                      }));
      closer.join();
      String headline =
          virtual
              ? "deadlock: all goroutines in bubble are blocked"
              : "all goroutines are asleep - deadlock!";
      assertTrue(
          e.getMessage().startsWith(headline + "\n\ngoroutine 1 [chan receive]:\n"), e.getMessage());
    }
  }

  @Test
  void withoutAnExternalWakerTheSameWaitIsADeadlock() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      DeadlockException e =
          assertThrows(DeadlockException.class, () -> rt.main(() -> Park.park("chan receive")));
      assertEquals(
          "all goroutines are asleep - deadlock!", e.getMessage().lines().findFirst().orElseThrow());
    }
  }

  /**
   * In a bubble an open waker also keeps the clock still (Go's synctest: a goroutine that
   * something outside may wake is not durably blocked): a goroutine asleep on the virtual clock
   * stays asleep while every carrier is idle, until the waker is closed; then the clock jumps.
   * Without the rule, the sleep ended the moment the bubble went idle: a timeout raced ahead of the
   * platform thread it was waiting for.
   */
  @Test
  void inABubbleTheClockStandsStillWhileAnExternalWakerIsOpen() throws Exception {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).virtualTime(true).build()) {
      AtomicReference<Goroutine> main = new AtomicReference<>();
      AtomicReference<String> whileOpen = new AtomicReference<>();
      AtomicReference<Duration> slept = new AtomicReference<>();
      ExternalWaker waker = rt.externalWaker();
      Thread closer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitAsleep(rt, main);
                    try {
                      Thread.sleep(50); // time for a timer thread that would move the clock
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    Goroutine g = main.get();
                    whileOpen.set(g.state() + " " + g.waitReason());
                    waker.close();
                  });
      rt.main(
          () -> {
            main.set(GoRuntime.current());
            Instant start = GoRuntime.now();
            GoRuntime.sleep(Duration.ofHours(1));
            slept.set(Duration.between(start, GoRuntime.now()));
          });
      closer.join();
      assertEquals("WAITING sleep", whileOpen.get());
      assertEquals(Duration.ofHours(1), slept.get());
    }
  }

  /** Waits (bounded) until {@code main} is parked and every P and carrier is idle. */
  private static void awaitAsleep(GoRuntime rt, AtomicReference<Goroutine> main) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() - deadline < 0) {
      Goroutine g = main.get();
      RuntimeStats s = rt.stats();
      if (g != null
          && g.state() == GoroutineState.WAITING
          && s.idleProcs() == s.procs()
          && s.idleThreads() == s.threads() - 2) {
        return;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("main never went to sleep: " + rt.stats());
  }
}
