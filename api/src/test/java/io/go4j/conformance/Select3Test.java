package io.go4j.conformance;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;
import static io.go4j.conformance.Conformance.assertStaysBlocked;
import static io.go4j.conformance.Conformance.awaitBlocked;
import static io.go4j.conformance.Conformance.goMain;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.channels.Chan;
import io.go4j.channels.ClosedChannelException;
import io.go4j.channels.Received;
import io.go4j.runtime.Goroutine;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's test/chan/select3.go: the semantics of the select statement, and of plain channel
 * operations, for basic empty and non-empty cases: what blocks, what does not, what panics.
 *
 * <p>Mapping. {@code var nilch chan int} is {@link Chan#nil()}; {@code closedch} is a closed
 * {@code Chan<Integer>}; Go's zero value {@code 0} read from it is {@code null}. {@code
 * unreachable()} is {@link #unreachable()}, a {@code fail}. Each {@code select} statement is a
 * {@code select()} with its cases in Go's order, {@code default} being {@code otherwise}.
 *
 * <ul>
 *   <li>{@code testPanic(always, f)} is {@link #testPanicAlways}: both uses send on {@code
 *       closedch}, so f must throw {@link ClosedChannelException} ("send on closed channel").
 *       {@code testPanic(never, f)} is {@link #testPanicNever}: f must not throw.
 *   <li>{@code testBlock(never, f)} is {@link #testBlockNever}: f runs in a goroutine that main
 *       joins. Go gives it 10 s; here it must return, and if it blocks instead, every goroutine is
 *       asleep and the runtime's deadlock detection fails the test (no clock involved).
 *   <li>{@code testBlock(always, f)} is {@link #testBlockAlways}: Go runs f in a goroutine and
 *       calls it blocked if it has not returned after 10 ms, a wall-clock guess. Here the goroutine
 *       must reach WAITING with the wait reason of the operation f blocks in (Go's {@code
 *       waitReason} strings: {@code chan send (nil chan)}, {@code chan receive (nil chan)}, {@code
 *       chan receive}, {@code select}, {@code select (no cases)}), and still be parked there, not
 *       finished, after every other goroutine has been let run a hundred times. These goroutines
 *       stay blocked forever in the default runtime, as in Go until the process exits.
 * </ul>
 */
class Select3Test {
  private static final String ALWAYS = "function did not";
  private static final String NEVER = "function did";

  static void unreachable() {
    fail("control flow shouldn't reach here");
  }

  /** Go's {@code testPanic(always, f)}: calls f and verifies that it panics. */
  static void testPanicAlways(Runnable f) {
    ClosedChannelException e =
        assertThrows(ClosedChannelException.class, f::run, ALWAYS + " panic");
    assertEquals("send on closed channel", e.getMessage());
  }

  /** Go's {@code testPanic(never, f)}: calls f and verifies that it does not panic. */
  static void testPanicNever(Runnable f) {
    assertDoesNotThrow(f::run, NEVER + " panic");
  }

  /** Go's {@code testBlock(never, f)}: f must return; blocking in it deadlocks the program. */
  static void testBlockNever(Runnable f) {
    Goroutine g = go(f);
    g.join();
    assertFalse(g.isAlive(), NEVER + " block");
  }

  /** Go's {@code testBlock(always, f)}: f must park for {@code reason} and stay parked. */
  static void testBlockAlways(String reason, Runnable f) {
    Goroutine g =
        go(
            () -> {
              f.run();
              fail(ALWAYS + " block: returned instead of blocking in [" + reason + "]");
            });
    awaitBlocked(g, reason);
    assertStaysBlocked(g, reason);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void main() {
    goMain(Select3Test::select3);
  }

  private static void select3() {
    final int async = 1; // asynchronous channels
    Chan<Integer> nilch = Chan.nil();
    Chan<Integer> closedch = chan();
    closedch.close();

    // sending/receiving from a nil channel blocks
    testBlockAlways("chan send (nil chan)", () -> nilch.send(7));
    testBlockAlways("chan receive (nil chan)", () -> nilch.recv());

    // sending/receiving from a nil channel inside a select is never selected
    testPanicNever(() -> select().send(nilch, 7, () -> unreachable()).otherwise(() -> {}).run());
    testPanicNever(() -> select().recv(nilch, () -> unreachable()).otherwise(() -> {}).run());

    // sending to an async channel with free buffer space never blocks
    testBlockNever(
        () -> {
          Chan<Integer> ch = chan(async);
          ch.send(7);
        });

    // receiving from a closed channel never blocks
    testBlockNever(
        () -> {
          for (int i = 0; i < 10; i++) {
            assertNull(
                closedch.recv(), "expected zero value when reading from closed channel");
            Received<Integer> r = closedch.recvOk();
            assertEquals(
                Received.closed(),
                r,
                () -> "closedch: " + r + ": expected 0, false from closed channel");
          }
        });

    // sending to a closed channel panics.
    testPanicAlways(() -> closedch.send(7));

    // receiving from a non-ready channel always blocks
    testBlockAlways(
        "chan receive",
        () -> {
          Chan<Integer> ch = chan();
          ch.recv();
        });

    // empty selects always block
    testBlockAlways("select (no cases)", () -> select().run());

    // selects with only nil channels always block (Go parks them as select, omitting nil cases)
    testBlockAlways("select", () -> select().recv(nilch, () -> unreachable()).run());
    testBlockAlways("select", () -> select().send(nilch, 7, () -> unreachable()).run());
    testBlockAlways(
        "select",
        () ->
            select()
                .recv(nilch, () -> unreachable())
                .send(nilch, 7, () -> unreachable())
                .run());

    // selects with non-ready non-nil channels always block
    testBlockAlways(
        "select",
        () -> {
          Chan<Integer> ch = chan();
          select().recv(ch, () -> unreachable()).run();
        });

    // selects with default cases don't block
    testBlockNever(() -> select().otherwise(() -> {}).run());
    testBlockNever(() -> select().recv(nilch, () -> unreachable()).otherwise(() -> {}).run());
    testBlockNever(() -> select().send(nilch, 7, () -> unreachable()).otherwise(() -> {}).run());

    // selects with ready channels don't block
    testBlockNever(
        () -> {
          Chan<Integer> ch = chan(async);
          select().send(ch, 7, () -> {}).otherwise(() -> unreachable()).run();
        });
    testBlockNever(
        () -> {
          Chan<Integer> ch = chan(async);
          ch.send(7);
          select().recv(ch, () -> {}).otherwise(() -> unreachable()).run();
        });

    // selects with closed channels behave like ordinary operations
    testBlockNever(() -> select().recv(closedch, () -> {}).run());
    testBlockNever(() -> select().recv(closedch, (Integer x) -> assertNull(x, "x")).run());
    testBlockNever(
        () ->
            select()
                .recvOk(
                    closedch,
                    (Integer x, Boolean ok) -> {
                      assertNull(x, "x");
                      assertFalse(ok, "ok");
                    })
                .run());
    testPanicAlways(() -> select().send(closedch, 7, () -> {}).run());

    // select should not get confused if it sees itself
    testBlockAlways(
        "select",
        () -> {
          Chan<Integer> c = chan();
          select().send(c, 1, () -> {}).recv(c, () -> {}).run();
        });
  }
}
