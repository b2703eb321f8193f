package io.go4j.conformance;

import static io.go4j.Go.chan;
import static io.go4j.Go.select;
import static io.go4j.conformance.Conformance.goMain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.channels.Chan;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's test/chan/sendstmt.go. In Go it checks how the parser reads send statements, now
 * that a send is a statement and not an expression; Java has no such syntax, so the port checks
 * the behaviour those statements have.
 *
 * <p>{@code chanchan}: {@code case <-cc <- 2:} is a send case whose channel is the expression
 * {@code <-cc}, evaluated when the select statement starts; the port receives that channel from
 * {@code cc} while building the select ({@code select().send(cc.recv(), 2, ...)}), which is the
 * same moment. Its buffer has room, so the send case must win over {@code default} ({@code
 * panic("nonblock")}), and the value must arrive ({@code panic("bad receive")}).
 *
 * <p>{@code sendprec}: {@code c <- false || true} sends {@code (false || true)}; in Java the
 * argument of {@code send} is the whole expression by construction, and the value received must be
 * {@code true} ({@code panic("sent false")}). The operands are parameters, {@code sendprec(false,
 * true)}, as ErrorProne rejects a constant boolean expression.
 */
class SendstmtTest {
  static void chanchan() {
    Chan<Chan<Integer>> cc = chan(1);
    Chan<Integer> c = chan(1);
    cc.send(c);
    int chosen = select().send(cc.recv(), 2, () -> {}).otherwise(() -> fail("nonblock")).run();
    assertEquals(0, chosen, "nonblock");
    assertEquals(2, c.recv(), "bad receive");
  }

  /** Called with {@code (false, true)}: ErrorProne rejects the constant {@code false || true}. */
  static void sendprec(boolean f, boolean t) {
    Chan<Boolean> c = chan(1);
    c.send(f || t);
    assertTrue(c.recv(), "sent false");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void main() {
    goMain(
        () -> {
          chanchan();
          sendprec(false, true);
        });
  }
}
