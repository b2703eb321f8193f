package io.go4j.sync;

import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static io.go4j.sync.PiMutexTest.eff;
import static io.go4j.sync.PiMutexTest.interruptedWaiterWithdrawsItsBoost;
import static io.go4j.sync.PiMutexTest.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import io.go4j.sync.PiMutexTest.Gate;
import io.go4j.testsupport.Waits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PiSemaphoreTest {
  private static final String SEM = "semacquire";
  private static final String LOCK = "sync.Mutex.Lock";
  private static final String GATE = "chan receive";

  @Test
  void aBlockedWaiterBoostsEveryHolderItOutranksAndReleaseRestores() {
    main(
        () -> {
          PiSemaphore s = new PiSemaphore(2);
          Gate gateLow = new Gate();
          Gate gateNormal = new Gate();
          List<String> events = Collections.synchronizedList(new ArrayList<>());
          Goroutine low =
              start(
                  Priority.LOW,
                  () -> {
                    s.acquire();
                    gateLow.pass();
                    s.release();
                    events.add("low released: " + eff(GoRuntime.current()));
                  });
          Goroutine normal =
              start(
                  Priority.NORMAL,
                  () -> {
                    s.acquire();
                    gateNormal.pass();
                    s.release();
                    events.add("normal released: " + eff(GoRuntime.current()));
                  });
          Waits.until(low, GATE);
          Waits.until(normal, GATE);
          assertFalse(s.tryAcquire());
          Goroutine high =
              start(
                  Priority.HIGH,
                  () -> {
                    s.acquire();
                    events.add("high acquired");
                    s.release();
                  });
          Waits.until(high, SEM);
          assertEquals(Priority.HIGH, eff(low));
          assertEquals(Priority.HIGH, eff(normal));
          assertTrue(GoRuntime.getDefault().dump().contains("base LOW, boosted by goroutine " + high.id()));

          gateLow.open(); // low's permit goes to high; normal has no waiter left to boost it
          low.join();
          high.join();
          assertEquals(Priority.NORMAL, eff(normal));
          gateNormal.open();
          normal.join();
          // low's and high's events race (2 Ps); each is ordered before normal's.
          assertEquals(
              List.of("high acquired", "low released: LOW", "normal released: NORMAL"),
              List.of(events.get(0), events.get(1), events.get(2)).stream().sorted().toList());
          assertEquals("normal released: NORMAL", events.get(2));
          assertEquals(2, s.availablePermits());
        });
  }

  @Test
  void aWaiterOnlyBoostsHoldersItOutranks() {
    main(
        () -> {
          PiSemaphore s = new PiSemaphore(1);
          Gate gate = new Gate();
          Goroutine high =
              start(
                  Priority.HIGH,
                  () -> {
                    s.acquire();
                    gate.pass();
                    s.release();
                  });
          Waits.until(high, GATE);
          Goroutine low = start(Priority.LOW, s::acquire);
          Waits.until(low, SEM);
          assertEquals(Priority.HIGH, eff(high));
          assertFalse(GoRuntime.getDefault().dump().contains("boosted by"));
          gate.open();
          low.join();
          high.join();
        });
  }

  @Test
  void theBoostGoesOnThroughAPiMutexTheHolderWaitsFor() {
    main(
        () -> {
          PiSemaphore s = new PiSemaphore(1);
          PiMutex m = new PiMutex();
          Gate gate = new Gate();
          Goroutine far =
              start(
                  Priority.LOW,
                  () -> {
                    m.lock();
                    gate.pass();
                    m.unlock();
                  });
          Waits.until(far, GATE);
          Goroutine holder =
              start(
                  Priority.LOW,
                  () -> {
                    s.acquire();
                    m.lock();
                    m.unlock();
                    s.release();
                  });
          Waits.until(holder, LOCK);
          Goroutine high = start(Priority.REALTIME, () -> {
            s.acquire();
            s.release();
          });
          Waits.until(high, SEM);
          assertEquals(List.of(Priority.REALTIME, Priority.REALTIME), List.of(eff(holder), eff(far)));
          gate.open();
          high.join();
          holder.join();
          far.join();
          assertEquals(List.of(Priority.LOW, Priority.LOW), List.of(eff(holder), eff(far)));
        });
  }

  @Test
  void anInterruptedWaiterWithdrawsItsBoost() {
    main(
        () -> {
          PiSemaphore s = new PiSemaphore(1);
          interruptedWaiterWithdrawsItsBoost(
              s::acquire, s::release, SEM, "semacquire interrupted; nothing was acquired");
          assertEquals(1, s.availablePermits());
        });
  }

  /**
   * Starts a goroutine that takes a permit of {@code s} and then waits to lock {@code m}, which
   * the caller locks first; returns once it waits ({@code sync.Mutex.Lock}). Having locked {@code
   * m}, it releases {@code m} and its permit.
   */
  private static Goroutine permitHolderWaitingFor(PiSemaphore s, PiMutex m) {
    Gate gate = new Gate();
    Goroutine holder =
        go(
            () -> {
              s.acquire();
              gate.pass();
              m.lock();
              m.unlock();
              s.release();
            });
    Waits.until(holder, GATE);
    m.lock();
    gate.open();
    Waits.until(holder, LOCK);
    return holder;
  }

  @Test
  void waitingWhenEveryHolderWaitsForTheWaiterIsADeadlock() {
    main(
        () -> {
          PiSemaphore s = new PiSemaphore(1);
          PiMutex m = new PiMutex();
          Goroutine holder = permitHolderWaitingFor(s, m);
          DeadlockException err = assertThrows(DeadlockException.class, s::acquire);
          m.unlock();
          holder.join();
          long me = GoRuntime.current().id();
          assertEquals(
              "sync: deadlock: goroutine "
                  + me
                  + " waits for "
                  + s
                  + " held by goroutine "
                  + holder.id()
                  + ", goroutine "
                  + holder.id()
                  + " waits for "
                  + m
                  + " held by goroutine "
                  + me,
              err.getMessage());
          assertEquals(1, s.availablePermits());
        });
  }

  @Test
  void acquiringTheLastPermitAgainWhileHoldingItIsADeadlock() {
    main(
        () -> {
          PiSemaphore s = new PiSemaphore(1);
          s.acquire();
          long me = GoRuntime.current().id();
          DeadlockException e = assertThrows(DeadlockException.class, s::acquire);
          assertEquals(
              "sync: deadlock: goroutine " + me + " waits for " + s + " held by goroutine " + me,
              e.getMessage());
          s.release();
          assertEquals(1, s.availablePermits());
        });
  }

  @Test
  void aHolderOutsideTheCycleCanStillReleaseSoItIsNoDeadlock() {
    main(
        () -> {
          PiSemaphore s = new PiSemaphore(2);
          PiMutex m = new PiMutex();
          Goroutine holder = permitHolderWaitingFor(s, m);
          Gate other = new Gate();
          Goroutine free =
              go(
                  () -> {
                    s.acquire();
                    other.pass();
                    s.release();
                  });
          Waits.until(free, GATE);
          go(other::open);
          s.acquire(); // free's permit
          m.unlock();
          s.release();
          holder.join();
          free.join();
          assertEquals(2, s.availablePermits());
        });
  }

  @Test
  void releaseErrors() {
    main(
        () -> {
          PiSemaphore s = new PiSemaphore(1);
          IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
          assertEquals(
              "semaphore: release of " + s + " by a goroutine that holds no permit",
              e.getMessage());
          go(s::acquire).join();
          assertThrows(IllegalStateException.class, s::release);
          assertFalse(s.tryAcquire());
          assertThrows(IllegalArgumentException.class, () -> new PiSemaphore(-1));
        });
  }
}
