package io.go4j.sync;

import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.CancelContext;
import io.go4j.Context;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.Goroutine;
import io.go4j.testsupport.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SemaphoreTest {
  private static final String WAIT = "semacquire";
  private static final String CANCELLED = "semacquire interrupted; nothing was acquired";

  @Test
  void waitersAreServedInOrderAndABigOneAtTheHeadHoldsBackSmallerOnes() {
    main(
        () -> {
          Semaphore s = new Semaphore(10);
          s.acquire(10);
          List<String> order = Collections.synchronizedList(new ArrayList<>());
          Goroutine big = go(() -> acquireThen(s, 5, () -> order.add("big")));
          Waits.until(big, WAIT);
          Goroutine small = go(() -> acquireThen(s, 1, () -> order.add("small")));
          Waits.until(small, WAIT);
          s.release(4); // 4 free: the small one would fit, but the big one is first
          assertFalse(s.tryAcquire(1), "no barging past waiters");
          Waits.until(small, WAIT);
          s.release(1); // 5 free: the big one
          big.join();
          Waits.until(small, WAIT); // 0 free
          s.release(1);
          small.join();
          assertEquals(List.of("big", "small"), order);
          s.release(4); // main's rest: 5 + 1 held by the waiters
          assertTrue(s.tryAcquire(4));
          assertFalse(s.tryAcquire(1));
        });
  }

  @Test
  void neverMoreThanTheSizeIsHeld() {
    main(
        () -> {
          Semaphore s = new Semaphore(5);
          AtomicLong held = new AtomicLong();
          AtomicInteger violations = new AtomicInteger();
          WaitGroup wg = new WaitGroup();
          for (int g = 0; g < 16; g++) {
            long n = 1L + g % 3;
            wg.go(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    s.acquire(n);
                    if (held.addAndGet(n) > 5) {
                      violations.incrementAndGet();
                    }
                    held.addAndGet(-n);
                    s.release(n);
                  }
                });
          }
          wg.await();
          assertEquals(0, violations.get());
          assertTrue(s.tryAcquire(5));
        });
  }

  @Test
  void aCancelledHeadLetsTheWaitersBehindItIn() {
    main(
        () -> {
          Semaphore s = new Semaphore(10);
          s.acquire(10);
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine big = go(() -> outcome.set(Attempt.of(() -> s.acquire(5))));
          Waits.until(big, WAIT);
          AtomicBoolean smallGot = new AtomicBoolean();
          Goroutine small = go(() -> acquireThen(s, 1, () -> smallGot.set(true)));
          Waits.until(small, WAIT);
          s.release(4);
          big.interrupt();
          big.join();
          assertEquals(
              CANCELLED, assertInstanceOf(CancelledException.class, outcome.get()).getMessage());
          small.join(); // it fitted once the big one had left
          assertTrue(smallGot.get());
          assertTrue(s.tryAcquire(3), "the cancelled waiter took nothing: 6 + 1 held");
          assertFalse(s.tryAcquire(1));
        });
  }

  @Test
  void anotherThreadCanCancelAWaiterWithoutInterruptingIt() {
    main(
        () -> {
          Semaphore s = new Semaphore(3);
          s.acquire(3);
          AtomicReference<Runnable> canceller = new AtomicReference<>();
          AtomicReference<Object> outcome = new AtomicReference<>();
          AtomicBoolean interrupted = new AtomicBoolean();
          Goroutine g =
              go(
                  () -> {
                    outcome.set(s.acquire(2, canceller::set));
                    interrupted.set(Thread.currentThread().isInterrupted());
                  });
          Waits.until(g, WAIT);
          canceller.get().run();
          g.join();
          assertEquals(false, outcome.get());
          assertFalse(interrupted.get());
          s.release(3);
          assertTrue(s.tryAcquire(3), "the cancelled waiter took nothing");

          // A cancel after the grant changes nothing: the waiter has its permits.
          Goroutine g2 = go(() -> outcome.set(s.acquire(2, canceller::set)));
          Waits.until(g2, WAIT);
          s.release(2);
          g2.join();
          canceller.get().run();
          assertEquals(true, outcome.get());
          assertFalse(s.tryAcquire(2), "two held by g2, one by main");
          assertTrue(s.tryAcquire(0));
        });
  }

  @Test
  void acquireWithAContextGivesUpWhenTheContextIsDoneFirst() {
    main(
        () -> {
          Semaphore s = new Semaphore(10);
          try (CancelContext done = Context.background().withCancel()) {
            done.cancel();
            assertSame(
                Context.CANCELED, assertThrows(CancelledException.class, () -> s.acquire(done, 1)));
            assertTrue(s.tryAcquire(10), "a done context fails even free permits, as in x/sync");
          }

          try (CancelContext ctx = Context.background().withCancel()) {
            AtomicReference<RuntimeException> outcome = new AtomicReference<>();
            Goroutine big = go(() -> outcome.set(Attempt.of(() -> s.acquire(ctx, 5))));
            Waits.until(big, WAIT);
            AtomicBoolean smallGot = new AtomicBoolean();
            Goroutine small = go(() -> acquireThen(s, 1, () -> smallGot.set(true)));
            Waits.until(small, WAIT);
            s.release(4);
            ctx.cancel();
            big.join();
            assertSame(Context.CANCELED, outcome.get());
            small.join(); // the big one left the head of the queue
            assertTrue(smallGot.get());
            assertTrue(s.tryAcquire(3), "the cancelled waiter took nothing: 6 + 1 held");
            s.release(10);
          }

          try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(5))) {
            s.acquire(10);
            assertSame(
                Context.DEADLINE_EXCEEDED,
                assertThrows(CancelledException.class, () -> s.acquire(ctx, 1)));
            s.release(10);
          }

          try (CancelContext ctx = Context.background().withCancel()) {
            s.acquire(10);
            AtomicReference<RuntimeException> outcome = new AtomicReference<>();
            Goroutine g = go(() -> outcome.set(Attempt.of(() -> s.acquire(ctx, 4))));
            Waits.until(g, WAIT);
            s.release(4);
            g.join();
            ctx.cancel(); // after the grant: changes nothing
            assertNull(outcome.get());
            assertFalse(s.tryAcquire(1), "6 held by main, 4 by g");
          }
        });
  }

  @Test
  void moreThanTheSizeWaitsUntilCancelledAndHoldsBackNobody() {
    main(
        () -> {
          Semaphore s = new Semaphore(10);
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine g = go(() -> outcome.set(Attempt.of(() -> s.acquire(11))));
          Waits.until(g, WAIT);
          assertTrue(s.tryAcquire(10));
          s.release(10);
          g.interrupt();
          g.join();
          assertEquals(CANCELLED, outcome.get().getMessage());

          AtomicReference<Runnable> canceller = new AtomicReference<>();
          AtomicReference<Boolean> acquired = new AtomicReference<>();
          Goroutine g2 = go(() -> acquired.set(s.acquire(11, canceller::set)));
          Waits.until(g2, WAIT);
          canceller.get().run();
          g2.join();
          assertFalse(acquired.get());
        });
  }

  @Test
  void aGrantBeforeTheInterruptStandsAndTheInterruptIsKept() {
    Attempt.onRuntime(
        1,
        rt -> {
          Semaphore s = new Semaphore(1);
          s.acquire(1);
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          AtomicBoolean interruptKept = new AtomicBoolean();
          Goroutine g =
              rt.go(
                  () -> {
                    outcome.set(Attempt.of(() -> s.acquire(1)));
                    interruptKept.set(Thread.interrupted());
                  });
          Waits.until(g, WAIT);
          s.release(1); // grants g, which runs only when main blocks (one P)
          g.interrupt();
          g.join();
          assertNull(outcome.get());
          assertTrue(interruptKept.get());
          assertFalse(s.tryAcquire(1), "g holds it");
        });
  }

  @Test
  void anInterruptedGoroutineAcquiresFreePermitsButDoesNotWait() {
    main(
        () -> {
          Semaphore s = new Semaphore(2);
          List<RuntimeException> outcomes = new ArrayList<>();
          go(() -> {
                Thread.currentThread().interrupt();
                outcomes.add(Attempt.of(() -> s.acquire(2)));
                outcomes.add(Attempt.of(() -> s.acquire(1)));
              })
              .join();
          assertNull(outcomes.get(0));
          assertEquals(CANCELLED, outcomes.get(1).getMessage());
          s.release(2);
          assertTrue(s.tryAcquire(2));
        });
  }

  @Test
  void badArgumentsAndOverReleaseAreRejected() {
    assertEquals(
        "semaphore: negative size: -1",
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1)).getMessage());
    Semaphore s = new Semaphore(2);
    for (Runnable bad :
        List.<Runnable>of(() -> s.acquire(-1), () -> s.tryAcquire(-1), () -> s.release(-1))) {
      assertEquals(
          "semaphore: negative weight: -1",
          assertThrows(IllegalArgumentException.class, bad::run).getMessage());
    }
    s.acquire(1);
    assertEquals(
        "semaphore: released more than held",
        assertThrows(IllegalStateException.class, () -> s.release(2)).getMessage());
    s.release(1); // the failed release changed nothing
    assertTrue(s.tryAcquire(2));
    assertThrows(IllegalStateException.class, () -> s.release(3));
  }

  private static void acquireThen(Semaphore s, long n, Runnable then) {
    s.acquire(n);
    then.run();
  }
}
