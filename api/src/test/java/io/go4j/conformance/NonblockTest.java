package io.go4j.conformance;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;
import static io.go4j.conformance.Conformance.awaitBlocked;
import static io.go4j.conformance.Conformance.goMain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.channels.Chan;
import io.go4j.runtime.Goroutine;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's test/chan/nonblock.go: non-blocking channel operations (a {@code select} with one
 * case and a {@code default}) on unbuffered and one-slot channels of several element types.
 *
 * <p>Go's four types become {@code Integer} ({@code int32}), {@code Long} ({@code int64}), {@code
 * Boolean} and {@code String}, with the same values; Go repeats the code per type, the port has
 * one generic helper per step ({@link #receiver}, {@link #sender}, {@link #sendToReceiver}, {@link
 * #receiveFromSender}), called in Go's order for each type and each {@code buffer} of 0 and 1.
 *
 * <ul>
 *   <li>The four {@code select { case x = <-c: panic("blocked ...sender"); default: }} on the new,
 *       empty channels: {@link #assertRecvWouldBlock}; the receive case must not run.
 *   <li>{@code go i32receiver(c32, sync)} then the {@code Send32} loop: Go retries the non-blocking
 *       send every 20 µs and more (a 10 µs {@code time.Tick} twice, and {@code runtime.Gosched}
 *       thrice) and fails after {@code maxTries = 10000} tries, a wall-clock limit. The port
 *       instead waits, without a clock, until the receiver goroutine is parked in {@code chan
 *       receive} (see {@link Conformance#awaitBlocked}); from then on the non-blocking send must
 *       succeed at the first try, else {@code fail} with Go's message ({@code "i32receiver
 *       buffer=" ...}). Then {@code <-sync}.
 *   <li>{@code go i32sender(c32, sync)} then the {@code Recv32} loop, likewise: with a buffer, Go
 *       first waits for {@code sync}, so the value is in the buffer; without, the port waits until
 *       the sender is parked in {@code chan send}. Then one non-blocking receive must succeed and
 *       yield the value the sender sent ({@code panic("i32sender value")}), then {@code <-sync}
 *       when unbuffered.
 * </ul>
 *
 * <p>A receiver that gets a wrong value fails with Go's message ({@code "i32 value"}) in its
 * goroutine, which {@link Conformance#goMain} reports. The ticker, {@code sleep()} and {@code
 * maxTries} are not ported; the JUnit timeout only bounds a hang.
 */
class NonblockTest {
  static <T> void receiver(Chan<T> c, T expected, Chan<Boolean> strobe, String valueMessage) {
    assertEquals(expected, c.recv(), valueMessage);
    strobe.send(true);
  }

  static <T> void sender(Chan<T> c, T value, Chan<Boolean> strobe) {
    c.send(value);
    strobe.send(true);
  }

  static <T> void assertRecvWouldBlock(Chan<T> c, String message) {
    int chosen = select().recv(c, (T v) -> fail(message + ": received " + v)).otherwise(() -> {})
        .run();
    assertEquals(1, chosen, message);
  }

  /** Go's {@code go XXreceiver(c, sync)} and {@code SendXX} loop, then {@code <-sync}. */
  static <T> void sendToReceiver(
      int buffer,
      Chan<T> c,
      T value,
      Chan<Boolean> sync,
      String receiverName,
      String valueMessage) {
    Goroutine r = go(() -> receiver(c, value, sync, valueMessage));
    awaitBlocked(r, "chan receive");
    int chosen = select().send(c, value, () -> {}).otherwise(() -> {}).run();
    assertEquals(0, chosen, () -> receiverName + " buffer= " + buffer);
    sync.recv();
  }

  /** Go's {@code go XXsender(c, sync)} and {@code RecvXX} loop, with the {@code <-sync} around. */
  static <T> void receiveFromSender(
      int buffer,
      Chan<T> c,
      T value,
      Chan<Boolean> sync,
      String senderName,
      String valueMessage) {
    Goroutine s = go(() -> sender(c, value, sync));
    if (buffer > 0) {
      sync.recv();
    } else {
      awaitBlocked(s, "chan send");
    }
    AtomicReference<T> got = new AtomicReference<>();
    int chosen = select().recv(c, (T v) -> got.set(v)).otherwise(() -> {}).run();
    assertEquals(0, chosen, () -> senderName + " buffer= " + buffer);
    assertEquals(value, got.get(), valueMessage);
    if (buffer == 0) {
      sync.recv();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void main() {
    goMain(
        () -> {
          Chan<Boolean> sync = chan();
          for (int buffer = 0; buffer < 2; buffer++) {
            Chan<Integer> c32 = chan(buffer);
            Chan<Long> c64 = chan(buffer);
            Chan<Boolean> cb = chan(buffer);
            Chan<String> cs = chan(buffer);

            assertRecvWouldBlock(c32, "blocked i32sender");
            assertRecvWouldBlock(c64, "blocked i64sender");
            assertRecvWouldBlock(cb, "blocked bsender");
            assertRecvWouldBlock(cs, "blocked ssender");

            sendToReceiver(buffer, c32, 123, sync, "i32receiver", "i32 value");
            receiveFromSender(buffer, c32, 234, sync, "i32sender", "i32sender value");

            sendToReceiver(buffer, c64, 123456L, sync, "i64receiver", "i64 value");
            receiveFromSender(buffer, c64, 234567L, sync, "i64sender", "i64sender value");

            sendToReceiver(buffer, cb, true, sync, "breceiver", "b value");
            receiveFromSender(buffer, cb, true, sync, "bsender", "bsender value");

            sendToReceiver(buffer, cs, "hello", sync, "sreceiver", "s value");
            receiveFromSender(buffer, cs, "hello again", sync, "ssender", "ssender value");
          }
        });
  }
}
