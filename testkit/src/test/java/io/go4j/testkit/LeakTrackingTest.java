package io.go4j.testkit;

import static io.go4j.testkit.LeaksTest.awaitBlocked;
import static io.go4j.testkit.LeaksTest.newRuntime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Go;
import io.go4j.channels.Chan;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineInfo;
import io.go4j.runtime.spi.Origins;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Leaks#track()}: each thread's checks see only the goroutines it started. */
@Timeout(60)
class LeakTrackingTest {
  private static final Duration SHORT = Duration.ofMillis(200);

  /** What one thread's tracked check found, and the goroutine it leaked. */
  private record Outcome(long leaked, String report) {}

  private static void leakA(Chan<String> release, GoRuntime rt, List<Goroutine> out) {
    Goroutine g = rt.go(() -> release.recv());
    awaitBlocked(g, "chan receive");
    out.add(g);
  }

  private static void leakB(Chan<String> release, GoRuntime rt, List<Goroutine> out) {
    Goroutine g = rt.go(() -> release.recv());
    awaitBlocked(g, "chan receive");
    out.add(g);
  }

  /** {@link #leakA} or {@link #leakB}: they differ only in the creator that reports name. */
  private interface Leak {
    void start(Chan<String> release, GoRuntime rt, List<Goroutine> out);
  }

  /**
   * On a platform thread of its own, in a tracked block: {@code leak}, then, once the other thread
   * leaked too, a check that must fail; the other thread checks at the same time.
   */
  private static CompletableFuture<Outcome> leakAndCheckOnAThread(
      Leak leak,
      Chan<String> release,
      GoRuntime rt,
      LeakOptions options,
      CyclicBarrier bothLeaked,
      CyclicBarrier bothChecked) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Leaks.Tracking t = Leaks.track()) {
            List<Goroutine> mine = new ArrayList<>();
            leak.start(release, rt, mine);
            await(bothLeaked);
            LeakedGoroutinesError e =
                assertThrows(LeakedGoroutinesError.class, () -> t.verifyNone(options));
            await(bothChecked);
            return new Outcome(mine.getFirst().id(), e.getMessage());
          }
        },
        r -> Thread.ofPlatform().start(r));
  }

  @Test
  void goroutinesStartedByAnAfterFuncAreAttributedToItsCaller() {
    Chan<String> release = Chan.make();
    try (Leaks.Tracking t = Leaks.track()) {
      Chan<Boolean> started = Chan.make(1);
      Go.afterFunc( // started later by the timer thread, on behalf of this test
          Duration.ofMillis(1),
          () -> {
            started.send(true);
            release.recv();
          });
      started.recv();
      LeakedGoroutinesError e =
          assertThrows(
              LeakedGoroutinesError.class,
              () -> t.verifyNone(LeakOptions.defaults().timeout(SHORT)));
      assertEquals(1, e.goroutines().size(), e.getMessage());
      assertEquals(t.origin(), e.goroutines().getFirst().origin());
    } finally {
      release.close();
    }
  }

  @Test
  void twoThreadsEachSeeOnlyTheirOwnLeaks() throws Exception {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> release = Chan.make();
      CyclicBarrier bothLeaked = new CyclicBarrier(2);
      CyclicBarrier bothChecked = new CyclicBarrier(2);
      LeakOptions options = LeakOptions.defaults().runtime(rt).timeout(SHORT);

      CompletableFuture<Outcome> a =
          leakAndCheckOnAThread(LeakTrackingTest::leakA, release, rt, options, bothLeaked, bothChecked);
      CompletableFuture<Outcome> b =
          leakAndCheckOnAThread(LeakTrackingTest::leakB, release, rt, options, bothLeaked, bothChecked);

      Outcome ra = a.get(30, TimeUnit.SECONDS);
      Outcome rb = b.get(30, TimeUnit.SECONDS);
      assertEquals(2, Leaks.find(options.timeout(Duration.ZERO)).size(), "both leaks were alive");

      assertTrue(ra.report().contains("goroutine " + ra.leaked() + " ["), ra.report());
      assertTrue(ra.report().contains("created by " + getClass().getName() + ".leakA\n"));
      assertFalse(ra.report().contains("goroutine " + rb.leaked() + " ["), ra.report());
      assertFalse(ra.report().contains("leakB"), ra.report());

      assertTrue(rb.report().contains("goroutine " + rb.leaked() + " ["), rb.report());
      assertTrue(rb.report().contains("created by " + getClass().getName() + ".leakB\n"));
      assertFalse(rb.report().contains("goroutine " + ra.leaked() + " ["), rb.report());
      assertFalse(rb.report().contains("leakA"), rb.report());

      release.close();
      Leaks.verifyNone(LeakOptions.defaults().runtime(rt));
    }
  }

  @Test
  void cleanTrackedBlockPassesWhileAnotherThreadsLeakIsAlive() throws Exception {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> release = Chan.make();
      Goroutine othersLeak = rt.go(() -> release.recv()); // untracked: origin 0
      awaitBlocked(othersLeak, "chan receive");

      Thread clean =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Leaks.Tracking t = Leaks.track()) {
                      rt.go(() -> GoRuntime.sleep(Duration.ofMillis(20)));
                      t.verifyNone(LeakOptions.defaults().runtime(rt));
                    }
                  });
      clean.join();

      assertTrue(othersLeak.isAlive());
      release.close();
      othersLeak.join();
    }
  }

  @Test
  void goroutinesStartedByTrackedGoroutinesAreAttributedTransitively() {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> release = Chan.make();
      AtomicReference<Goroutine> grandchild = new AtomicReference<>();
      LeakedGoroutinesError e;
      try (Leaks.Tracking t = Leaks.track()) {
        Goroutine child =
            rt.go(
                () -> {
                  grandchild.set(rt.go(() -> release.recv()));
                });
        child.join();
        awaitBlocked(grandchild.get(), "chan receive");
        e =
            assertThrows(
                LeakedGoroutinesError.class,
                () -> t.verifyNone(LeakOptions.defaults().runtime(rt).timeout(SHORT)));
        assertEquals(t.origin(), e.goroutines().getFirst().origin());
      }
      assertEquals(
          List.of(grandchild.get().id()), e.goroutines().stream().map(GoroutineInfo::id).toList());
      assertTrue(e.getMessage().contains(" in goroutine "), e.getMessage());
      release.close();
      grandchild.get().join();
    }
  }

  @Test
  void trackingInsideAGoroutineAttributesWhatItStarts() {
    try (GoRuntime rt = newRuntime()) {
      Chan<String> release = Chan.make();
      AtomicReference<List<GoroutineInfo>> found = new AtomicReference<>();
      rt.main(
          () -> {
            Goroutine outside = rt.go(() -> release.recv());
            try (Leaks.Tracking t = Leaks.track()) {
              Goroutine inside = rt.go(() -> release.recv());
              awaitBlocked(outside, "chan receive");
              awaitBlocked(inside, "chan receive");
              found.set(t.find(LeakOptions.defaults().timeout(SHORT)));
              assertEquals(
                  List.of(inside.id()), found.get().stream().map(GoroutineInfo::id).toList());
            }
            release.close();
          });
      Leaks.verifyNone(LeakOptions.defaults().runtime(rt));
    }
  }

  @Test
  void closeRestoresThePreviousOriginAndScopesNest() {
    long before = Origins.current();
    try (Leaks.Tracking outer = Leaks.track()) {
      assertEquals(outer.origin(), Origins.current());
      try (Leaks.Tracking inner = Leaks.track()) {
        assertNotEquals(outer.origin(), inner.origin());
        assertEquals(inner.origin(), Origins.current());
      }
      assertEquals(outer.origin(), Origins.current());
      outer.close(); // idempotent with the implicit close
      assertEquals(before, Origins.current());
    }
    assertEquals(before, Origins.current());
  }

  @Test
  void closingOnAnotherThreadIsRejected() throws Exception {
    try (Leaks.Tracking t = Leaks.track()) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicLong originThere = new AtomicLong(-1);
      Thread other =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      t.close();
                    } catch (IllegalStateException e) {
                      thrown.set(e);
                    }
                    originThere.set(Origins.current());
                  });
      other.join();
      assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
      assertEquals(0, originThere.get());
      assertEquals(t.origin(), Origins.current());
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the other thread did not arrive", e);
    }
  }
}
