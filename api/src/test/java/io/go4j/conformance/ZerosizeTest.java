package io.go4j.conformance;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.conformance.Conformance.goMain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.runtime.Goroutine;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's test/chan/zerosize.go: making channels of a zero-sized element type, unbuffered and
 * with a buffer of 1.
 *
 * <p>Java has no zero-sized types: every element is a reference. The port keeps the intent, that
 * channels of types carrying no data work like any other, with the closest Java types: {@code
 * [0]byte} is {@code byte[]} holding an empty array and {@code struct{}} is {@link Empty}, a record
 * without components. Go only makes the four channels ({@code _ = make(...)}), since its runtime
 * special-cases a zero element size; go4j has no such special case, so making them alone could
 * hardly fail. The port therefore also uses each channel once: its {@code cap} and {@code len},
 * and a value sent through it (a buffered send, the full buffer refusing a second one, and a
 * receive; an unbuffered send refused without a receiver, then handed to one) must arrive as the
 * same object.
 */
class ZerosizeTest {
  /** Go's {@code struct{}}. */
  record Empty() {}

  private static <T> void use(Chan<T> ch, int cap, T value) {
    assertEquals(cap, ch.cap(), "cap");
    assertEquals(0, ch.len(), "len of a new channel");
    if (cap > 0) {
      assertTrue(ch.trySend(value), "send into an empty buffer of " + cap);
      assertEquals(1, ch.len(), "len after one send");
      assertFalse(ch.trySend(value), "send into a full buffer");
      assertSame(value, ch.recv(), "value received");
    } else {
      assertFalse(ch.trySend(value), "unbuffered send without a receiver");
      Goroutine sender = go(() -> ch.send(value));
      assertSame(value, ch.recv(), "value received");
      sender.join();
    }
    assertEquals(0, ch.len(), "len after the receive");
    assertNull(ch.tryRecv(), "receive from an empty channel");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void main() {
    goMain(
        () -> {
          Chan<byte[]> bytes0 = chan();
          Chan<byte[]> bytes1 = chan(1);
          Chan<Empty> struct0 = chan();
          Chan<Empty> struct1 = chan(1);
          use(bytes0, 0, new byte[0]);
          use(bytes1, 1, new byte[0]);
          use(struct0, 0, new Empty());
          use(struct1, 1, new Empty());
        });
  }
}
