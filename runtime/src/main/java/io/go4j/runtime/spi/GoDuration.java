package io.go4j.runtime.spi;

import java.math.BigDecimal;

/** Go's {@code time.Duration.String}, for messages and dumps that print durations as Go does. */
public final class GoDuration {
  private GoDuration() {}

  /** {@code 1.5s}, {@code 2m0.25s}, {@code 300ms}, {@code 1h0m0s}, {@code 0s}, ... */
  public static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    BigDecimal u = BigDecimal.valueOf(nanos).abs();
    if (u.compareTo(BigDecimal.valueOf(1_000)) < 0) {
      return sign + u + "ns";
    }
    if (u.compareTo(BigDecimal.valueOf(1_000_000)) < 0) {
      return sign + plain(u.movePointLeft(3)) + "µs";
    }
    if (u.compareTo(BigDecimal.valueOf(1_000_000_000)) < 0) {
      return sign + plain(u.movePointLeft(6)) + "ms";
    }
    BigDecimal seconds = u.movePointLeft(9);
    long whole = seconds.longValue();
    long h = whole / 3600;
    long m = whole / 60 % 60;
    BigDecimal s = seconds.subtract(BigDecimal.valueOf(whole - whole % 60));
    StringBuilder b = new StringBuilder(sign);
    if (h > 0) {
      b.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      b.append(m).append('m');
    }
    return b.append(plain(s)).append('s').toString();
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
