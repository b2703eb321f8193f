package io.go4j.bench;

/** Shared by the channels benchmarks ({@code Chan*Benchmark}). */
final class ChanFlags {
  private ChanFlags() {}

  /**
   * JMH forks per benchmark: 1 keeps the channels part within a few minutes on 2 cores; more with
   * {@code CHAN_FORKS} (bench/run.sh).
   */
  static final int FORKS = 1;

  /**
   * JMH's own per-iteration limit, a backstop behind {@link Watchdog}'s (which dumps the
   * goroutines first).
   */
  static final int JMH_TIMEOUT_SECONDS = 300;

  /** The value sent where only the count matters (Go sends the int 1): one shared box. */
  static final Integer ONE = 1;

  /** A body of a JDK or jox "goroutine": their blocking calls throw InterruptedException. */
  @FunctionalInterface
  interface Body {
    void run() throws InterruptedException;
  }

  /** Starts {@code body} on a new virtual thread of the JDK's default scheduler. */
  static Thread startVirtual(Body body) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                body.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
              }
            });
  }

  /** {@code actual}, or an exception naming what was counted. */
  static long check(String what, long expected, long actual) {
    if (actual != expected) {
      throw new IllegalStateException("expected " + expected + " " + what + ", got " + actual);
    }
    return actual;
  }
}
