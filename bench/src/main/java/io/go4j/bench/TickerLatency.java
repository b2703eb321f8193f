package io.go4j.bench;

import io.go4j.runtime.GoRuntime;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A ticker goroutine's wake-up latency at GOMAXPROCS=1: it sleeps a fixed period in a loop and
 * records {@code lateness = woke − (before + period)}, in µs, for every sleep that starts within
 * the measuring window (after a warm-up whose sleeps are dropped). In {@code hog} mode another
 * goroutine spins on the same P in a plain loop with no preemption point (no checkpoint, no
 * gosched, no blocking); in {@code idle} mode the ticker is alone (the timer path's resolution).
 * The ticker starts the hog itself, then sleeps.
 *
 * <p>A scheduler that cannot get the ticker past the hog starves it: a watchdog platform thread
 * stops the hog one second after the window; the ticker then wakes, and the run is reported as
 * starved with the wake-ups it got within the window.
 *
 * <p>If the ticker has still not finished {@value #HANG_SECONDS} s after the hog was stopped, the
 * runtime is hung: the watchdog prints the platform threads' stacks to stderr, a {@code .hung}
 * result, and exits with status 3.
 *
 * <p>Usage: {@code TickerLatency go4j|jdk hog|idle [periodMicros windowMillis warmupMillis]}
 * (defaults 1000, 2000, 500). The {@code jdk} variant needs {@code
 * -Djdk.virtualThreadScheduler.parallelism=1}. Prints {@link Results} lines {@code
 * ticker.<mode>.<impl>.p50}, {@code .p99}, {@code .samples} (n: the wake-ups a perfect timer would
 * give) and {@code .starved} (1 if the watchdog had to stop the hog).
 */
public final class TickerLatency {
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int HANG_SECONDS = 10;
  private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(HANG_SECONDS);

  private volatile boolean stop;
  private volatile boolean watchdogFired;
  private volatile long spins;
  private volatile boolean done;
  private volatile int progress;
  private volatile String runtimeNote = "";
  private final long periodNanos;
  private final long warmEnd;
  private final long end;
  private long[] lateness = new long[1024];
  private int taken;

  private TickerLatency(long periodNanos, long warmEnd, long end) {
    this.periodNanos = periodNanos;
    this.warmEnd = warmEnd;
    this.end = end;
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 2) {
      System.err.println(
          "usage: TickerLatency go4j|jdk hog|idle [periodMicros windowMillis warmupMillis]");
      System.exit(64);
    }
    String impl = args[0];
    boolean hog =
        switch (args[1]) {
          case "hog" -> true;
          case "idle" -> false;
          default -> throw new IllegalArgumentException("mode must be hog or idle: " + args[1]);
        };
    long periodNanos = TimeUnit.MICROSECONDS.toNanos(args.length > 2 ? Long.parseLong(args[2]) : 1000);
    long windowNanos = TimeUnit.MILLISECONDS.toNanos(args.length > 3 ? Long.parseLong(args[3]) : 2000);
    long warmNanos = TimeUnit.MILLISECONDS.toNanos(args.length > 4 ? Long.parseLong(args[4]) : 500);

    long start = System.nanoTime();
    TickerLatency t =
        new TickerLatency(periodNanos, start + warmNanos, start + warmNanos + windowNanos);
    String mode = hog ? "hog" : "idle";
    Thread watchdog =
        Thread.ofPlatform()
            .daemon()
            .name("watchdog")
            .start(
                () -> {
                  if (t.watch(t.end + GRACE_NANOS) && t.sleepUntil(t.end + GRACE_NANOS + HANG_NANOS)) {
                    t.hung(impl, mode, windowNanos);
                  }
                });
    Duration period = Duration.ofNanos(periodNanos);
    switch (impl) {
      case "go4j" -> {
        try (GoRuntime rt = GoRuntime.builder().name("ticker").maxProcs(1).build()) {
          rt.main(
              () -> {
                var hogG = hog ? rt.go(t::hog) : null;
                t.tick(() -> GoRuntime.sleep(period));
                t.stop = true;
                if (hogG != null) {
                  hogG.join();
                }
                var st = rt.stats();
                t.runtimeNote =
                    String.format(
                        Locale.ROOT,
                        ", go4j: %d threads, %d P handoffs, %d preemption requests",
                        st.threads(),
                        st.handoffs(),
                        st.preemptions());
              });
        }
      }
      case "jdk" -> {
        String par = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (!"1".equals(par)) {
          throw new IllegalStateException(
              "run the jdk variant with -Djdk.virtualThreadScheduler.parallelism=1, got " + par);
        }
        Thread ticker =
            Thread.ofVirtual()
                .start(
                    () -> {
                      Thread hogT = hog ? Thread.ofVirtual().start(t::hog) : null;
                      t.tick(
                          () -> {
                            try {
                              Thread.sleep(period);
                            } catch (InterruptedException e) {
                              throw new IllegalStateException(e);
                            }
                          });
                      t.stop = true;
                      if (hogT != null) {
                        try {
                          hogT.join();
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                      }
                    });
        ticker.join();
      }
      default -> throw new IllegalArgumentException("implementation must be go4j or jdk: " + impl);
    }
    t.done = true;
    watchdog.interrupt();
    t.report(impl, mode, windowNanos, (System.nanoTime() - start) / 1e9);
  }

  /**
   * The watchdog: stops the hog at {@code at} unless the ticker finished first; returns whether
   * the run is still going on (not interrupted, not done).
   */
  private boolean watch(long at) {
    if (!sleepUntil(at)) {
      return false;
    }
    if (!stop) {
      watchdogFired = true;
      stop = true;
    }
    return !done;
  }

  /** Sleeps until {@code at}; false if interrupted or the run is done. */
  private boolean sleepUntil(long at) {
    long left;
    while ((left = at - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        return false;
      }
    }
    return !done;
  }

  /** The run never finished: report it, with the platform threads' stacks, and exit. */
  private void hung(String impl, String mode, long windowNanos) {
    System.err.printf(
        Locale.ROOT,
        "TickerLatency: %s %s hung: the ticker has not finished %d s after the window ended and"
            + " the hog (if any) was stopped (%d samples taken). Platform threads:%n",
        impl,
        mode,
        HANG_SECONDS,
        progress);
    Thread.getAllStackTraces()
        .forEach(
            (th, stack) -> {
              System.err.printf(Locale.ROOT, "%n\"%s\" %s%n", th.getName(), th.getState());
              for (StackTraceElement e : stack) {
                System.err.println("\tat " + e);
              }
            });
    String id = "ticker." + mode + "." + impl;
    String detail =
        String.format(
            Locale.ROOT,
            "HUNG: the ticker had not finished %d s after the window ended (and the hog, if any,"
                + " was stopped), %d wake-ups by then",
            HANG_SECONDS,
            progress);
    Results.print(id + ".p50", "µs", Double.NaN, 0, detail);
    Results.print(id + ".p99", "µs", Double.NaN, 0, detail);
    Results.print(id + ".samples", "count", progress, windowNanos / periodNanos, detail);
    Results.print(id + ".starved", "bool", watchdogFired ? 1 : 0, 1, detail);
    Results.print(id + ".hung", "bool", 1, 1, detail);
    System.out.flush();
    Runtime.getRuntime().halt(3);
  }

  /** The CPU hog: a plain loop, no preemption point; runs until {@link #stop}. */
  private void hog() {
    long n = 0;
    while (!stop) {
      n++;
    }
    spins = n;
  }

  /** The ticker: sleep, measure, repeat, while the sleeps start within the window. */
  private void tick(Runnable sleep) {
    while (true) {
      long before = System.nanoTime();
      if (before - end >= 0) {
        return;
      }
      sleep.run();
      long woke = System.nanoTime();
      if (before - warmEnd >= 0) {
        if (taken == lateness.length) {
          lateness = Arrays.copyOf(lateness, taken * 2);
        }
        lateness[taken++] = woke - before - periodNanos;
        progress = taken;
      }
    }
  }

  private void report(String impl, String mode, long windowNanos, double seconds) {
    long[] v = Arrays.copyOf(lateness, taken);
    Arrays.sort(v);
    long ideal = windowNanos / periodNanos;
    String id = "ticker." + mode + "." + impl;
    String detail =
        String.format(
            Locale.ROOT,
            "%d wake-ups in a %.1f s window (%d with a perfect timer), max %.1f µs, %s, hog spins"
                + " %d, run %.1f s%s",
            taken,
            windowNanos / 1e9,
            ideal,
            taken == 0 ? Double.NaN : v[taken - 1] / 1e3,
            watchdogFired ? "STARVED: the watchdog had to stop the hog" : "not starved",
            spins,
            seconds,
            runtimeNote);
    Results.print(id + ".p50", "µs", percentile(v, 0.50) / 1e3, taken, detail);
    Results.print(id + ".p99", "µs", percentile(v, 0.99) / 1e3, taken, detail);
    Results.print(id + ".samples", "count", taken, ideal, detail);
    Results.print(id + ".starved", "bool", watchdogFired ? 1 : 0, 1, detail);
  }

  /** Nearest-rank percentile of sorted values; NaN when empty. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
