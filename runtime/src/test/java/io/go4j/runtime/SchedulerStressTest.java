package io.go4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.spi.Park;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lost wake-ups, double runs and stranded goroutines under load: goroutines pass tokens to random
 * others through park/ready while spawners, sleepers, gosched and checkpoint loops churn the
 * queues, so that runnext, ring overflow, the global queue, stealing, spinning Ms and sysmon's
 * handoffs all take part. Every token must arrive exactly once and every goroutine must finish;
 * a lost wake-up shows as a goroutine that never finishes (bounded by a generous join timeout, which
 * only detects a hang). {@code -Pstress} (go4j.stress) runs it 100 times longer.
 */
class SchedulerStressTest {
  private static final int SCALE = Boolean.getBoolean("go4j.stress") ? 100 : 1;

  /**
   * Two goroutines hand a turn back and forth through park/ready. With two Ps the pair soon runs on
   * two carriers, each spinning for the other's ready instead of parking (Sched.park), so most
   * readies find their goroutine not parked and only set its permit: a wake-up lost between the
   * two shows as a turn never taken.
   */
  @ParameterizedTest(name = "GOMAXPROCS={0}")
  @ValueSource(ints = {1, 2})
  void aPairTakingTurnsNeverLosesOne(int procs) {
    int rounds = 200_000 * SCALE;
    AtomicInteger turn = new AtomicInteger(-1); // nobody's until both are in gs
    long[] taken = new long[2];
    Goroutine[] gs = new Goroutine[2];
    try (GoRuntime rt = GoRuntime.builder().maxProcs(procs).build()) {
      rt.main(
          () -> {
            for (int i = 0; i < 2; i++) {
              int me = i;
              gs[i] =
                  rt.go(
                      () -> {
                        for (int r = 0; r < rounds; r++) {
                          while (turn.get() != me) {
                            Park.park("chan receive");
                          }
                          taken[me]++;
                          turn.set(1 - me);
                          Park.ready(gs[1 - me]);
                        }
                      });
            }
            turn.set(0); // publishes gs to the pair, which reads turn before gs
            Park.ready(gs[0]);
            for (Goroutine g : gs) {
              assertTrue(
                  g.join(Duration.ofMinutes(5)),
                  () -> "goroutine " + g.id() + " did not finish:\n" + rt.dump());
            }
          });
      assertTrue(rt.panics().isEmpty(), () -> rt.panics().toString());
      assertEquals(rounds, taken[0]);
      assertEquals(rounds, taken[1]);
    }
  }

  @ParameterizedTest(name = "GOMAXPROCS={0}")
  @ValueSource(ints = {1, 2, 4})
  void tokensPassedByParkAndReadyArriveExactlyOnce(int procs) {
    int players = 64;
    int hops = 100_000 * SCALE;
    AtomicIntegerArray inbox = new AtomicIntegerArray(players);
    AtomicLong delivered = new AtomicLong();
    AtomicInteger passed = new AtomicInteger();
    AtomicLong sent = new AtomicLong();
    AtomicInteger churned = new AtomicInteger();
    Goroutine[] gs = new Goroutine[players];
    try (GoRuntime rt = GoRuntime.builder().maxProcs(procs).build()) {
      rt.main(
          () -> {
            for (int i = 0; i < players; i++) {
              int me = i;
              gs[i] =
                  rt.go(
                      () -> {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        while (true) {
                          int got;
                          while ((got = inbox.getAndSet(me, 0)) == 0) {
                            Park.park("chan receive");
                          }
                          if (got < 0) {
                            return; // the end
                          }
                          delivered.addAndGet(got);
                          for (int t = 0; t < got; t++) {
                            if (passed.incrementAndGet() > hops) {
                              continue; // this token retires
                            }
                            int to = rnd.nextInt(players);
                            sent.incrementAndGet();
                            inbox.incrementAndGet(to);
                            Park.ready(gs[to]);
                            switch (rnd.nextInt(16)) {
                              case 0 -> GoRuntime.gosched();
                              case 1 ->
                                  rt.go(churned::incrementAndGet); // spawn from a goroutine
                              case 2 -> GoRuntime.sleep(Duration.ofNanos(rnd.nextInt(200_000)));
                              default -> GoRuntime.checkpoint();
                            }
                          }
                        }
                      });
            }
            // 16 tokens in play; a token retires once `hops` passes have been made in total
            for (int t = 0; t < 16; t++) {
              int to = t % players;
              inbox.incrementAndGet(to);
              Park.ready(gs[to]);
            }
            while (passed.get() < hops + 16) {
              GoRuntime.sleep(Duration.ofMillis(1));
            }
            for (int i = 0; i < players; i++) {
              inbox.set(i, -1);
              Park.ready(gs[i]);
            }
            for (Goroutine g : gs) {
              assertTrue(
                  g.join(Duration.ofMinutes(5)),
                  () -> "goroutine " + g.id() + " did not finish:\n" + rt.dump());
            }
          });
      assertEquals(hops, sent.get(), "tokens forwarded");
      assertEquals(16 + sent.get(), delivered.get(), "every token sent was received exactly once");
      assertTrue(churned.get() > 0, "spawned goroutines ran");
      assertTrue(rt.panics().isEmpty(), rt.panics().toString());
    }
  }
}
