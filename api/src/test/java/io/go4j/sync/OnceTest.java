package io.go4j.sync;

import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.Goroutine;
import io.go4j.testsupport.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OnceTest {
  @Test
  void runsOnceAndConcurrentCallersWaitUntilItReturned() {
    main(
        () -> {
          Once once = new Once();
          AtomicInteger calls = new AtomicInteger();
          AtomicBoolean returned = new AtomicBoolean();
          WaitGroup proceed = new WaitGroup();
          proceed.add(1);
          Runnable f =
              () -> {
                calls.incrementAndGet();
                proceed.await();
                returned.set(true);
              };
          Goroutine first = go(() -> once.run(f));
          Waits.until(first, "sync.WaitGroup.Wait"); // inside f
          AtomicInteger sawReturned = new AtomicInteger();
          List<Goroutine> others = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            Goroutine g =
                go(
                    () -> {
                      once.run(f);
                      if (returned.get()) {
                        sawReturned.incrementAndGet();
                      }
                    });
            Waits.until(g, "sync.Mutex.Lock"); // waiting for f, as in Go
            others.add(g);
          }
          proceed.done();
          first.join();
          others.forEach(Goroutine::join);
          once.run(f);
          assertEquals(1, calls.get());
          assertEquals(4, sawReturned.get());
        });
  }

  @Test
  void aThrowingFunctionCountsAsDoneAndItsExceptionGoesToItsCaller() {
    Once once = new Once();
    IllegalStateException boom = new IllegalStateException("boom");
    assertSame(
        boom,
        assertThrows(
            IllegalStateException.class,
            () ->
                once.run(
                    () -> {
                      throw boom;
                    })));
    AtomicBoolean ranAgain = new AtomicBoolean();
    once.run(() -> ranAgain.set(true));
    assertEquals(false, ranAgain.get());
  }

  @Test
  void aCancelledWaiterGivesUpWhileFRunsOn() {
    main(
        () -> {
          Once once = new Once();
          WaitGroup proceed = new WaitGroup();
          proceed.add(1);
          AtomicInteger calls = new AtomicInteger();
          Runnable f =
              () -> {
                calls.incrementAndGet();
                proceed.await();
              };
          Goroutine first = go(() -> once.run(f));
          Waits.until(first, "sync.WaitGroup.Wait");
          AtomicReference<RuntimeException> outcome = new AtomicReference<>();
          Goroutine waiter = go(() -> outcome.set(Attempt.of(() -> once.run(f))));
          Waits.until(waiter, "sync.Mutex.Lock");
          waiter.interrupt();
          waiter.join();
          assertEquals(
              "sync.Once interrupted while another goroutine ran f; f may not have returned yet",
              assertInstanceOf(CancelledException.class, outcome.get()).getMessage());
          proceed.done();
          first.join();
          once.run(f);
          assertEquals(1, calls.get());
        });
  }

  @Test
  void onceFuncRunsOnceAndRethrowsTheSameExceptionOnEveryCall() {
    AtomicInteger calls = new AtomicInteger();
    Runnable r = Once.onceFunc(calls::incrementAndGet);
    r.run();
    r.run();
    assertEquals(1, calls.get());

    IllegalArgumentException boom = new IllegalArgumentException("boom");
    Runnable failing =
        Once.onceFunc(
            () -> {
              calls.incrementAndGet();
              throw boom;
            });
    for (int i = 0; i < 3; i++) {
      assertSame(boom, assertThrows(IllegalArgumentException.class, failing::run));
    }
    assertEquals(2, calls.get());
  }

  @Test
  void onceValueComputesOnceUnderConcurrencyAndRethrowsTheSameException() {
    main(
        () -> {
          AtomicInteger calls = new AtomicInteger();
          Supplier<List<String>> value =
              Once.onceValue(
                  () -> {
                    calls.incrementAndGet();
                    return List.of("computed");
                  });
          List<List<String>> seen = java.util.Collections.synchronizedList(new ArrayList<>());
          WaitGroup wg = new WaitGroup();
          for (int i = 0; i < 50; i++) {
            wg.go(() -> seen.add(value.get()));
          }
          wg.await();
          assertEquals(1, calls.get());
          assertEquals(50, seen.size());
          for (List<String> v : seen) {
            assertSame(seen.get(0), v);
          }

          Error boom = new AssertionError("boom");
          Supplier<String> failing =
              Once.onceValue(
                  () -> {
                    calls.incrementAndGet();
                    throw boom;
                  });
          for (int i = 0; i < 3; i++) {
            assertSame(boom, assertThrows(AssertionError.class, failing::get));
          }
          assertEquals(2, calls.get());
        });
  }
}
