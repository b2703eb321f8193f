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
 * Port of Go's test/chan/sieve1.go: the classical inefficient concurrent prime sieve, a linear
 * chain of divisibility filters, each a goroutine, checked against the 25 primes below 100.
 *
 * <p>Mapping: {@code Generate}, {@code Filter} and {@code Sieve} keep their names (lower-case);
 * {@code chan<- int} and {@code <-chan int} are {@link SendChan} and {@link RecvChan}; {@code for i
 * := range in} is a for-each over the channel; {@code println(x, " != ", a[i]); panic("fail")} is
 * {@code assertEquals}. As in Go, {@code main} returns while {@code Generate}, {@code Sieve} and
 * the 25 filters are still blocked on their next send; Go ends the process there, while here they
 * stay parked forever in the default runtime (they hold no timer, so deadlock detection in later
 * tests is unaffected).
 */
class Sieve1Test {
  /** Send the sequence 2, 3, 4, ... to channel 'ch'. */
  static void generate(SendChan<Integer> ch) {
    for (int i = 2; ; i++) {
      ch.send(i);
    }
  }

  /** Copy the values from channel 'in' to channel 'out', removing those divisible by 'prime'. */
  static void filter(RecvChan<Integer> in, SendChan<Integer> out, int prime) {
    for (int i : in) {
      if (i % prime != 0) {
        out.send(i);
      }
    }
  }

  /** The prime sieve: Daisy-chain Filter processes together. */
  static void sieve(SendChan<Integer> primes) {
    Chan<Integer> ch = chan();
    Chan<Integer> gen = ch;
    go(() -> generate(gen));
    for (; ; ) {
      // Note that ch is different on each iteration.
      int prime = ch.recv();
      primes.send(prime);
      Chan<Integer> ch1 = chan();
      Chan<Integer> in = ch;
      go(() -> filter(in, ch1, prime));
      ch = ch1;
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void main() {
    goMain(
        () -> {
          Chan<Integer> primes = chan();
          go(() -> sieve(primes));
          int[] a = {
            2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83,
            89, 97
          };
          for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], primes.recv(), "prime #" + i);
          }
        });
  }
}
