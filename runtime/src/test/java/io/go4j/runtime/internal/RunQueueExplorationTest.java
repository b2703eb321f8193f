package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import io.go4j.runtime.spi.Decider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local run queue's races explored one memory access at a time: goroutines of a deterministic
 * runtime play an owner M and thief Ms on real {@link RunQueue}s (holding Gs that never start), and
 * a random walk decides at every interleaving point of the queue which of them goes on. Whatever
 * the interleaving, every goroutine put is taken exactly once: by the owner, by a thief, or left
 * in a queue (runnext, ring or the global queue after a spill).
 */
class RunQueueExplorationTest {
  private static Sched sched;
  private static long nextId = 1;

  @BeforeAll
  static void setUp() {
    sched = TestScheds.oneP("runq-explore");
  }

  @AfterAll
  static void tearDown() {
    sched.close();
  }

  private static synchronized G g() {
    return TestScheds.g(sched, nextId++);
  }

  /** What one schedule did: every goroutine taken, by whom, and how many interleaving points. */
  private static final class Outcome {
    final List<G> taken = Collections.synchronizedList(new ArrayList<>());
    int stolen;
    int spilled;
  }

  /**
   * The owner puts {@code puts} goroutines (every third into runnext) and takes one after every
   * other put; {@code thieves} thieves, each with its own P, steal three times (runnext too) and
   * run what they stole; at the end the queues and the global queue are drained.
   */
  private static Outcome run(long seed, int puts, int thieves, List<G> all) {
    Outcome o = new Outcome();
    GlobalQueue global = new GlobalQueue();
    RunQueue victim = new P(0, global).runq(Bands.index(Priority.NORMAL));
    for (int i = 0; i < puts; i++) {
      all.add(g());
    }
    try (GoRuntime rt =
        GoRuntime.builder().name("runq-" + seed).deterministic(Decider.randomWalk(seed)).build()) {
      rt.main(
          () -> {
            List<Goroutine> started = new ArrayList<>();
            started.add(
                rt.go(
                    () -> {
                      for (int i = 0; i < puts; i++) {
                        victim.put(all.get(i), i % 3 == 0);
                        if (i % 2 == 1) {
                          G next = victim.takeNext();
                          G got = next != null ? next : victim.takeHead();
                          if (got != null) {
                            o.taken.add(got);
                          }
                        }
                      }
                    }));
            for (int k = 0; k < thieves; k++) {
              RunQueue own = new P(k + 1, global).runq(Bands.index(Priority.NORMAL));
              started.add(
                  rt.go(
                      () -> {
                        for (int round = 0; round < 3; round++) {
                          G got = own.steal(victim, true);
                          for (; got != null; got = own.takeHead()) {
                            o.taken.add(got);
                            synchronized (o) {
                              o.stolen++;
                            }
                          }
                        }
                      }));
            }
            for (Goroutine s : started) {
              s.join();
            }
          });
    }
    for (G got = victim.takeNext(); got != null; got = victim.takeNext()) {
      o.taken.add(got);
    }
    for (G got = victim.takeHead(); got != null; got = victim.takeHead()) {
      o.taken.add(got);
    }
    for (G got = global.poll(); got != null; got = global.poll()) {
      o.taken.add(got);
      o.spilled++;
    }
    return o;
  }

  private static void assertExactlyOnce(long seed, List<G> all, Outcome o) {
    Set<G> seen = new HashSet<>();
    for (G got : o.taken) {
      assertTrue(seen.add(got), "seed " + seed + ": goroutine " + got.id + " taken twice");
    }
    assertEquals(new HashSet<>(all), seen, "seed " + seed + ": goroutines lost");
    assertEquals(all.size(), o.taken.size(), "seed " + seed);
  }

  @Test
  void anOwnerAndTwoThievesNeverLoseOrDuplicateAGoroutine() {
    int schedulesThatStole = 0;
    for (long seed = 0; seed < 400; seed++) {
      List<G> all = new ArrayList<>();
      Outcome o = run(seed, 8, 2, all);
      assertExactlyOnce(seed, all, o);
      schedulesThatStole += o.stolen > 0 ? 1 : 0;
    }
    assertTrue(schedulesThatStole > 200, "schedules in which a thief stole: " + schedulesThatStole);
  }

  /** A full ring spills half of itself to the global queue while a thief steals from it. */
  @Test
  void aSpillRacingAThiefNeverLosesOrDuplicatesAGoroutine() {
    int spilled = 0;
    for (long seed = 0; seed < 15; seed++) {
      List<G> all = new ArrayList<>();
      Outcome o = run(seed, 2 * RunQueue.CAPACITY + 20, 1, all);
      assertExactlyOnce(seed, all, o);
      spilled += o.spilled > 0 ? 1 : 0;
    }
    assertTrue(spilled > 10, "schedules that spilled to the global queue: " + spilled);
  }
}
