package io.go4j.testkit;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;
import static io.go4j.Go.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.channels.ClosedChannelException;
import io.go4j.channels.Received;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import io.go4j.runtime.spi.Park;
import io.go4j.sync.PiMutex;
import io.go4j.sync.WaitGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * go4j's own races, explored under many schedules in CI: select's registration and cancellation,
 * close racing sends, park/ready handshakes, priority-inheritance chains. Each test's body checks
 * an invariant that a wrong interleaving in the runtime would break; the explorer runs it under
 * hundreds of interleavings (goroutines switch at every go4j operation).
 */
class SelfExplorationTest {
  /**
   * A select interrupted while a sender races to complete it: either the select took the value,
   * or it was cancelled and the value is still there for the next receiver. Never lost, never
   * twice.
   */
  @Test
  @ExploreSchedules(tries = 300)
  void selectCancellationNeverLosesOrDuplicatesAValue() {
    Chan<Integer> a = chan();
    Chan<Integer> b = chan();
    List<Integer> got = new ArrayList<>();
    AtomicBoolean cancelled = new AtomicBoolean();
    WaitGroup wg = new WaitGroup();
    Goroutine selector =
        wg.go(
            () -> {
              try {
                select().recv(a, got::add).recv(b, got::add).run();
              } catch (CancelledException e) {
                cancelled.set(true);
              }
            });
    Chan<Boolean> sent = chan(1);
    go(
        () -> {
          a.send(7);
          sent.send(true);
        });
    selector.interrupt();
    wg.await();
    if (cancelled.get()) {
      assertEquals(List.of(), got);
      assertEquals(7, a.recv()); // the sender is still waiting with its value
    } else {
      assertEquals(List.of(7), got);
    }
    assertTrue(sent.recv());
  }

  /**
   * Two senders race a close on a buffered channel: every send that returned normally is
   * received exactly once, in per-sender order; a send that threw delivered nothing.
   */
  @Test
  @ExploreSchedules(tries = 300)
  void closeRacingSendsDropsNothingAndDeliversNothingTwice() {
    Chan<Integer> ch = chan(2);
    AtomicInteger delivered = new AtomicInteger();
    WaitGroup wg = new WaitGroup();
    for (int s = 0; s < 2; s++) {
      int base = s * 10;
      wg.go(
          () -> {
            for (int i = 0; i < 3; i++) {
              try {
                ch.send(base + i);
                delivered.incrementAndGet();
              } catch (ClosedChannelException e) {
                return;
              }
            }
          });
    }
    go(ch::close);
    List<Integer> got = new ArrayList<>();
    for (Received<Integer> r = ch.recvOk(); r.ok(); r = ch.recvOk()) {
      got.add(r.value());
    }
    wg.await();
    assertEquals(delivered.get(), got.size(), () -> "received " + got);
    List<Integer> fromFirst = got.stream().filter(v -> v < 10).toList();
    List<Integer> fromSecond = got.stream().filter(v -> v >= 10).toList();
    assertEquals(fromFirst.stream().sorted().toList(), fromFirst);
    assertEquals(fromSecond.stream().sorted().toList(), fromSecond);
  }

  /**
   * The runtime's park/ready handshake: a ready that comes before the park (the waker ran first)
   * must make that park return, whatever the order; a lost ready would leave the bubble
   * deadlocked, which fails the run.
   */
  @Test
  @ExploreSchedules(tries = 300)
  void aReadyBeforeItsParkIsNotLost() {
    AtomicBoolean flag = new AtomicBoolean();
    Goroutine[] waiter = new Goroutine[1];
    Chan<Goroutine> registered = chan(1);
    WaitGroup wg = new WaitGroup();
    waiter[0] =
        wg.go(
            () -> {
              registered.send(Park.current());
              while (!flag.get()) {
                Park.park("chan receive");
              }
            });
    wg.go(
        () -> {
          Goroutine w = registered.recv();
          flag.set(true);
          Park.ready(w);
        });
    wg.await();
    assertTrue(flag.get());
  }

  /**
   * A priority-inheritance chain: HIGH waits for a PiMutex held by MEDIUM, which waits for one
   * held by LOW. Whatever the interleaving: no deadlock, every critical section runs once, and no
   * goroutine is left boosted at the end.
   */
  @Test
  @ExploreSchedules(tries = 200)
  void piChainsLeaveNoBoostBehind() {
    PiMutex outer = new PiMutex();
    PiMutex inner = new PiMutex();
    AtomicInteger sections = new AtomicInteger();
    WaitGroup wg = new WaitGroup();
    wg.add(3);
    spawn()
        .priority(Priority.LOW)
        .start(
            () -> {
              inner.lock();
              sections.incrementAndGet();
              inner.unlock();
              wg.done();
            });
    spawn()
        .priority(Priority.NORMAL)
        .start(
            () -> {
              outer.lock();
              inner.lock();
              sections.incrementAndGet();
              inner.unlock();
              outer.unlock();
              wg.done();
            });
    spawn()
        .priority(Priority.HIGH)
        .start(
            () -> {
              outer.lock();
              sections.incrementAndGet();
              outer.unlock();
              wg.done();
            });
    wg.await();
    assertEquals(3, sections.get());
    assertEquals(List.of(), GoRuntime.ofCaller().stats().boosts());
  }
}
