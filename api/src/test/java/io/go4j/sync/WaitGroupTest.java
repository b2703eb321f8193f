package io.go4j.sync;

import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.testsupport.Waits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WaitGroupTest {
  private static final String WAIT = "sync.WaitGroup.Wait";

  @Test
  void goAndAwaitFanOutAndInAHundredThousandGoroutines() {
    main(
        () -> {
          WaitGroup wg = new WaitGroup();
          AtomicInteger ran = new AtomicInteger();
          for (int i = 0; i < 100_000; i++) {
            wg.go(ran::incrementAndGet);
          }
          wg.await();
          assertEquals(100_000, ran.get());
        });
  }

  @Test
  void everyWaiterIsReleasedWhenTheCounterReachesZero() {
    main(
        () -> {
          WaitGroup wg = new WaitGroup();
          wg.add(2);
          List<Goroutine> waiters = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            Goroutine w = go(wg::await);
            Waits.until(w, WAIT);
            waiters.add(w);
          }
          wg.done();
          for (Goroutine w : waiters) {
            Waits.until(w, WAIT); // one to go
          }
          wg.done();
          waiters.forEach(Goroutine::join);
          wg.await(); // zero: returns at once
        });
  }

  @Test
  void aNegativeCounterIsRejectedAndTheAddUndone() {
    WaitGroup wg = new WaitGroup();
    assertEquals(
        "sync: negative WaitGroup counter",
        assertThrows(IllegalStateException.class, wg::done).getMessage());
    wg.await(); // still zero
    wg.add(2);
    assertThrows(IllegalStateException.class, () -> wg.add(-3));
    wg.add(-2);
    wg.await();
  }

  @Test
  void addingBeforeAReleasedWaiterReturnedIsReuseBeforeWaitReturned() {
    Attempt.onRuntime(
        1,
        rt -> {
          WaitGroup wg = new WaitGroup();
          wg.add(1);
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine w = rt.go(() -> outcome.set(Attempt.of(wg::await)));
          Waits.until(w, WAIT);
          wg.done(); // releases w, which runs only when main blocks (one P)
          wg.add(1); // reused at once
          w.join();
          assertEquals(
              "sync: WaitGroup is reused before previous Wait has returned",
              assertInstanceOf(IllegalStateException.class, outcome.get()).getMessage());
        });
  }

  @Test
  void addFromZeroWhileWaitersAreStillRegisteredIsAddConcurrentWithWait() throws Exception {
    // The state Go's check catches: waiters registered with a zero counter, i.e. a release is
    // under way (Done brought the counter to zero and has not reset the state yet).
    WaitGroup wg = new WaitGroup();
    VarHandle state =
        MethodHandles.privateLookupIn(WaitGroup.class, MethodHandles.lookup())
            .findVarHandle(WaitGroup.class, "state", long.class);
    state.setVolatile(wg, 1L); // counter 0, one waiter
    assertEquals(
        "sync: WaitGroup misuse: Add called concurrently with Wait",
        assertThrows(IllegalStateException.class, () -> wg.add(1)).getMessage());
  }

  @Test
  void aCancelledWaitLeavesTheOtherWaitersAndTheGroupIntact() {
    main(
        () -> {
          WaitGroup wg = new WaitGroup();
          wg.add(1);
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine cancelled = go(() -> outcome.set(Attempt.of(wg::await)));
          Waits.until(cancelled, WAIT);
          Goroutine other = go(wg::await);
          Waits.until(other, WAIT);
          cancelled.interrupt();
          cancelled.join();
          assertEquals(
              "sync.WaitGroup.Wait interrupted; the counter had not reached zero",
              assertInstanceOf(CancelledException.class, outcome.get()).getMessage());
          wg.done();
          other.join();

          // Reused: no release was left over for the cancelled waiter, so a new wait waits.
          wg.add(1);
          Goroutine next = go(wg::await);
          Waits.until(next, WAIT);
          wg.done();
          next.join();
        });
  }

  @Test
  void anInterruptedGoroutinePassesAZeroGroupButDoesNotWait() {
    main(
        () -> {
          WaitGroup wg = new WaitGroup();
          List<RuntimeException> outcomes = new ArrayList<>();
          go(() -> {
                Thread.currentThread().interrupt();
                outcomes.add(Attempt.of(wg::await));
                wg.add(1);
                outcomes.add(Attempt.of(wg::await));
              })
              .join();
          assertNull(outcomes.get(0));
          assertInstanceOf(CancelledException.class, outcomes.get(1));
          wg.done(); // the cancelled wait left no waiter: the counter simply reaches zero
          wg.await();
        });
  }

  @Test
  void goCallsDoneEvenWhenTheFunctionPanics() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (GoRuntime rt =
        GoRuntime.builder()
            .name("wg-panic")
            .maxProcs(2)
            .panicOutput(new PrintStream(err, true, StandardCharsets.UTF_8))
            .build()) {
      IllegalStateException boom = new IllegalStateException("boom");
      rt.main(
          () -> {
            WaitGroup wg = new WaitGroup();
            Goroutine g =
                wg.go(
                    () -> {
                      throw boom;
                    });
            wg.await();
            g.join(); // the panic is reported before the goroutine ends
          });
      assertSame(boom, rt.panics().get(0));
      String report = err.toString(StandardCharsets.UTF_8);
      assertTrue(report.contains("panic: java.lang.IllegalStateException: boom"), report);
    }
  }
}
