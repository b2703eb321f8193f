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
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WaitGroupTest {
  private static final String WAIT = "sync.WaitGroup.Wait";
  private static final String NEGATIVE = "sync: negative WaitGroup counter";

  /** The state word: counter << 32 | waiters. */
  private static final VarHandle STATE;

  /** The second half of the add that brings the counter to zero. */
  private static final MethodHandle RELEASE_WAITERS;

  static {
    try {
      MethodHandles.Lookup wg =
          MethodHandles.privateLookupIn(WaitGroup.class, MethodHandles.lookup());
      STATE = wg.findVarHandle(WaitGroup.class, "state", long.class);
      RELEASE_WAITERS =
          wg.findVirtual(WaitGroup.class, "releaseWaiters", MethodType.methodType(void.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

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
  void aNegativeCounterIsRejectedAndChangesNothing() {
    WaitGroup wg = new WaitGroup();
    assertEquals(NEGATIVE, assertThrows(IllegalStateException.class, wg::done).getMessage());
    assertEquals(0L, STATE.getVolatile(wg));
    wg.await(); // still zero
    wg.add(2);
    assertEquals(
        NEGATIVE, assertThrows(IllegalStateException.class, () -> wg.add(-3)).getMessage());
    assertEquals(2L << 32, STATE.getVolatile(wg));
    wg.add(-2);
    wg.await();
  }

  /**
   * The rejection is never visible: a debugger steps through {@code add(-2)} on a group whose
   * counter is 1 and which has one goroutine waiting, one bytecode at a time, and reads the state
   * at every step. Had the add been applied and then undone, as it once was, a goroutine calling
   * {@code await} at such a step would have registered on the negative counter and slept forever
   * (the undo back to 1, and the later done to 0, never woke it), and a {@code done} at such a
   * step would have thrown instead of the misuse.
   */
  @Test
  void aRejectedAddIsNeverVisibleToOtherGoroutines() throws Exception {
    Stepped run = Stepped.run(RejectedAdd.class, "add", -2);
    assertEquals(List.of(NEGATIVE, "waiter released", "state 0"), run.output());
    List<String> seen = run.states().stream().map(s -> (s >> 32) + "/" + s.intValue()).toList();
    assertTrue(seen.size() >= 5, "counter/waiters at each step: " + seen);
    assertEquals(Collections.nCopies(seen.size(), "1/1"), seen, "counter/waiters at each step");
  }

  /** The debuggee of {@link #aRejectedAddIsNeverVisibleToOtherGoroutines}. */
  static final class RejectedAdd {
    public static void main(String[] args) {
      GoRuntime.getDefault()
          .main(
              () -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Goroutine waiter = go(wg::await);
            Waits.until(waiter, WAIT);
            try {
              wg.add(-2); // stepped through
              System.out.println("accepted");
            } catch (IllegalStateException e) {
              System.out.println(e.getMessage());
            }
            wg.done();
            waiter.join();
            System.out.println("waiter released");
            System.out.println("state " + STATE.getVolatile(wg));
          });
    }
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
  void addFromZeroWhileWaitersAreStillRegisteredIsAddConcurrentWithWait() {
    // The state Go's check catches: waiters registered with a zero counter, i.e. a release is
    // under way (Done brought the counter to zero and has not reset the state yet).
    WaitGroup wg = new WaitGroup();
    STATE.setVolatile(wg, 1L); // counter 0, one waiter
    assertEquals(
        "sync: WaitGroup misuse: Add called concurrently with Wait",
        assertThrows(IllegalStateException.class, () -> wg.add(1)).getMessage());
    assertEquals(1L, STATE.getVolatile(wg), "rejected: the release under way is undisturbed");
  }

  @Test
  void aCounterOverflowIsRejectedAndChangesNothing() {
    WaitGroup wg = new WaitGroup();
    wg.add(Integer.MAX_VALUE);
    assertEquals(
        "sync: WaitGroup counter overflow",
        assertThrows(IllegalStateException.class, () -> wg.add(1)).getMessage());
    assertEquals((long) Integer.MAX_VALUE << 32, STATE.getVolatile(wg));
    wg.add(-Integer.MAX_VALUE);
    wg.await();
  }

  /**
   * The only waiter is cancelled after a done brought the counter to zero and before that done
   * released the waiters (its two halves replayed here: the state update, then the release), and
   * the group is reused meanwhile, legitimately: the cancelled wait has returned. The release finds
   * nobody left to release; it must neither throw nor touch the new round's counter.
   */
  @Test
  void aReleaseWhoseWaitersAllLeftLeavesTheNextRoundAlone() {
    Attempt.onRuntime(
        1,
        rt -> {
          WaitGroup wg = new WaitGroup();
          wg.add(1);
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine w = rt.go(() -> outcome.set(Attempt.of(wg::await)));
          Waits.until(w, WAIT);
          STATE.getAndAdd(wg, -1L << 32); // the done's first half: counter 0, one waiter
          w.interrupt();
          w.join();
          assertEquals(
              "sync.WaitGroup.Wait interrupted; the counter had not reached zero",
              outcome.get().getMessage());
          wg.add(1); // the next round
          assertNull(Attempt.of(() -> releaseWaiters(wg))); // the done's second half
          assertEquals(1L << 32, STATE.getVolatile(wg));
          wg.done();
          wg.await();
        });
  }

  private static void releaseWaiters(WaitGroup wg) {
    try {
      RELEASE_WAITERS.invokeExact(wg);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
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
