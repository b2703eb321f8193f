package io.go4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Go's queueing rules on one P, asserted by the order in which goroutines run: the last spawned
 * runs first ({@code runnext}), {@code gosched} goes behind the local queue (global), and every
 * 61st schedule looks at the global queue first.
 */
class SchedulingOrderTest {
  private GoRuntime rt;
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() {
    // no sysmon preemption: a GC pause or a slow class load must not reorder what we assert
    rt = GoRuntime.builder().maxProcs(1).preemption(false).build();
  }

  @AfterEach
  void tearDown() {
    rt.close();
  }

  private Goroutine record(String name) {
    return rt.go(() -> events.add(name));
  }

  @Test
  void lastSpawnedRunsFirstThroughRunnextThenTheRingInFifoOrder() {
    rt.main(
        () -> {
          List<Goroutine> gs = List.of(record("A"), record("B"), record("C"), record("D"));
          gs.forEach(Goroutine::join);
        });
    assertEquals(List.of("D", "A", "B", "C"), events);
  }

  @Test
  void goschedGoesBehindEverythingQueuedLocally() {
    rt.main(
        () -> {
          Goroutine a = record("A");
          Goroutine b = record("B");
          events.add("main yields");
          GoRuntime.gosched();
          events.add("main back");
          a.join();
          b.join();
        });
    assertEquals(List.of("main yields", "B", "A", "main back"), events);
  }

  @Test
  void everySixtyFirstScheduleTakesFromTheGlobalQueue() {
    int spawned = 200;
    rt.main(
        () -> {
          List<Goroutine> gs = IntStream.range(0, spawned).mapToObj(i -> record("g" + i)).toList();
          GoRuntime.gosched(); // main goes to the global queue behind 200 local goroutines
          events.add("main back");
          gs.forEach(Goroutine::join);
        });
    int ranBeforeMain = events.indexOf("main back");
    // main itself was schedule 1 (from the global queue at schedtick 0); the last spawned one ran
    // from runnext inheriting the time slice; then g0..g59 ran (schedticks 1..60) and at
    // schedtick 61 the global queue was served first
    assertEquals(61, ranBeforeMain, events.subList(0, Math.min(events.size(), 70)).toString());
    assertEquals("g" + (spawned - 1), events.get(0));
    assertEquals("g59", events.get(60));
    assertEquals(spawned + 1, events.size());
  }

  @Test
  void aWokenGoroutineRunsNextOnTheWakersP() {
    rt.main(
        () -> {
          Goroutine waiter =
              rt.go(
                  () -> {
                    events.add("waiter parks");
                    io.go4j.runtime.spi.Park.park("chan receive");
                    events.add("waiter woken");
                  });
          GoRuntime.gosched(); // let the waiter park
          Goroutine x = record("X"); // X into runnext
          Goroutine y = record("Y"); // Y into runnext, X to the ring
          events.add("main readies waiter");
          io.go4j.runtime.spi.Park.ready(waiter); // waiter into runnext, Y to the ring
          waiter.join();
          x.join();
          y.join();
        });
    assertEquals(
        List.of("waiter parks", "main readies waiter", "waiter woken", "X", "Y"), events);
    assertTrue(rt.panics().isEmpty());
  }
}
