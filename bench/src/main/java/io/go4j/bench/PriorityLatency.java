package io.go4j.bench;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.Priority;
import io.go4j.runtime.RuntimeStats;
import io.go4j.runtime.spi.Park;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Priority workload 3: how long an urgent goroutine readied while a flood of NORMAL goroutines
 * keeps every P busy waits before it runs. GOMAXPROCS=2 (JDK: {@code
 * -Djdk.virtualThreadScheduler.parallelism=2}); {@code flood} NORMAL goroutines loop {@code
 * steps.incrementAndGet(); gosched()} (JDK: {@code Thread.yield()}) until the end. The urgent
 * goroutine parks ({@code Park.park}; JDK: {@code LockSupport.park}) until a pacer platform thread
 * readies it ({@code Park.ready}; JDK: {@code LockSupport.unpark}): "readied from outside", as an
 * I/O completion or a timer would. The pacer waits until the urgent goroutine is parked again
 * (its state is WAITING with the bench's wait reason, and it has taken the previous sample), sleeps
 * {@value #PACE_MICROS} µs more (parkNanos), then notes the time and the step counter and readies
 * it; the urgent goroutine, once running, notes both again. Two numbers per sample:
 *
 * <ul>
 *   <li>latency: ready → running, µs ({@code System.nanoTime()} on both sides);
 *   <li>steps: how far the step counter moved meanwhile, i.e. how many flood loop iterations (each
 *       ends in a yield, a goroutine switch) both Ps completed between the ready and the urgent
 *       goroutine running. A proxy: an iteration under way on the other P when the urgent
 *       goroutine starts is counted if it finishes before the urgent goroutine reads the counter.
 * </ul>
 *
 * <p>Usage: {@code PriorityLatency go4j realtime|normal | jdk normal [samples warmup flood]}
 * (defaults 10,000, 1,000, 16): the urgent goroutine REALTIME or NORMAL (the no-priority
 * baseline), or a JDK virtual thread (no priorities). Prints {@link Results} lines {@code
 * priolat.<prio>.<impl>.p50} / {@code .p99} (µs) and {@code .steps.p50} / {@code .steps.p99}. A
 * run that does not finish within {@link Watchdog}'s limit prints FAILED lines (Report: hung) and
 * exits with status 3; any other failure, FAILED lines and status 1.
 */
public final class PriorityLatency {
  private static final long PACE_MICROS = 20;
  private static final String REASON = "bench urgent";
  private static final int STARVED_SECONDS = 20;

  private final int total;
  private final int warmup;
  private final AtomicLong steps = new AtomicLong();
  private volatile boolean stop;
  private volatile long readyAt;
  private volatile long stepsAtReady;
  private volatile int round;
  private volatile int consumed;
  private volatile boolean starved;
  private int taken;
  private final long[] latency;
  private final long[] stepCounts;

  private PriorityLatency(int samples, int warmup) {
    this.total = samples + warmup;
    this.warmup = warmup;
    this.latency = new long[samples];
    this.stepCounts = new long[samples];
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: PriorityLatency go4j realtime|normal | jdk normal [samples warmup flood]");
      System.exit(64);
    }
    String impl = args[0];
    String prio = args[1];
    int samples = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
    int flood = args.length > 4 ? Integer.parseInt(args[4]) : 16;
    String id = "priolat." + prio + "." + impl;
    String what = "PriorityLatency." + impl + "-" + prio;
    PriorityLatency t = new PriorityLatency(samples, warmup);
    long started = System.nanoTime();
    String note;
    try {
      note =
          switch (impl) {
            case "go4j" -> t.go4j(what, priority(prio), flood);
            case "jdk" -> {
              if (!prio.equals("normal")) {
                throw new IllegalArgumentException("the JDK has no priorities: jdk normal only");
              }
              yield t.jdk(what, flood);
            }
            default -> throw new IllegalArgumentException("go4j or jdk, not " + impl);
          };
    } catch (Exception | Error e) {
      String first = String.valueOf(e).lines().findFirst().orElse("");
      String detail = "FAILED: " + first.replace('\t', ' ');
      for (String m : List.of(".p50", ".p99", ".steps.p50", ".steps.p99")) {
        Results.print(id + m, m.startsWith(".steps") ? "steps" : "µs", Double.NaN, 0, detail);
      }
      System.out.flush();
      e.printStackTrace();
      Runtime.getRuntime().halt(e instanceof Watchdog.WorkloadHungException ? 3 : 1);
      return;
    }
    t.report(id, flood, (System.nanoTime() - started) / 1e9, note);
    System.out.flush();
    Runtime.getRuntime().halt(0); // flood goroutines of a runtime left behind must not keep it up
  }

  private static Priority priority(String p) {
    return switch (p) {
      case "realtime" -> Priority.REALTIME;
      case "normal" -> Priority.NORMAL;
      default -> throw new IllegalArgumentException("realtime or normal, not " + p);
    };
  }

  private String go4j(String what, Priority urgentPriority, int flood) throws Exception {
    GoRuntime rt = GoRuntime.builder().name("priolat").maxProcs(BenchFlags.PROCS).build();
    String note;
    try {
      note =
          Watchdog.go4j(
          what,
          rt,
          () -> {
            List<Goroutine> floods = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
              floods.add(
                  rt.spawn()
                      .name("flood-" + i)
                      .start(
                          () -> {
                            while (!stop) {
                              steps.incrementAndGet();
                              GoRuntime.gosched();
                            }
                          }));
            }
            Goroutine urgent =
                rt.spawn()
                    .name("urgent")
                    .priority(urgentPriority)
                    .start(() -> urgent(() -> Park.park(REASON)));
            Thread pacer =
                pacer(
                    () ->
                        urgent.state() == GoroutineState.WAITING
                            && REASON.equals(urgent.waitReason()),
                    () -> Park.ready(urgent));
            urgent.join();
            stop = true;
            pacer.join();
            floods.forEach(Goroutine::join);
            RuntimeStats st = rt.stats();
            return String.format(
                Locale.ROOT,
                "go4j: %d carrier threads, %d P handoffs, %d preemption requests",
                st.threads(),
                st.handoffs(),
                st.preemptions());
          });
    } catch (Exception | Error e) {
      stop = true; // the caller halts; a hung runtime is not closed
      throw e;
    }
    rt.close();
    return note;
  }

  @SuppressWarnings("ThreadPriorityCheck") // the JDK flood yields, as go4j's gosched()s
  private String jdk(String what, int flood) throws Exception {
    String par = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    if (!String.valueOf(BenchFlags.PROCS).equals(par)) {
      throw new IllegalStateException(
          "run the jdk variant with -Djdk.virtualThreadScheduler.parallelism="
              + BenchFlags.PROCS
              + ", got "
              + par);
    }
    return Watchdog.virtual(
        what,
        () -> {
          List<Thread> floods = new ArrayList<>();
          for (int i = 0; i < flood; i++) {
            floods.add(
                Thread.ofVirtual()
                    .start(
                        () -> {
                          while (!stop) {
                            steps.incrementAndGet();
                            Thread.yield();
                          }
                        }));
          }
          Thread urgent = Thread.ofVirtual().start(() -> urgent(LockSupport::park));
          Thread pacer =
              pacer(
                  () -> urgent.getState() == Thread.State.WAITING,
                  () -> LockSupport.unpark(urgent));
          urgent.join();
          stop = true;
          pacer.join();
          for (Thread f : floods) {
            f.join();
          }
          return "JDK virtual threads, parallelism " + BenchFlags.PROCS;
        });
  }

  /** The urgent goroutine: park until readied for round k, record, {@link #total} times. */
  private void urgent(Runnable park) {
    for (int k = 1; k <= total; k++) {
      while (round < k) {
        park.run();
      }
      long now = System.nanoTime();
      long s = steps.get();
      if (starved) {
        return; // the pacer gave up: this wake-up is not a sample
      }
      if (k > warmup) {
        latency[taken] = now - readyAt;
        stepCounts[taken] = s - stepsAtReady;
        taken++;
      }
      consumed = k;
    }
  }

  /**
   * The pacer platform thread: readies the urgent goroutine once it is parked again. If the run is
   * not over {@value #STARVED_SECONDS} s after it began (the urgent goroutine does not get to run),
   * it gives up: marks the run starved, stops the flood and readies the urgent goroutine one last
   * time.
   */
  private Thread pacer(BooleanSupplier parked, Runnable ready) {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARVED_SECONDS);
    return Thread.ofPlatform()
        .daemon()
        .name("pacer")
        .start(
            () -> {
              for (int k = 1; k <= total; k++) {
                while (consumed < k - 1 || !parked.getAsBoolean()) {
                  LockSupport.parkNanos(1_000);
                  if (System.nanoTime() - giveUp > 0) {
                    starved = true;
                    stop = true;
                    round = total + 1;
                    ready.run();
                    return;
                  }
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(PACE_MICROS));
                stepsAtReady = steps.get();
                readyAt = System.nanoTime();
                round = k;
                ready.run();
              }
            });
  }

  private void report(String id, int flood, double seconds, String note) {
    long[] lat = Arrays.copyOf(latency, taken);
    long[] st = Arrays.copyOf(stepCounts, taken);
    Arrays.sort(lat);
    Arrays.sort(st);
    int n = lat.length;
    String detail =
        String.format(
            Locale.ROOT,
            "%d samples after %d warm-up (%d wanted)%s, %d NORMAL flood goroutines (%d steps in"
                + " all), latency max %.1f µs, steps max %d, run %.1f s, %s",
            n,
            warmup,
            latency.length,
            starved
                ? ", STARVED: the urgent goroutine did not get to run within "
                    + STARVED_SECONDS
                    + " s, the flood was stopped"
                : "",
            flood,
            steps.get(),
            n == 0 ? Double.NaN : lat[n - 1] / 1e3,
            n == 0 ? -1 : st[n - 1],
            seconds,
            note);
    Results.print(id + ".p50", "µs", TickerLatency.percentile(lat, 0.50) / 1e3, n, detail);
    Results.print(id + ".p99", "µs", TickerLatency.percentile(lat, 0.99) / 1e3, n, detail);
    Results.print(id + ".steps.p50", "steps", TickerLatency.percentile(st, 0.50), n, detail);
    Results.print(id + ".steps.p99", "steps", TickerLatency.percentile(st, 0.99), n, detail);
    for (String m : List.of("", ".steps")) {
      Results.print(id + m + ".samples", "count", n, latency.length, detail);
      Results.print(id + m + ".starved", "bool", starved ? 1 : 0, 1, detail);
    }
  }
}
