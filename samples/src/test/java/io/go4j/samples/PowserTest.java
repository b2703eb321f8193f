package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code powser} sample prints what {@code go run powser1.go print} prints (Go 1.19, trailing
 * spaces dropped): the terms that the Go program's test mode checks, and five more of {@code Exp}.
 * This is also the port of Go's conformance program {@code test/chan/powser1.go}: its test mode
 * checks the first ten terms of Ones, Add, Diff, Integ, Cmul, Sub, Mul, Exp and ATan, all asserted
 * here.
 */
class PowserTest {
  @Test
  void printsTheTermsGoPrints() {
    String out = Output.of(new Powser()::run);
    assertEquals(
        List.of(
            "Ones: 1 1 1 1 1 1 1 1 1 1",
            "Twos: 2 2 2 2 2 2 2 2 2 2",
            "Add: 3 3 3 3 3 3 3 3 3 3",
            "Diff: 1 2 3 4 5 6 7 8 9 10",
            "Integ: 0 1 1/2 1/3 1/4 1/5 1/6 1/7 1/8 1/9",
            "CMul: -1 -1 -1 -1 -1 -1 -1 -1 -1 -1",
            "Sub: -1 -1 -1 -1 -1 -1 -1 -1 -1 -1",
            "Mul: 1 2 3 4 5 6 7 8 9 10",
            "Exp: 1 1 3/2 13/6 73/24 167/40 4051/720 37633/5040 43817/4480 4596553/362880"
                + " 58941091/3628800 274691047/13305600 12470162233/479001600"
                + " 202976401213/6227020800 1178339174801/29059430400",
            "MonSubst: 1 0 -1 0 1 0 -1 0 1 0",
            "ATan: 0 1 0 -1/3 0 1/5 0 -1/7 0 1/9"),
        out.lines().toList());
  }
}
