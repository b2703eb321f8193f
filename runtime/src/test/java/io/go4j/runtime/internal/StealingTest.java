package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StealingTest {
  @Test
  void goroutinesSpawnedOnOnePRunOnBothPs() {
    Set<Integer> ps = ConcurrentHashMap.newKeySet();
    Set<Integer> spawnerPs = ConcurrentHashMap.newKeySet();
    // without preemption requests: 2,000 spawns take tens of ms on a cold JVM, and a preempted main
    // may resume on the other P
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).preemption(false).build()) {
      rt.main(
          () -> {
            spawnerPs.add(currentP());
            List<Goroutine> gs = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
              gs.add(
                  rt.go(
                      () -> {
                        ps.add(currentP());
                        long until = System.nanoTime() + 20_000;
                        while (System.nanoTime() < until) {
                          Thread.onSpinWait(); // some work, so that the idle P has time to steal
                        }
                      }));
            }
            spawnerPs.add(currentP());
            gs.forEach(Goroutine::join);
          });
    }
    assertEquals(1, spawnerPs.size(), "all spawned from one P");
    assertEquals(Set.of(0, 1), ps, "ran on both Ps");
  }

  private static volatile boolean spawnedRan;

  /**
   * A goroutine waiting in {@code runnext} behind one that keeps running (its P switches to no
   * other goroutine) is taken by the idle P after the back-off, while its spawner still runs.
   */
  @Test
  void theIdlePTakesARunnextStuckBehindARunningGoroutine() {
    spawnedRan = false;
    AtomicInteger spawnerP = new AtomicInteger(-1);
    AtomicInteger spawnedP = new AtomicInteger(-1);
    AtomicBoolean ranMeanwhile = new AtomicBoolean();
    long handoffs;
    // without preemption requests, sysmon hands the spawner's P off only if the host stalls its
    // carrier for a millisecond (then counted in handoffs); otherwise only a thief can run it
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).preemption(false).build()) {
      rt.main(
          () -> {
            spawnerP.set(currentP());
            rt.go(
                () -> { // into this P's runnext
                  spawnedP.set(currentP());
                  spawnedRan = true;
                });
            long giveUp = System.nanoTime() + 10_000_000_000L; // a bound, so that a bug fails
            while (!spawnedRan && System.nanoTime() - giveUp < 0) {
              Thread.onSpinWait(); // no preemption point: this P runs nothing else meanwhile
            }
            ranMeanwhile.set(spawnedRan);
          });
      handoffs = rt.stats().handoffs();
    }
    assertTrue(ranMeanwhile.get(), "ran while its spawner still ran");
    if (handoffs == 0) { // else sysmon took the spawner's P from a carrier the host had stalled
      assertEquals(1 - spawnerP.get(), spawnedP.get(), "ran on the other P");
    }
  }

  private static volatile boolean hogReleased;

  @Test
  void anIdlePStealsTheHighestBandFirst() {
    List<String> order = new CopyOnWriteArrayList<>();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      rt.main(
          () -> {
            hogReleased = false;
            AtomicInteger hogP = new AtomicInteger(-1);
            Goroutine hog =
                rt.go(
                    () -> {
                      hogP.set(currentP());
                      while (!hogReleased) {
                        Thread.onSpinWait(); // holds its P, no preemption point
                      }
                    });
            while (hogP.get() < 0 || hogP.get() == currentP()) {
              GoRuntime.gosched(); // until the hog holds the other P; a fresh slice after
            }
            List<Goroutine> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              int k = i;
              all.add(rt.go(() -> order.add("normal " + k)));
            }
            all.add(rt.spawn().priority(Priority.HIGH).start(() -> order.add("high")));
            hogReleased = true; // the hog's P runs dry and steals from ours, which we keep
            while (order.isEmpty()) {
              Thread.onSpinWait();
            }
            hog.join();
            all.forEach(Goroutine::join);
          });
    }
    assertEquals("high", order.get(0), order.toString());
  }

  private static volatile int turn;
  private static volatile G ping;
  private static volatile G pong;

  /**
   * With {@code splitPairs}, two goroutines taking turns (each readies the other, then parks
   * until its turn) move to the two Ps and stay there: each spins for the other, which runs on the
   * other carrier. Counted: turns whose two halves ran on different Ps.
   */
  @Test
  void aPairTakingTurnsMovesToTwoPsWhenSplittingPairs() {
    int apart = 10_000;
    int giveUp = 2_000_000; // turns: a bound, so that a bug fails instead of hanging
    AtomicInteger splitTurns = new AtomicInteger();
    AtomicInteger turns = new AtomicInteger();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).preemption(false).splitPairs(true).build()) {
      rt.main(
          () -> {
            turn = 0;
            int[] pongP = {-1};
            pong =
                (G)
                    rt.go(
                        () -> {
                          while (true) {
                            while (turn != 1) {
                              Sched.park(Sched.current(), "chan receive");
                            }
                            if (splitTurns.get() >= apart || turns.get() >= giveUp) {
                              turn = 2;
                              Sched.ready(ping);
                              return;
                            }
                            pongP[0] = currentP();
                            turn = 0;
                            Sched.ready(ping);
                          }
                        });
            ping = Sched.current();
            while (true) {
              turn = 1;
              Sched.ready(pong);
              while (turn == 1) {
                Sched.park(Sched.current(), "chan receive");
              }
              if (turn == 2) {
                break;
              }
              turns.incrementAndGet();
              if (pongP[0] != currentP()) {
                splitTurns.incrementAndGet();
              }
            }
          });
    }
    assertTrue(
        splitTurns.get() >= apart,
        "turns on two Ps: " + splitTurns.get() + " of " + turns.get());
  }

  private static int currentP() {
    return ((M) VirtualThreads.currentCarrier()).p.id;
  }
}
