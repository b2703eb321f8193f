package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local run queue on its own, with Gs that are never started. */
class RunQueueTest {
  private static Sched sched;

  @BeforeAll
  static void setUp() {
    sched = TestScheds.oneP("runq-test");
  }

  @AfterAll
  static void tearDown() {
    sched.close();
  }

  private static long nextId = 1000;

  private static G g() {
    return TestScheds.g(sched, nextId++);
  }

  /** Go's {@code runqget}: runnext, else the ring's head. */
  private static G take(RunQueue q) {
    G next = q.takeNext();
    return next != null ? next : q.takeHead();
  }

  private static RunQueue queue(GlobalQueue global) {
    return new P(0, global).runq(Bands.index(Priority.NORMAL));
  }

  @Test
  void runnextFirstThenRingInFifoOrder() {
    RunQueue q = queue(new GlobalQueue());
    G a = g();
    G b = g();
    G c = g();
    q.put(a, false);
    q.put(b, true);
    q.put(c, true); // displaces b to the ring's tail
    assertEquals(3, q.size());
    assertSame(c, q.takeNext(), "runnext first");
    assertNull(q.takeNext());
    assertSame(a, q.takeHead(), "then the ring, in FIFO order");
    assertSame(b, q.takeHead());
    assertNull(q.takeHead());
    assertTrue(q.isEmpty());
  }

  @Test
  void aFullRingMovesHalfOfItselfPlusTheNewcomerToTheGlobalQueueInOrder() {
    GlobalQueue global = new GlobalQueue();
    RunQueue q = queue(global);
    List<G> gs = new ArrayList<>();
    for (int i = 0; i < RunQueue.CAPACITY + 1; i++) {
      G x = g();
      gs.add(x);
      q.put(x, false);
    }
    assertEquals(RunQueue.CAPACITY / 2 + 1, global.size());
    for (int i = 0; i < RunQueue.CAPACITY / 2; i++) {
      assertSame(gs.get(i), global.poll(), "global " + i);
    }
    assertSame(gs.get(RunQueue.CAPACITY), global.poll());
    for (int i = RunQueue.CAPACITY / 2; i < RunQueue.CAPACITY; i++) {
      assertSame(gs.get(i), take(q), "local " + i);
    }
    assertNull(take(q));
  }

  @Test
  void stealTakesHalfRoundedUpAndRunnextOnlyWhenAskedAndTheRingIsEmpty() {
    RunQueue victim = queue(new GlobalQueue());
    RunQueue thief = queue(new GlobalQueue());
    G next = g();
    List<G> ring = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      G x = g();
      ring.add(x);
      victim.put(x, false);
    }
    victim.put(next, true);
    // 5 in the ring: steal 3, one returned to run, two left in the thief's ring
    assertSame(ring.get(2), thief.steal(victim, false));
    assertSame(ring.get(0), take(thief));
    assertSame(ring.get(1), take(thief));
    assertNull(take(thief));
    assertSame(ring.get(3), thief.steal(victim, false));
    assertSame(ring.get(4), thief.steal(victim, false));
    assertNull(thief.steal(victim, false), "runnext is not stolen unless asked");
    assertSame(next, thief.steal(victim, true));
    assertTrue(victim.isEmpty());
  }

  @Test
  void concurrentThievesNeverDuplicateOrLoseAGoroutine() throws Exception {
    GlobalQueue global = new GlobalQueue();
    RunQueue owner = queue(global);
    int total = 100_000;
    int thieves = 3;
    G[] all = new G[total];
    for (int i = 0; i < total; i++) {
      all[i] = g();
    }
    ConcurrentHashMap<G, Integer> seen = new ConcurrentHashMap<>();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(thieves);
    for (int t = 0; t < thieves; t++) {
      Thread th =
          new Thread(
              () -> {
                RunQueue mine = queue(new GlobalQueue());
                while (!done.get() || !owner.isEmpty()) {
                  for (G x = mine.steal(owner, true); x != null; x = take(mine)) {
                    seen.merge(x, 1, Integer::sum);
                  }
                }
                finished.countDown();
              });
      th.start();
    }
    for (int i = 0; i < total; i++) {
      owner.put(all[i], i % 7 == 0);
      if (i % 3 == 0) {
        G own = take(owner);
        if (own != null) {
          seen.merge(own, 1, Integer::sum);
        }
      }
    }
    done.set(true);
    for (G own = take(owner); own != null; own = take(owner)) {
      seen.merge(own, 1, Integer::sum);
    }
    finished.await();
    for (G spilled = global.poll(); spilled != null; spilled = global.poll()) {
      seen.merge(spilled, 1, Integer::sum);
    }
    assertEquals(total, seen.size(), "every goroutine taken");
    for (G x : all) {
      assertEquals(1, seen.get(x), "taken exactly once");
    }
  }
}
