package io.go4j.bench;

import java.util.Locale;

/**
 * The line format every producer (JMH runner, ticker, the Go program) prints and {@link Report}
 * reads: {@code RESULT <tab> id <tab> unit <tab> value <tab> n <tab> detail}, value being the
 * median (or the percentile named by the id), n the number of measurements behind it.
 */
final class Results {
  private Results() {}

  static final String PREFIX = "RESULT";

  static String line(String id, String unit, double value, long n, String detail) {
    return String.format(
        Locale.ROOT, "%s\t%s\t%s\t%.3f\t%d\t%s", PREFIX, id, unit, value, n, detail);
  }

  static void print(String id, String unit, double value, long n, String detail) {
    System.out.println(line(id, unit, value, n, detail));
  }
}
