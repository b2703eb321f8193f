package io.go4j.conformance;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.conformance.Conformance.goMain;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's test/chan/fifo.go: channels deliver values in the order they were sent, from a
 * buffer ({@code AsynchFifo}) and through a daisy chain of goroutines that take turns receiving
 * from one unbuffered channel ({@code SynchFifo}).
 *
 * <p>Mapping: {@code const N = 10} is {@link #N}; {@code chan int} is {@code Chan<Integer>}, the
 * {@code <-chan int} and {@code chan<- int} parameters of {@code Chain} are {@link RecvChan} and
 * {@link SendChan}. {@code print("bad receive"); os.Exit(1)} and {@code panic(val)} become {@code
 * assertEquals}; a failing {@code Chain} goroutine fails the test through {@link
 * Conformance#goMain}. {@code main} runs both functions in one test, as Go does.
 */
class FifoTest {
  static final int N = 10;

  static void asynchFifo() {
    Chan<Integer> ch = chan(N);
    for (int i = 0; i < N; i++) {
      ch.send(i);
    }
    for (int i = 0; i < N; i++) {
      assertEquals(i, ch.recv(), "bad receive");
    }
  }

  static void chain(RecvChan<Integer> ch, int val, RecvChan<Integer> in, SendChan<Integer> out) {
    in.recv();
    assertEquals(val, ch.recv(), "Chain " + val + " received out of order");
    out.send(1);
  }

  /** Thread together a daisy chain to read the elements in sequence. */
  static void synchFifo() {
    Chan<Integer> ch = chan();
    Chan<Integer> in = chan();
    Chan<Integer> start = in;
    for (int i = 0; i < N; i++) {
      Chan<Integer> out = chan();
      int val = i;
      RecvChan<Integer> prev = in;
      go(() -> chain(ch, val, prev, out));
      in = out;
    }
    start.send(0);
    for (int i = 0; i < N; i++) {
      ch.send(i);
    }
    in.recv();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void main() {
    goMain(
        () -> {
          asynchFifo();
          synchFifo();
        });
  }
}
