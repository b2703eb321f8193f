package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoroutineState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The goroutine registry on its own, with Gs that are never started: what walkers see, the live
 * count, and slots recycled between Ms' caches and the shared pool.
 */
class AllGTest {
  private static Sched sched;

  @BeforeAll
  static void setUp() {
    sched = TestScheds.oneP("allg-test");
  }

  @AfterAll
  static void tearDown() {
    sched.close();
  }

  private static long nextId = 1;

  private static List<G> spawn(AllG allg, AllG.Cache cache, int n) {
    List<G> gs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      G g = TestScheds.g(sched, nextId++);
      allg.add(g, cache);
      gs.add(g);
    }
    return gs;
  }

  /** What {@code Sched.exited} does: the goroutine is DEAD before it leaves the registry. */
  private static void end(AllG allg, AllG.Cache cache, List<G> gs) {
    for (G g : gs) {
      g.setStatus(GoroutineState.DEAD);
      allg.remove(g, cache);
    }
  }

  private static Set<G> walked(AllG allg) {
    return new HashSet<>(allg.snapshot());
  }

  @Test
  void goroutinesEndedOnAnotherMFreeTheirSlotsForTheSpawner() {
    AllG allg = new AllG();
    AllG.Cache spawner = allg.newCache();
    AllG.Cache other = allg.newCache();
    int n = 10_000;
    List<G> first = spawn(allg, spawner, n);
    assertEquals(n, allg.size());
    assertEquals(new HashSet<>(first), walked(allg));

    end(allg, other, first);
    assertEquals(0, allg.size());
    assertTrue(walked(allg).isEmpty(), "ended goroutines still cached by an M are not walked");

    List<G> second = spawn(allg, spawner, n);
    assertEquals(n, allg.size());
    assertEquals(new HashSet<>(second), walked(allg));
    int highest = second.stream().mapToInt(g -> g.slot).max().orElseThrow();
    // all but the few slots the other M still caches come back through the pool
    assertTrue(
        highest < n + 3 * AllG.CACHE_MAX,
        "slots reused: the second wave's highest slot is " + highest);
    Set<Integer> slots = new HashSet<>();
    second.forEach(g -> assertTrue(slots.add(g.slot), "slot " + g.slot + " given out twice"));
  }

  @Test
  void threadsThatAreNotMsUseThePool() {
    AllG allg = new AllG();
    List<G> gs = spawn(allg, null, 100);
    end(allg, null, gs.subList(0, 50));
    assertEquals(50, allg.size());
    assertEquals(new HashSet<>(gs.subList(50, 100)), walked(allg));
    List<G> again = spawn(allg, null, 50);
    assertEquals(100, allg.size());
    assertTrue(again.stream().allMatch(g -> g.slot < 100), "the pool's slots are reused first");
  }

  @Test
  void allWaitingOnlyWhenEveryLiveGoroutineIsParkedAndThereIsOne() {
    AllG allg = new AllG();
    AllG.Cache cache = allg.newCache();
    assertFalse(allg.allWaiting(), "no goroutine at all");
    List<G> gs = spawn(allg, cache, 3);
    gs.get(0).parking("chan receive", 0);
    gs.get(1).parking("select", 0);
    assertFalse(allg.allWaiting(), "one is runnable");
    end(allg, cache, gs.subList(2, 3));
    assertTrue(allg.allWaiting(), "the runnable one ended; its cached slot is skipped");
  }
}
