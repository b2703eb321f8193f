package io.go4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.spi.Park;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GoroutinesTest {
  /**
   * A handle kept after the goroutine ended (a list to join, a map of workers) holds neither its
   * virtual thread nor what its body captured: both become garbage. Fails if G keeps the thread,
   * its task or the body.
   */
  @Test
  void anEndedGoroutinesHandleHoldsNeitherItsThreadNorItsBody() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      List<WeakReference<Object>> refs = new ArrayList<>();
      List<Goroutine> kept = new ArrayList<>();
      rt.main(
          () -> {
            Object captured = new byte[1 << 20];
            refs.add(new WeakReference<>(captured));
            Goroutine g =
                rt.go(
                    () -> {
                      refs.add(new WeakReference<>(Thread.currentThread()));
                      assertEquals(1 << 20, ((byte[]) captured).length);
                    });
            g.join();
            kept.add(g);
          });
      for (int i = 0; i < 50 && !refs.stream().allMatch(r -> r.refersTo(null)); i++) {
        System.gc();
      }
      assertEquals(2, refs.size());
      assertTrue(refs.get(0).refersTo(null), "the body's capture was collected");
      assertTrue(refs.get(1).refersTo(null), "the virtual thread was collected");
      assertFalse(kept.get(0).isAlive());
      assertEquals(0, kept.get(0).stackTrace().length);
      kept.get(0).interrupt(); // a no-op on an ended goroutine
    }
  }

  @Test
  void aMillionGoroutinesEachRunExactlyOnce() {
    int n = 1_000_000;
    AtomicIntegerArray ran = new AtomicIntegerArray(n);
    AtomicInteger left = new AtomicInteger(n);
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      rt.main(
          () -> {
            Goroutine main = GoRuntime.current();
            for (int i = 0; i < n; i++) {
              int slot = i;
              rt.go(
                  () -> {
                    ran.incrementAndGet(slot);
                    if (left.decrementAndGet() == 0) {
                      Park.ready(main);
                    }
                  });
            }
            while (left.get() > 0) {
              Park.park("sync.WaitGroup.Wait");
            }
          });
      for (int i = 0; i < n; i++) {
        assertEquals(1, ran.get(i), "goroutine " + i);
      }
      assertEquals(n + 1, rt.stats().spawned());
      assertEquals(0, rt.numGoroutine());
    }
  }

  @Test
  void idsCountFromOnePerRuntimeAndParentsAreRecorded() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      AtomicReference<Goroutine> child = new AtomicReference<>();
      AtomicReference<GoroutineInfo> info = new AtomicReference<>();
      rt.main(
          () -> {
            assertEquals(1, GoRuntime.current().id());
            child.set(rt.go("kid", () -> Park.park("chan receive")));
            GoRuntime.gosched();
            info.set(
                rt.goroutines().stream().filter(g -> g.id() == 2).findFirst().orElseThrow());
            Park.ready(child.get());
            child.get().join();
          });
      assertEquals(2, child.get().id());
      assertEquals("kid", child.get().name());
      assertEquals(1, info.get().parentId());
      assertEquals(GoroutineState.WAITING, info.get().state());
      assertEquals("chan receive", info.get().waitReason());
      // created by the lambda that main runs: Java's name for Go's main.main.func1
      assertTrue(
          info.get()
              .createdBy()
              .startsWith("io.go4j.runtime.GoroutinesTest.lambda$idsCountFromOnePerRuntime"),
          info.get().createdBy());
      assertEquals(GoroutineState.DEAD, child.get().state());
      assertFalse(child.get().isAlive());
    }
  }

  @Test
  void theFirstMainIsGoroutineOneEvenAfterOtherGoroutines() throws Exception {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      Goroutine before = rt.go(() -> {});
      before.join();
      assertEquals(2, before.id());
      assertEquals(1, rt.stats().spawned());
      AtomicLong first = new AtomicLong();
      AtomicLong second = new AtomicLong();
      AtomicLong child = new AtomicLong();
      rt.main(
          () -> {
            first.set(GoRuntime.current().id());
            child.set(rt.go(() -> {}).id());
          });
      rt.main(() -> second.set(GoRuntime.current().id()));
      assertEquals(1, first.get());
      assertEquals(3, child.get());
      assertEquals(4, second.get()); // goroutine 1 was the first main's alone
      assertEquals(4, rt.stats().spawned());
    }
  }

  @Test
  void stateAndWaitReasonFollowTheGoroutine() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            Goroutine g = rt.go(() -> Park.park("select"));
            assertEquals(GoroutineState.RUNNABLE, g.state());
            assertEquals("", g.waitReason());
            GoRuntime.gosched();
            assertEquals(GoroutineState.WAITING, g.state());
            assertEquals("select", g.waitReason());
            assertEquals(GoroutineState.RUNNING, GoRuntime.current().state());
            Park.ready(g);
            g.join();
            assertEquals(GoroutineState.DEAD, g.state());
          });
    }
  }

  @Test
  void aReadyThatComesFirstLetsOneParkReturnAtOnceAndNoMore() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      rt.main(
          () -> {
            AtomicInteger step = new AtomicInteger();
            Goroutine g =
                rt.go(
                    () -> {
                      Goroutine self = GoRuntime.current();
                      Park.ready(self); // readied while running: one permit,
                      Park.ready(self); // not two
                      Park.park("first");
                      step.set(1);
                      Park.park("second");
                      step.set(2);
                    });
            while (!"second".equals(g.waitReason()) && g.state() != GoroutineState.DEAD) {
              GoRuntime.gosched();
            }
            assertEquals(1, step.get(), "the first park returned at once, the second blocks");
            Park.ready(g);
            g.join();
            assertEquals(2, step.get());
          });
    }
  }

  @Test
  void sleepingGoroutinesWakeInDeadlineOrder() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).preemption(false).build()) {
      rt.main(
          () -> {
            Goroutine slow =
                rt.go(
                    () -> {
                      GoRuntime.sleep(Duration.ofMillis(300));
                      order.add("300ms");
                    });
            Goroutine fast =
                rt.go(
                    () -> {
                      GoRuntime.sleep(Duration.ofMillis(30));
                      order.add("30ms");
                    });
            GoRuntime.gosched();
            assertEquals("sleep", fast.waitReason());
            slow.join();
            fast.join();
          });
    }
    assertEquals(List.of("30ms", "300ms"), order);
  }

  @Test
  void interruptingASleepingGoroutineCancelsTheSleepWithCancelledException() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Thread> thread = new AtomicReference<>();
      rt.main(
          () -> {
            Goroutine sleeper =
                rt.go(
                    () -> {
                      thread.set(Thread.currentThread());
                      try {
                        GoRuntime.sleep(Duration.ofHours(1));
                      } catch (CancelledException e) {
                        thrown.set(e);
                      }
                    });
            GoRuntime.gosched();
            assertEquals("sleep", sleeper.waitReason());
            thread.get().interrupt();
            sleeper.join();
          });
      assertEquals("sleep interrupted", thrown.get().getMessage());
      assertEquals(0, rt.stats().goroutines());
    }
  }

  @Test
  void joinWithTimeoutReportsWhetherTheGoroutineEnded() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      AtomicBoolean release = new AtomicBoolean();
      Goroutine g =
          rt.go(
              () -> {
                while (!release.get()) {
                  Park.park("chan receive");
                }
              });
      assertFalse(g.join(Duration.ofMillis(20)));
      release.set(true);
      Park.ready(g);
      assertTrue(g.join(Duration.ofMinutes(1)));
    }
  }

  @Test
  void misuseGetsClearMessages() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            IllegalStateException self =
                assertThrows(IllegalStateException.class, () -> GoRuntime.current().join());
            assertEquals("goroutine 1 cannot join itself", self.getMessage());
            IllegalStateException nested =
                assertThrows(IllegalStateException.class, () -> rt.main(() -> {}));
            assertEquals("main must be called from outside any goroutine", nested.getMessage());
            // the handle is the virtual thread's task too: nobody else may run it
            AtomicInteger runs = new AtomicInteger();
            Goroutine parked =
                rt.go(
                    () -> {
                      runs.incrementAndGet();
                      Park.park("test");
                    });
            while (parked.state() != GoroutineState.WAITING) {
              GoRuntime.gosched();
            }
            assertRefusesToRun(parked);
            assertRefusesToRun(GoRuntime.current());
            Park.ready(parked);
            parked.join();
            assertRefusesToRun(parked);
            assertEquals(1, runs.get(), "the body ran once");
          });
      rt.close();
      IllegalStateException closed =
          assertThrows(IllegalStateException.class, () -> rt.go(() -> {}));
      assertTrue(closed.getMessage().endsWith(" is closed"), closed.getMessage());
    }
    assertEquals(
        "maxProcs must be between 1 and 1024, got 0",
        assertThrows(IllegalArgumentException.class, () -> GoRuntime.builder().maxProcs(0))
            .getMessage());
    assertEquals(
        "maxThreads must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> GoRuntime.builder().maxThreads(0))
            .getMessage());
    assertEquals(
        "maxThreads (2) must be at least maxProcs (4)",
        assertThrows(
                IllegalArgumentException.class,
                () -> GoRuntime.builder().maxProcs(4).maxThreads(2).build())
            .getMessage());
  }

  /**
   * A GOMAXPROCS setting ({@code -Dgo4j.maxprocs}, else the environment's {@code GOMAXPROCS}):
   * malformed or below 1 counts as absent, so the next source decides, as Go ignores it.
   */
  @Test
  void aMalformedGomaxprocsSettingCountsAsAbsent() {
    assertEquals(0, GoRuntime.Builder.parseProcs(null));
    assertEquals(0, GoRuntime.Builder.parseProcs(" "));
    assertEquals(0, GoRuntime.Builder.parseProcs("two"));
    assertEquals(0, GoRuntime.Builder.parseProcs("0"));
    assertEquals(0, GoRuntime.Builder.parseProcs("-3"));
    assertEquals(3, GoRuntime.Builder.parseProcs(" 3 "));
    assertEquals(GoRuntime.MAX_PROCS, GoRuntime.Builder.parseProcs("5000"));
  }

  /** A goroutine handle run as a {@code Runnable} (it is the virtual thread's task) refuses. */
  private static void assertRefusesToRun(Goroutine g) {
    assertEquals(
        "goroutine " + g.id() + " runs on its own thread; it cannot be run as a Runnable",
        assertThrows(IllegalStateException.class, ((Runnable) g)::run).getMessage());
  }

  @Test
  void closeEndsEveryThreadOfTheRuntime() throws Exception {
    GoRuntime rt = GoRuntime.builder().name("closing").maxProcs(2).build();
    rt.main(
        () -> {
          for (int i = 0; i < 100; i++) {
            rt.go(() -> GoRuntime.sleep(Duration.ofMillis(1)));
          }
          GoRuntime.sleep(Duration.ofMillis(20));
        });
    assertTrue(runtimeThreads("closing-").size() >= 3, "Ms, sysmon and the timer thread run");
    rt.close();
    for (Thread t : runtimeThreads("closing-")) {
      t.join(Duration.ofMinutes(1));
      assertFalse(t.isAlive(), t.getName() + " still alive after close");
    }
  }

  private static List<Thread> runtimeThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .toList();
  }

  @Test
  void mainRethrowsWhatTheBodyThrowsWithoutAPanicReport() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  rt.main(
                      () -> {
                        throw new IllegalStateException("boom");
                      }));
      assertEquals("boom", e.getMessage());
      assertTrue(rt.panics().isEmpty());
    }
  }
}
