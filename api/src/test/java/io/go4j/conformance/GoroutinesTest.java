package io.go4j.conformance;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.conformance.Conformance.goMain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.go4j.channels.Chan;
import io.go4j.runtime.Goroutine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's test/chan/goroutines.go, a torture test for goroutines: make a lot of goroutines,
 * threaded together, and tear them down cleanly.
 *
 * <p>Same size as Go's default: {@code n = 10000} goroutines, each running {@code f(left, right)}
 * ({@code left <- <-right}), so a value sent into the rightmost channel is passed left along the
 * chain to {@code leftmost}. Go's command-line argument for {@code n} is not ported. Go discards
 * the value it receives from {@code leftmost}; the port checks that it is the {@code 1} sent at the
 * right end, and, for "tear them down cleanly", joins every goroutine of the chain afterwards: all
 * must have finished.
 */
class GoroutinesTest {
  static final int N = 10_000;

  static void f(Chan<Integer> left, Chan<Integer> right) {
    left.send(right.recv());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void main() {
    goMain(
        () -> {
          List<Goroutine> chain = new ArrayList<>(N);
          Chan<Integer> leftmost = chan();
          Chan<Integer> right = leftmost;
          Chan<Integer> left = leftmost;
          for (int i = 0; i < N; i++) {
            right = chan();
            Chan<Integer> l = left;
            Chan<Integer> r = right;
            chain.add(go(() -> f(l, r)));
            left = right;
          }
          Chan<Integer> c = right;
          go(() -> c.send(1));
          assertEquals(1, leftmost.recv(), "value passed along " + N + " goroutines");
          for (Goroutine g : chain) {
            g.join();
            assertFalse(g.isAlive(), () -> "goroutine " + g.id() + " of the chain");
          }
        });
  }
}
