package io.go4j;

import static io.go4j.Go.checkpoint;
import static io.go4j.Go.go;
import static io.go4j.Go.gomaxprocs;
import static io.go4j.Go.gosched;
import static io.go4j.Go.now;
import static io.go4j.Go.numGoroutine;
import static io.go4j.Go.since;
import static io.go4j.Go.sleep;
import static io.go4j.Go.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.runtime.ExternalWaker;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facade's goroutine entries run on the default runtime. */
class GoTest {
  @Test
  void mainReceivesFromAPlatformThreadThatHoldsAnExternalWaker() throws Exception {
    Chan<Integer> ch = Go.chan();
    List<Integer> got = new ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<Goroutine> main =
        new java.util.concurrent.atomic.AtomicReference<>();
    ExternalWaker waker = Go.externalWaker();
    Thread sender =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (waker) {
                    for (int i = 1; i <= 3; i++) {
                      // each send only once main waits for it: every goroutine is asleep then
                      while (main.get() == null || !"chan receive".equals(main.get().waitReason())) {
                        Thread.onSpinWait();
                      }
                      ch.send(i);
                    }
                  }
                });
    Go.main(
        () -> {
          main.set(GoRuntime.current());
          for (int i = 0; i < 3; i++) {
            got.add(ch.recv());
          }
        });
    sender.join();
    assertEquals(List.of(1, 2, 3), got);
  }

  @Test
  void facadeEntriesDelegateToTheDefaultRuntime() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Go.main(
        () -> {
          Goroutine self = GoRuntime.current();
          assertSame(self, GoRuntime.current());
          Goroutine named = go("worker", () -> events.add("worker"));
          Goroutine audio =
              spawn()
                  .name("audio")
                  .priority(Priority.HIGH)
                  .start(
                      () -> {
                        sleep(Duration.ofMillis(1));
                        checkpoint();
                        events.add("audio");
                      });
          Goroutine plain = go(() -> events.add("plain"));
          assertEquals("worker", named.name());
          assertEquals("audio", audio.name());
          assertEquals(Priority.HIGH, audio.priority());
          assertEquals(Priority.NORMAL, plain.priority());
          assertTrue(numGoroutine() >= 1);
          gosched();
          named.join();
          audio.join();
          plain.join();
        });
    assertEquals(GoRuntime.getDefault().maxProcs(), gomaxprocs());
    assertEquals(List.of("audio", "plain", "worker"), events.stream().sorted().toList());
  }

  @Test
  void facadeEntriesUseTheCallingGoroutinesRuntime() {
    try (GoRuntime rt = GoRuntime.builder().name("own").maxProcs(3).build()) {
      rt.main(
          () -> {
            assertSame(rt, GoRuntime.ofCaller());
            assertEquals(3, gomaxprocs());
            java.util.concurrent.atomic.AtomicReference<GoRuntime> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
            go(() -> seen.set(GoRuntime.ofCaller())).join();
            assertSame(rt, seen.get());
            assertTrue(rt.goroutines().stream().anyMatch(i -> i.id() == 1));
          });
      assertSame(GoRuntime.getDefault(), GoRuntime.ofCaller());
    }
  }

  @Test
  void nowAndSinceReadTheCallingGoroutinesRuntimeClock() {
    try (GoRuntime rt = GoRuntime.builder().virtualTime(true).build()) {
      List<Object> seen = new ArrayList<>();
      rt.main(
          () -> {
            Instant start = now();
            seen.add(start);
            sleep(Duration.ofMinutes(90));
            seen.add(since(start));
            seen.add(now());
          });
      assertEquals(
          List.of(
              Instant.parse("2000-01-01T00:00:00Z"),
              Duration.ofMinutes(90),
              Instant.parse("2000-01-01T01:30:00Z")),
          seen);
    }
    // on another thread: the default runtime's clock, real time
    Instant before = Instant.now();
    Instant t = now();
    Instant after = Instant.now();
    assertTrue(
        !t.isBefore(before.minusSeconds(1)) && !t.isAfter(after.plusSeconds(1)),
        before + " " + t + " " + after);
    assertThrows(NullPointerException.class, () -> since(null));
  }
}
