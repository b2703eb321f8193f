package io.go4j.runtime.spi;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Go's {@code time.Duration}: its {@code String}, for messages and dumps that print durations as Go
 * does, and the conversion of a Java {@link Duration} to the nanoseconds a wait or a timer uses.
 */
public final class GoDuration {
  private GoDuration() {}

  /**
   * The longest wait in nanoseconds (about 73 years): a longer {@link Duration} waits
   * this long, so that a deadline computed from it never overflows the runtime clock's arithmetic.
   */
  public static final long MAX_NANOS = Long.MAX_VALUE / 4;

  /**
   * {@code d} in nanoseconds for a wait or a timer, clamped to {@code [-MAX_NANOS, MAX_NANOS]}:
   * {@code Duration.toNanos} would throw {@code ArithmeticException} beyond 292 years, a wait
   * "forever" such as {@code Duration.ofSeconds(Long.MAX_VALUE)} among them.
   *
   * @throws NullPointerException naming {@code what} if {@code d} is null
   */
  public static long nanos(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.compareTo(MAX) > 0) {
      return MAX_NANOS;
    }
    if (d.compareTo(MIN) < 0) {
      return -MAX_NANOS;
    }
    return d.toNanos();
  }

  private static final Duration MAX = Duration.ofNanos(MAX_NANOS);
  private static final Duration MIN = Duration.ofNanos(-MAX_NANOS);

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
