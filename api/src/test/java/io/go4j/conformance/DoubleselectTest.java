package io.go4j.conformance;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;
import static io.go4j.conformance.Conformance.goMain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's test/chan/doubleselect.go: the situation in which two cases of a select could both
 * end up running (https://codereview.appspot.com/180068). A sender offers each counter value on
 * four unbuffered channels at once; four {@code mux} goroutines forward what they get onto one
 * channel, and the receiver fails on a value seen twice.
 *
 * <p>Same size as Go's default: {@link #ITERATIONS} = 100000 ({@code flag.Int("n", 100000, ...)};
 * the flag is not ported). Go's {@code runtime.GOMAXPROCS(2)} has no per-test equivalent on the
 * default runtime, which keeps its own GOMAXPROCS ({@code go4j.maxprocs}, else the processor
 * count). Mapping: {@code sender}'s four deferred closes are a {@code finally} closing {@code c4}
 * to {@code c1}, the order Go runs defers in; {@code for v := range in} is a for-each; {@code
 * recver} runs in the main goroutine as in Go, with {@code seen} as a {@link BitSet} and {@code
 * println("got duplicate value: ", v); panic("fail")} as an assertion. Beyond Go's check the port
 * also asserts that every value arrived (no case was lost), since each value is sent exactly once.
 */
class DoubleselectTest {
  static final int ITERATIONS = 100_000;

  /**
   * Sends a counter to one of four different channels. If two cases both end up running in the
   * same iteration, the same value will be sent to two different channels.
   */
  static void sender(
      int n,
      SendChan<Integer> c1,
      SendChan<Integer> c2,
      SendChan<Integer> c3,
      SendChan<Integer> c4) {
    try {
      for (int i = 0; i < n; i++) {
        select()
            .send(c1, i, () -> {})
            .send(c2, i, () -> {})
            .send(c3, i, () -> {})
            .send(c4, i, () -> {})
            .run();
      }
    } finally {
      c4.close();
      c3.close();
      c2.close();
      c1.close();
    }
  }

  /** Receives the values from sender and forwards them onto another channel. */
  static void mux(SendChan<Integer> out, RecvChan<Integer> in, SendChan<Boolean> done) {
    for (int v : in) {
      out.send(v);
    }
    done.send(true);
  }

  /** Gets a stream of values from the four muxes and checks for duplicates. */
  static BitSet recver(RecvChan<Integer> in) {
    BitSet seen = new BitSet(ITERATIONS);
    for (int v : in) {
      assertFalse(seen.get(v), () -> "got duplicate value: " + v);
      seen.set(v);
    }
    return seen;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void main() {
    goMain(
        () -> {
          Chan<Integer> c1 = chan();
          Chan<Integer> c2 = chan();
          Chan<Integer> c3 = chan();
          Chan<Integer> c4 = chan();
          Chan<Boolean> done = chan();
          Chan<Integer> cmux = chan();
          go(() -> sender(ITERATIONS, c1, c2, c3, c4));
          go(() -> mux(cmux, c1, done));
          go(() -> mux(cmux, c2, done));
          go(() -> mux(cmux, c3, done));
          go(() -> mux(cmux, c4, done));
          go(
              () -> {
                done.recv();
                done.recv();
                done.recv();
                done.recv();
                cmux.close();
              });
          // We keep the recver because it might catch more bugs in the future.
          BitSet seen = recver(cmux);
          assertEquals(ITERATIONS, seen.cardinality(), "values received");
        });
  }
}
