package io.go4j.conformance;

import static io.go4j.Go.chan;
import static io.go4j.Go.select;
import static io.go4j.conformance.Conformance.goMain;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.channels.Chan;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's test/chan/select.go: a simple select with two send cases and a default, where a
 * case is disabled by setting its channel to nil once it has been chosen.
 *
 * <p>Mapping: the globals {@code counter} and {@code shift} are fields (Go's {@code uint} as
 * {@code long}); {@code GetValue} is {@link #getValue}. Go evaluates the value of every send case,
 * nil channel or not, each time the select statement runs, which is what {@code counter != 10}
 * checks; the port builds the {@code select()} anew in each iteration, so each {@code .send(ch,
 * getValue(), ...)} evaluates its value exactly then, in case order. The index {@link
 * io.go4j.select.Select#run()} returns says which case ran: 0 and 1 do Go's {@code i++; a = nil}
 * and {@code i++; b = nil} ({@code nil} is {@link Chan#nil()}), 2 (the {@code default}) is {@code
 * break LOOP}. Go's {@code println(...); panic("fail")} are {@code assertEquals} with the same
 * messages.
 */
class SelectTest {
  private long counter;
  private long shift;

  private long getValue() {
    counter++;
    return 1L << shift;
  }

  private int send(Chan<Long> a, Chan<Long> b) {
    int i = 0;
    loop:
    for (; ; ) {
      int chosen = select().send(a, getValue(), () -> {}).send(b, getValue(), () -> {})
          .otherwise(() -> {}).run();
      switch (chosen) {
        case 0 -> {
          i++;
          a = Chan.nil();
        }
        case 1 -> {
          i++;
          b = Chan.nil();
        }
        default -> {
          break loop;
        }
      }
      shift++;
    }
    return i;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void main() {
    goMain(
        () -> {
          Chan<Long> a = chan(1);
          Chan<Long> b = chan(1);
          assertEquals(2, send(a, b), "Send returned != 2");
          long av = a.recv();
          long bv = b.recv();
          assertEquals(3, av | bv, () -> "bad values " + av + " " + bv);
          assertEquals(1, send(a, Chan.nil()), "Send returned != 1");
          assertEquals(10, counter, "counter is != 10");
        });
  }
}
