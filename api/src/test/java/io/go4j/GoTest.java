package io.go4j;

import static io.go4j.Go.checkpoint;
import static io.go4j.Go.go;
import static io.go4j.Go.gomaxprocs;
import static io.go4j.Go.gosched;
import static io.go4j.Go.numGoroutine;
import static io.go4j.Go.sleep;
import static io.go4j.Go.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facade's goroutine entries run on the default runtime. */
class GoTest {
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
}
