package io.go4j.chan;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static io.go4j.Go.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.testsupport.Waits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A goroutine interrupted while blocked gets {@link CancelledException} and the operation did not
 * happen; an operation completed before the interrupt returns normally with the interrupt set.
 */
@Timeout(60)
class CancellationTest {
  @Test
  void cancelledReceiveConsumesNothing() {
    main(
        () -> {
          Chan<String> ch = chan();
          AtomicReference<Object> outcome = new AtomicReference<>();
          Goroutine r = go(() -> outcome.set(attempt(ch::recv)));
          Waits.until(r, "chan receive");
          r.interrupt();
          r.join();
          CancelledException e = assertInstanceOf(CancelledException.class, outcome.get());
          assertEquals("chan receive interrupted; nothing was received", e.getMessage());
          assertFalse(ch.trySend("nobody is receiving any more"));
          Chan<String> buffered = chan(1);
          Goroutine r2 = go(() -> outcome.set(attempt(buffered::recv)));
          Waits.until(r2, "chan receive");
          r2.interrupt();
          r2.join();
          buffered.send("kept");
          assertEquals("kept", buffered.recv());
        });
  }

  @Test
  void cancelledSendDeliversNothing() {
    main(
        () -> {
          Chan<String> ch = chan();
          AtomicReference<Object> outcome = new AtomicReference<>();
          Goroutine s = go(() -> outcome.set(attempt(() -> ch.send("never"))));
          Waits.until(s, "chan send");
          s.interrupt();
          s.join();
          assertEquals(
              "chan send interrupted; the value was not sent",
              assertInstanceOf(CancelledException.class, outcome.get()).getMessage());
          assertNull(ch.tryRecv());
          Chan<String> full = chan(1);
          full.send("first");
          Goroutine s2 = go(() -> outcome.set(attempt(() -> full.send("never"))));
          Waits.until(s2, "chan send");
          s2.interrupt();
          s2.join();
          full.close();
          assertEquals(List.of("first"), full.stream().toList());
        });
  }

  @Test
  void cancelledSelectDidNoCase() {
    main(
        () -> {
          Chan<String> in = chan();
          Chan<String> out = chan();
          AtomicReference<Object> outcome = new AtomicReference<>();
          Goroutine g =
              go(
                  () ->
                      outcome.set(
                          attempt(
                              () ->
                                  select()
                                      .recv(in, (String v) -> outcome.set("received " + v))
                                      .send(out, "sent", () -> outcome.set("sent"))
                                      .run())));
          Waits.until(g, "select");
          g.interrupt();
          g.join();
          assertEquals(
              "select interrupted; no case happened",
              assertInstanceOf(CancelledException.class, outcome.get()).getMessage());
          assertFalse(in.trySend("nobody receives"));
          assertNull(out.tryRecv());
        });
  }

  @Test
  void completionBeforeTheInterruptWins() {
    // one P: the completed goroutine waits in runnext while this one interrupts it, so the
    // interrupt always comes after the completion and before the goroutine looks at its flag
    try (GoRuntime rt = GoRuntime.builder().name("completion-wins").maxProcs(1).build()) {
      rt.main(
          () -> {
            Chan<String> ch = chan();
            AtomicReference<Object> outcome = new AtomicReference<>();
            AtomicBoolean interruptKept = new AtomicBoolean();
            Goroutine r =
                go(
                    () -> {
                      outcome.set(attempt(ch::recv));
                      interruptKept.set(Thread.interrupted());
                    });
            Waits.until(r, "chan receive");
            ch.send("delivered"); // completes the receive under the channel lock...
            r.interrupt(); // ...so the interrupt comes too late to cancel it
            r.join();
            assertEquals("delivered", outcome.get());
            assertTrue(interruptKept.get());

            Chan<String> a = chan();
            Chan<String> b = chan();
            Goroutine s =
                go(
                    () -> {
                      outcome.set(
                          attempt(() -> select().recv(a, () -> {}).send(b, "from select", () -> {}).run()));
                      interruptKept.set(Thread.interrupted());
                    });
            Waits.until(s, "select");
            assertEquals("from select", b.recv());
            s.interrupt();
            s.join();
            assertEquals(1, outcome.get());
            assertTrue(interruptKept.get());
          });
    }
  }

  @Test
  void anInterruptedGoroutineStillCompletesOperationsThatNeedNoWaiting() {
    main(
        () -> {
          Chan<Integer> ch = chan(1);
          List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
          Goroutine g =
              go(
                  () -> {
                    Thread.currentThread().interrupt();
                    outcomes.add(attempt(() -> ch.send(1))); // room: completes
                    outcomes.add(attempt(() -> ch.send(2))); // full: would wait, so cancelled
                    outcomes.add(attempt(ch::recv)); // the interrupt was consumed: receives 1
                  });
          g.join();
          assertEquals(3, outcomes.size());
          assertNull(outcomes.get(0));
          assertInstanceOf(CancelledException.class, outcomes.get(1));
          assertEquals(1, outcomes.get(2));
          assertNull(ch.tryRecv());
        });
  }

  /** Runs op: its result (null for void), or the exception it threw. */
  private static Object attempt(Runnable op) {
    try {
      op.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static Object attempt(java.util.function.Supplier<?> op) {
    try {
      return op.get();
    } catch (RuntimeException e) {
      return e;
    }
  }
}
