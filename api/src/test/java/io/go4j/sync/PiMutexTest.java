package io.go4j.sync;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static io.go4j.Go.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import io.go4j.runtime.RuntimeStats;
import io.go4j.runtime.spi.Priorities;
import io.go4j.testsupport.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PiMutexTest {
  private static final String LOCK = "sync.Mutex.Lock";
  private static final String GATE = "chan receive";

  /** A gate goroutines wait at ({@code chan receive}) until it is opened. */
  static final class Gate {
    private final Chan<Boolean> ch = chan();

    void pass() {
      ch.recvOk();
    }

    void open() {
      ch.close();
    }
  }

  static Goroutine start(Priority p, Runnable body) {
    return spawn().priority(p).start(body);
  }

  static Priority eff(Goroutine g) {
    return Priorities.effective(g);
  }

  /**
   * A LOW goroutine takes a priority-inheritance primitive ({@code acquire}) and waits at a gate; a
   * HIGH one blocks taking it too (wait reason {@code reason}), which boosts the holder, and is
   * interrupted: it gets a {@link CancelledException} with {@code message}, and the holder is back
   * at LOW with no boost left in the dump. Then the holder releases and ends.
   */
  static void interruptedWaiterWithdrawsItsBoost(
      Runnable acquire, Runnable release, String reason, String message) {
    Gate gate = new Gate();
    Goroutine low =
        start(
            Priority.LOW,
            () -> {
              acquire.run();
              gate.pass();
              release.run();
            });
    Waits.until(low, GATE);
    AtomicReference<Throwable> err = new AtomicReference<>();
    Goroutine high =
        start(
            Priority.HIGH,
            () -> {
              try {
                acquire.run();
              } catch (CancelledException e) {
                err.set(e);
              }
            });
    Waits.until(high, reason);
    assertEquals(Priority.HIGH, eff(low));
    high.interrupt();
    high.join();
    assertEquals(message, assertInstanceOf(CancelledException.class, err.get()).getMessage());
    assertEquals(Priority.LOW, eff(low));
    assertFalse(GoRuntime.getDefault().dump().contains("boosted by"));
    gate.open();
    low.join();
  }

  @Test
  void waitersAreServedByEffectivePriorityThenFifo() {
    main(
        () -> {
          PiMutex m = new PiMutex();
          m.lock();
          List<String> order = Collections.synchronizedList(new ArrayList<>());
          String[] names = {"low", "normal1", "high1", "normal2", "high2", "realtime"};
          Priority[] prios = {
            Priority.LOW,
            Priority.NORMAL,
            Priority.HIGH,
            Priority.NORMAL,
            Priority.HIGH,
            Priority.REALTIME
          };
          List<Goroutine> gs = new ArrayList<>();
          for (int i = 0; i < names.length; i++) {
            String name = names[i];
            Goroutine g =
                start(
                    prios[i],
                    () -> {
                      m.lock();
                      order.add(name);
                      m.unlock();
                    });
            Waits.until(g, LOCK);
            gs.add(g);
          }
          assertEquals(Priority.REALTIME, eff(GoRuntime.current()), "main boosted by its top waiter");
          m.unlock();
          assertEquals(Priority.NORMAL, eff(GoRuntime.current()), "main back at its base");
          for (Goroutine g : gs) {
            g.join();
          }
          assertEquals(List.of("realtime", "high1", "high2", "normal1", "normal2", "low"), order);
        });
  }

  @Test
  void aHighWaiterBoostsALowOwnerAndUnlockRestoresItAndHandsTheLockOver() {
    main(
        () -> {
          PiMutex m = new PiMutex();
          Gate gate = new Gate();
          List<String> events = Collections.synchronizedList(new ArrayList<>());
          AtomicReference<Priority> afterUnlock = new AtomicReference<>();
          Goroutine low =
              start(
                  Priority.LOW,
                  () -> {
                    m.lock();
                    gate.pass();
                    events.add("low unlocks at " + eff(GoRuntime.current()));
                    m.unlock();
                    afterUnlock.set(eff(GoRuntime.current()));
                  });
          Waits.until(low, GATE);
          assertEquals(Priority.LOW, eff(low));
          Goroutine high =
              start(
                  Priority.HIGH,
                  () -> {
                    m.lock();
                    events.add("high acquired");
                    m.unlock();
                  });
          Waits.until(high, LOCK);
          assertEquals(Priority.HIGH, eff(low));
          assertEquals(Priority.LOW, Priorities.base(low));
          String dump = GoRuntime.getDefault().dump();
          assertTrue(
              dump.contains(
                  "priority HIGH (base LOW, boosted by goroutine "
                      + high.id()
                      + " waiting for "
                      + m
                      + ")"),
              dump);
          assertEquals(
              List.of(
                  new RuntimeStats.Boost(
                      low.id(),
                      Priority.LOW,
                      Priority.HIGH,
                      "goroutine " + high.id() + " waiting for " + m)),
              GoRuntime.getDefault().stats().boosts());
          gate.open();
          low.join();
          high.join();
          assertEquals(Priority.LOW, eff(low));
          assertEquals(List.of(), GoRuntime.getDefault().stats().boosts());
          assertEquals(Priority.LOW, afterUnlock.get(), "unboosted by its own unlock");
          assertEquals(List.of("low unlocks at HIGH", "high acquired"), events);
        });
  }

  @Test
  void aChainOfThreeLocksBoostsTheFarEndAndUnboostsLinkByLink() {
    main(
        () -> {
          PiMutex a = new PiMutex();
          PiMutex b = new PiMutex();
          PiMutex c = new PiMutex();
          Gate gate1 = new Gate();
          Gate gate2 = new Gate();
          Gate gate3 = new Gate();
          List<String> events = Collections.synchronizedList(new ArrayList<>());
          Goroutine g3 =
              start(
                  Priority.LOW,
                  () -> {
                    c.lock();
                    gate3.pass();
                    c.unlock();
                    events.add("g3 released c: " + eff(GoRuntime.current()));
                  });
          Waits.until(g3, GATE);
          Goroutine g2 =
              start(
                  Priority.LOW,
                  () -> {
                    b.lock();
                    c.lock();
                    gate2.pass();
                    c.unlock();
                    events.add("g2 released c: " + eff(GoRuntime.current()));
                    b.unlock();
                    events.add("g2 released b: " + eff(GoRuntime.current()));
                  });
          Waits.until(g2, LOCK);
          Goroutine g1 =
              start(
                  Priority.LOW,
                  () -> {
                    a.lock();
                    b.lock();
                    gate1.pass();
                    b.unlock();
                    events.add("g1 released b: " + eff(GoRuntime.current()));
                    a.unlock();
                    events.add("g1 released a: " + eff(GoRuntime.current()));
                  });
          Waits.until(g1, LOCK);
          assertEquals(List.of(Priority.LOW, Priority.LOW, Priority.LOW), List.of(eff(g1), eff(g2), eff(g3)));
          Goroutine h =
              start(
                  Priority.HIGH,
                  () -> {
                    a.lock();
                    a.unlock();
                  });
          Waits.until(h, LOCK);
          assertEquals(
              List.of(Priority.HIGH, Priority.HIGH, Priority.HIGH), List.of(eff(g1), eff(g2), eff(g3)));

          gate3.open(); // c goes to g2, which still holds b with g1 (boosted) waiting
          Waits.until(g2, GATE);
          g3.join();
          assertEquals(Priority.HIGH, eff(g2));
          assertEquals(Priority.HIGH, eff(g1));

          gate2.open(); // b goes to g1
          Waits.until(g1, GATE);
          g2.join();
          assertEquals(Priority.HIGH, eff(g1));

          gate1.open();
          g1.join();
          h.join();
          assertEquals(
              List.of(
                  "g3 released c: LOW",
                  "g2 released c: HIGH",
                  "g2 released b: LOW",
                  "g1 released b: HIGH",
                  "g1 released a: LOW"),
              events);
        });
  }

  @Test
  void aWaiterBoostedWhileItWaitsMovesUpTheQueue() {
    main(
        () -> {
          PiMutex l = new PiMutex();
          PiMutex m = new PiMutex();
          l.lock();
          List<String> order = Collections.synchronizedList(new ArrayList<>());
          Goroutine normal =
              start(
                  Priority.NORMAL,
                  () -> {
                    l.lock();
                    order.add("normal");
                    l.unlock();
                  });
          Waits.until(normal, LOCK);
          Goroutine low =
              start(
                  Priority.LOW,
                  () -> {
                    m.lock();
                    l.lock(); // queued behind normal...
                    order.add("low");
                    l.unlock();
                    m.unlock();
                  });
          Waits.until(low, LOCK);
          Goroutine rt =
              start(
                  Priority.REALTIME,
                  () -> {
                    m.lock(); // ...until this boosts it to REALTIME, ahead of normal
                    order.add("realtime");
                    m.unlock();
                  });
          Waits.until(rt, LOCK);
          assertEquals(Priority.REALTIME, eff(low));
          assertEquals(Priority.REALTIME, eff(GoRuntime.current()), "main, owning l, too");
          l.unlock();
          normal.join();
          low.join();
          rt.join();
          // l went to low first; normal's and realtime's turns then race (2 Ps).
          assertEquals("low", order.get(0), order.toString());
          assertEquals(3, order.size());
        });
  }

  @Test
  void aCycleOfTwoIsADeadlockNamingItAndNothingIsAcquired() {
    main(
        () -> {
          PiMutex a = new PiMutex();
          PiMutex b = new PiMutex();
          Gate gate = new Gate();
          AtomicReference<Throwable> err = new AtomicReference<>();
          Goroutine g1 =
              go(
                  () -> {
                    a.lock();
                    gate.pass();
                    b.lock(); // waits for g2
                    b.unlock();
                    a.unlock();
                  });
          Goroutine g2 =
              go(
                  () -> {
                    b.lock();
                    gate.pass();
                    Waits.until(g1, LOCK);
                    try {
                      a.lock();
                    } catch (DeadlockException e) {
                      err.set(e);
                    }
                    b.unlock();
                  });
          Waits.until(g1, GATE);
          Waits.until(g2, GATE); // both hold their first lock
          gate.open();
          g2.join();
          g1.join();
          DeadlockException e = assertInstanceOf(DeadlockException.class, err.get());
          assertEquals(
              "sync: deadlock: goroutine "
                  + g2.id()
                  + " waits for "
                  + a
                  + " held by goroutine "
                  + g1.id()
                  + ", goroutine "
                  + g1.id()
                  + " waits for "
                  + b
                  + " held by goroutine "
                  + g2.id(),
              e.getMessage());
          assertTrue(a.tryLock(), "released by g1, never taken by g2");
          a.unlock();
        });
  }

  @Test
  void aCycleOfThreeIsADeadlockNamingIt() {
    main(
        () -> {
          PiMutex a = new PiMutex();
          PiMutex b = new PiMutex();
          PiMutex c = new PiMutex();
          Gate gate = new Gate();
          AtomicReference<Throwable> err = new AtomicReference<>();
          Goroutine g1 =
              go(
                  () -> {
                    a.lock();
                    gate.pass();
                    b.lock();
                    b.unlock();
                    a.unlock();
                  });
          Goroutine g2 =
              go(
                  () -> {
                    b.lock();
                    gate.pass();
                    c.lock();
                    c.unlock();
                    b.unlock();
                  });
          Waits.until(g1, GATE);
          Waits.until(g2, GATE);
          Goroutine g3 =
              go(
                  () -> {
                    c.lock();
                    gate.open();
                    Waits.until(g1, LOCK);
                    Waits.until(g2, LOCK);
                    try {
                      a.lock();
                    } catch (DeadlockException e) {
                      err.set(e);
                    }
                    c.unlock();
                  });
          g3.join();
          g2.join();
          g1.join();
          String g = "goroutine ";
          assertEquals(
              "sync: deadlock: "
                  + (g + g3.id() + " waits for " + a + " held by " + g + g1.id())
                  + (", " + g + g1.id() + " waits for " + b + " held by " + g + g2.id())
                  + (", " + g + g2.id() + " waits for " + c + " held by " + g + g3.id()),
              assertInstanceOf(DeadlockException.class, err.get()).getMessage());
        });
  }

  @Test
  void relockingAHeldPiMutexIsADeadlock() {
    main(
        () -> {
          PiMutex m = new PiMutex();
          m.lock();
          DeadlockException e = assertThrows(DeadlockException.class, m::lock);
          long me = GoRuntime.current().id();
          assertEquals(
              "sync: deadlock: goroutine " + me + " waits for " + m + " held by goroutine " + me,
              e.getMessage());
          m.unlock();
          assertTrue(m.tryLock());
          m.unlock();
        });
  }

  @Test
  void anInterruptedWaiterWithdrawsItsBoost() {
    main(
        () -> {
          PiMutex m = new PiMutex();
          interruptedWaiterWithdrawsItsBoost(
              m::lock, m::unlock, LOCK, "sync.Mutex.Lock interrupted; the lock was not acquired");
          assertTrue(m.tryLock(), "the interrupted waiter never got it");
          m.unlock();
        });
  }

  @Test
  void aTimedOutWaiterWithdrawsItsBoostAlongTheChain() {
    main(
        () -> {
          PiMutex a = new PiMutex();
          PiMutex b = new PiMutex();
          Gate gate = new Gate();
          Goroutine far =
              start(
                  Priority.LOW,
                  () -> {
                    b.lock();
                    gate.pass();
                    b.unlock();
                  });
          Waits.until(far, GATE);
          Goroutine near =
              start(
                  Priority.LOW,
                  () -> {
                    a.lock();
                    b.lock();
                    b.unlock();
                    a.unlock();
                  });
          Waits.until(near, LOCK);
          // Observe the boost while the timed waiter still waits: if the timeout came first (a very
          // slow machine), the observation did not happen during the wait; try again, longer.
          for (long ms = 100; ; ms *= 2) {
            Duration timeout = Duration.ofMillis(ms);
            AtomicReference<Boolean> got = new AtomicReference<>();
            Goroutine high = start(Priority.HIGH, () -> got.set(a.tryLock(timeout)));
            while (!LOCK.equals(high.waitReason()) && high.isAlive()) {
              GoRuntime.sleep(Duration.ofMillis(1));
            }
            List<Priority> during = List.of(eff(near), eff(far));
            boolean observedWhileWaiting = LOCK.equals(high.waitReason());
            high.join();
            assertFalse(got.get(), "timed out");
            assertEquals(List.of(Priority.LOW, Priority.LOW), List.of(eff(near), eff(far)));
            if (observedWhileWaiting) {
              assertEquals(List.of(Priority.HIGH, Priority.HIGH), during);
              break;
            }
          }
          gate.open();
          near.join();
          far.join();
        });
  }

  @Test
  void aTimedOutWaiterBoostsWhileItWaits() {
    main(
        () -> {
          PiMutex m = new PiMutex();
          m.lock();
          Goroutine high = start(Priority.HIGH, () -> m.tryLock(Duration.ofHours(1)));
          Waits.until(high, LOCK);
          assertEquals(Priority.HIGH, eff(GoRuntime.current()));
          m.unlock();
          high.join();
          assertEquals(Priority.NORMAL, eff(GoRuntime.current()));
          assertFalse(m.tryLock(), "handed to the waiter, which never unlocked");
        });
  }

  @Test
  void excludesUnderContentionAndLeavesEveryoneAtItsBase() {
    main(
        () -> {
          PiMutex a = new PiMutex();
          PiMutex b = new PiMutex();
          int[] counter = {0};
          AtomicReference<String> violation = new AtomicReference<>();
          List<Goroutine> gs = new ArrayList<>();
          Priority[] prios = Priority.values();
          for (int i = 0; i < 8; i++) {
            boolean nested = i % 2 == 0;
            gs.add(
                start(
                    prios[i % prios.length],
                    () -> {
                      for (int n = 0; n < 2_000; n++) {
                        a.lock();
                        if (nested) {
                          b.lock(); // always a then b: no cycle
                        }
                        int c = counter[0];
                        counter[0] = c + 1;
                        if (Priorities.base(GoRuntime.current()).compareTo(eff(GoRuntime.current()))
                            > 0) {
                          violation.set("below base");
                        }
                        if (nested) {
                          b.unlock();
                        }
                        a.unlock();
                      }
                    }));
          }
          for (Goroutine g : gs) {
            g.join();
          }
          assertEquals(16_000, counter[0]);
          assertNull(violation.get());
          for (Goroutine g : gs) {
            assertEquals(Priorities.base(g), eff(g), "goroutine " + g.id());
          }
          assertTrue(a.tryLock());
          assertTrue(b.tryLock());
        });
  }

  @Test
  void cancelledAndTimedOutWaitersUnderContentionLeaveNoBoostAndNoBookkeeping() {
    int before = PiLock.registeredTasks();
    main(
        () -> {
          PiMutex a = new PiMutex();
          PiSemaphore s = new PiSemaphore(2);
          int[] inside = {0};
          AtomicReference<String> violation = new AtomicReference<>();
          List<Goroutine> gs = new ArrayList<>();
          Priority[] prios = Priority.values();
          for (int i = 0; i < 8; i++) {
            int id = i;
            gs.add(
                start(
                    prios[i % prios.length],
                    () -> {
                      for (int n = 0; n < 500; n++) {
                        try {
                          s.acquire(); // a before-a-lock semaphore: holders wait for a
                        } catch (CancelledException e) {
                          continue;
                        }
                        try {
                          boolean got = lockOrCancel(a, (n + id) % 3 == 0);
                          if (got) {
                            if (++inside[0] != 1) {
                              violation.set("two inside");
                            }
                            inside[0]--;
                            a.unlock();
                          }
                        } finally {
                          s.release();
                        }
                      }
                    }));
          }
          // interrupt them at random points while they run
          for (int round = 0; round < 200; round++) {
            gs.get(round % gs.size()).interrupt();
            GoRuntime.gosched();
          }
          for (Goroutine g : gs) {
            g.join();
          }
          assertNull(violation.get());
          for (Goroutine g : gs) {
            assertEquals(Priorities.base(g), eff(g), "goroutine " + g.id());
          }
          assertEquals(2, s.availablePermits());
          assertTrue(a.tryLock());
          a.unlock();
        });
    assertEquals(before, PiLock.registeredTasks(), "tasks left in the registry");
  }

  /** Locks {@code m} (with a short timeout when {@code timed}): false if cancelled or timed out. */
  private static boolean lockOrCancel(PiMutex m, boolean timed) {
    try {
      if (timed) {
        return m.tryLock(Duration.ofNanos(1_000));
      }
      m.lock();
      return true;
    } catch (CancelledException e) {
      return false;
    }
  }

  @Test
  void unlockErrors() {
    main(
        () -> {
          PiMutex m = new PiMutex();
          IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
          assertEquals("sync: unlock of unlocked mutex", e.getMessage());
          Goroutine owner = go(m::lock);
          owner.join();
          e = assertThrows(IllegalStateException.class, m::unlock);
          assertEquals(
              "sync: unlock of " + m + " not held by this goroutine (held by goroutine "
                  + owner.id()
                  + ")",
              e.getMessage());
          assertFalse(m.tryLock());
          assertFalse(m.tryLock(Duration.ZERO));
        });
  }

  @Test
  void aPlainThreadWaitsAsNormalAndBoostsALowOwner() throws Exception {
    PiMutex m = new PiMutex();
    // LOW spins (gosched) rather than parks while it holds m: a goroutine parked until a plain
    // thread acts would look like a deadlock to the runtime, which only counts goroutines.
    AtomicBoolean locked = new AtomicBoolean();
    AtomicBoolean release = new AtomicBoolean();
    AtomicReference<Goroutine> low = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread director =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    main(
                        () -> {
                          low.set(
                              start(
                                  Priority.LOW,
                                  () -> {
                                    m.lock();
                                    locked.set(true);
                                    while (!release.get()) {
                                      GoRuntime.gosched();
                                    }
                                    m.unlock();
                                  }));
                          low.get().join();
                        });
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                });
    while (!locked.get()) {
      Thread.onSpinWait();
    }
    Thread waiter = Thread.ofPlatform().name("pi-waiter").start(m::lock);
    while (eff(low.get()) != Priority.NORMAL) {
      Thread.onSpinWait();
    }
    String dump = GoRuntime.getDefault().dump();
    assertTrue(
        dump.contains("base LOW, boosted by thread pi-waiter waiting for " + m + ")"), dump);
    release.set(true);
    waiter.join();
    director.join();
    assertNull(failure.get());
    assertEquals(Priority.LOW, eff(low.get()));
    IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
    assertTrue(e.getMessage().endsWith("(held by thread pi-waiter)"), e.getMessage());
  }

  @Test
  void plainThreadsMayUseItAsNormal() throws Exception {
    PiMutex m = new PiMutex();
    m.lock();
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  m.lock();
                  events.add("thread acquired");
                  m.unlock();
                });
    while (t.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    events.add("main unlocks");
    m.unlock();
    t.join();
    assertEquals(List.of("main unlocks", "thread acquired"), events);
    main(
        () -> {
          m.lock();
          m.unlock();
        });
  }
}
