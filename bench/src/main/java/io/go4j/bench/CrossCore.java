package io.go4j.bench;

import java.util.Locale;

/**
 * What the machine itself charges for a turn handed between two cores: two platform threads take
 * turns through one volatile {@code int}, each spinning until it is its turn, with nothing else in
 * between (no park, no queue, no allocation). The pair rows of the benchmarks (ping-pong, handoff)
 * cost at least this per round trip once their goroutines run on two carriers, and follow it when
 * the hypervisor moves the virtual CPUs about: {@code bench/run.sh} samples it before each channels
 * workload, and the report gives its median and range.
 *
 * <p>Usage: {@code CrossCore [samples [roundTrips]]} (defaults 5 and 1,000,000): after one unreported
 * warm-up sample (the JIT compiles both loops), prints each sample's nanoseconds per round trip,
 * one per line.
 */
public final class CrossCore {
  private volatile int turn;

  private CrossCore() {}

  public static void main(String[] args) throws InterruptedException {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    CrossCore c = new CrossCore();
    c.sample(roundTrips); // warm-up
    for (int i = 0; i < samples; i++) {
      System.out.println(String.format(Locale.ROOT, "%.1f", c.sample(roundTrips)));
    }
  }

  /** Nanoseconds per round trip over {@code n} round trips. */
  private double sample(int n) throws InterruptedException {
    turn = 0;
    Thread other =
        new Thread(
            () -> {
              for (int i = 0; i < n; i++) {
                while (turn != 1) {
                  Thread.onSpinWait();
                }
                turn = 0;
              }
            },
            "crosscore");
    other.start();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      while (turn != 0) {
        Thread.onSpinWait();
      }
      turn = 1;
    }
    other.join();
    return (double) (System.nanoTime() - t0) / n;
  }
}
