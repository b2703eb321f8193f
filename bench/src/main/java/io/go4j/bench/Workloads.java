package io.go4j.bench;

/**
 * Shared by the benchmarks of the channels part ({@code Chan*Benchmark}) and the sync part ({@code
 * Mutex*Benchmark}, {@code WaitGroupFanOutBenchmark}, {@code ScopeBenchmark}) of bench/run.sh: one
 * fork, a JMH backstop timeout, JDK "goroutines", result checks.
 */
final class Workloads {
  private Workloads() {}

  /**
   * JMH forks per benchmark: 1 keeps each part within a few minutes on 2 cores; more with {@code
   * CHAN_FORKS} or {@code SYNC_FORKS} (bench/run.sh).
   */
  static final int FORKS = 1;

  /**
   * JMH's own per-iteration limit, a backstop behind {@link Watchdog}'s (which dumps the goroutines
   * first).
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

  /** What a lock guards in the sync benchmarks: a plain field, checked at the end of a run. */
  static final class Counter {
    long n;
  }

  /** {@code actual}, or an exception naming what was counted. */
  static long check(String what, long expected, long actual) {
    if (actual != expected) {
      throw new IllegalStateException("expected " + expected + " " + what + ", got " + actual);
    }
    return actual;
  }
}
