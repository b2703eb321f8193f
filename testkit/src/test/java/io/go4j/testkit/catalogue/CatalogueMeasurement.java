package io.go4j.testkit.catalogue;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;

import io.go4j.channels.Chan;
import io.go4j.runtime.GoRuntime;
import io.go4j.testkit.Explorer;
import io.go4j.testkit.Explorer.Strategy;
import io.go4j.testkit.GoTestKit;
import io.go4j.testkit.Schedule;
import io.go4j.testkit.ScheduleFailure;
import io.go4j.testkit.catalogue.Catalogue.Bug;
import io.go4j.testkit.internal.BubbleMain;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How fast each strategy finds each bug of the {@link Catalogue}, and what the explorer costs; writes
 * {@code bench/results/testkit.md}. Not a unit test: tagged {@code measurement}, which the default
 * build excludes; run it with
 *
 * <pre>{@code
 * mvn -pl testkit -am verify -Pmeasure -Dtest=CatalogueMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 *
 * <p>Per bug and per seed: the try at which {@link Explorer} finds it with {@link
 * Strategy#RANDOM_WALK} and with {@link Strategy#PCT} (depth = the bug's), shrinking off; and the
 * run at which plain repeated runs on the real scheduler (two Ps, a virtual-time bubble so that a
 * goroutine's panic, a deadlock and a leaked goroutine fail the run, with a real-time limit so that
 * a hang counts as found) first fail. Each capped at {@value #CAP}.
 */
@Tag("measurement")
class CatalogueMeasurement {
  private static final int CAP = 1_000;
  private static final int SEEDS = 10;
  private static final Duration REAL_TIMEOUT = Duration.ofSeconds(2);
  private static final int COST_RUNS = 1_000;
  private static final int WARMUP_RUNS = 300;

  /** A try count, or 0: not found within {@link #CAP}. */
  private record Series(List<Integer> found) {
    int foundCount() {
      return (int) found.stream().filter(t -> t > 0).count();
    }

    /** The median, not-found counting as more than the cap. */
    String median() {
      List<Integer> sorted =
          found.stream().map(t -> t == 0 ? Integer.MAX_VALUE : t).sorted().toList();
      int n = sorted.size();
      long m =
          n % 2 == 1
              ? sorted.get(n / 2)
              : ((long) sorted.get(n / 2 - 1) + sorted.get(n / 2) + 1) / 2;
      return m > CAP ? "> " + CAP : String.valueOf(m);
    }

    String cell() {
      return median() + " (" + foundCount() + "/" + found.size() + ")";
    }

    String raw() {
      return String.join(
          ", ", found.stream().map(t -> t == 0 ? "-" : String.valueOf(t)).toList());
    }
  }

  @Test
  void measure() throws IOException {
    long started = System.nanoTime();
    StringBuilder rows = new StringBuilder();
    StringBuilder raw = new StringBuilder();
    for (Bug bug : Catalogue.all()) {
      Series walk = explorer(bug, Strategy.RANDOM_WALK);
      Series pct = explorer(bug, Strategy.PCT);
      Series real = real(bug);
      rows.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s |%n",
              bug.name(),
              bug.depth(),
              walk.cell(),
              pct.cell(),
              real.cell()));
      raw.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s |%n",
              bug.name(),
              walk.raw(),
              pct.raw(),
              real.raw()));
      System.out.printf(
          Locale.ROOT, "%s: walk %s, pct %s, real %s%n", bug.name(), walk.raw(), pct.raw(), real.raw());
    }
    String costs = costs();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    String report = report(rows.toString(), raw.toString(), costs, seconds);
    Path out = repositoryRoot().resolve("bench/results/testkit.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println(report);
  }

  private static Series explorer(Bug bug, Strategy strategy) {
    List<Integer> found = new ArrayList<>();
    for (int seed = 1; seed <= SEEDS; seed++) {
      Explorer.Options o =
          Explorer.Options.defaults()
              .withTries(CAP)
              .withStrategy(strategy)
              .withDepth(bug.depth())
              .withSeed(seed)
              .withShrinkRuns(0);
      int tries = 0;
      try {
        Explorer.explore(bug.body(), o);
      } catch (ScheduleFailure f) {
        tries = f.tries();
      }
      found.add(tries);
    }
    return new Series(found);
  }

  /** Repeated runs on the real scheduler, {@link #SEEDS} series, each until the first failure. */
  private static Series real(Bug bug) {
    List<Integer> found = new ArrayList<>();
    for (int series = 0; series < SEEDS; series++) {
      int at = 0;
      GoRuntime rt = realRuntime();
      try {
        for (int run = 1; run <= CAP; run++) {
          if (BubbleMain.run(rt, bug.body(), REAL_TIMEOUT) != null) {
            at = run;
            break;
          }
        }
      } finally {
        rt.close();
      }
      found.add(at);
    }
    return new Series(found);
  }

  private static GoRuntime realRuntime() {
    return GoRuntime.builder()
        .maxProcs(2)
        .virtualTime(true)
        .panicOutput(new PrintStream(PrintStream.nullOutputStream()))
        .build();
  }


  /** Two goroutines exchanging 10 messages: a small passing program, for the costs. */
  static void pingPong() {
    Chan<Integer> ping = chan();
    Chan<Integer> pong = chan();
    go(
        () -> {
          for (int i = 0; i < 10; i++) {
            pong.send(ping.recv() + 1);
          }
        });
    for (int i = 0; i < 10; i++) {
      ping.send(i);
      int r = pong.recv();
      if (r != i + 1) {
        throw new AssertionError("got " + r + " for " + i);
      }
    }
  }

  /** Explorer throughput and per-run wall times, as Markdown. */
  private static String costs() {
    Explorer.Options o = Explorer.Options.defaults().withTries(COST_RUNS).withShrinkRuns(0);
    Explorer.explore(CatalogueMeasurement::pingPong, o.withTries(WARMUP_RUNS));
    long t0 = System.nanoTime();
    Explorer.Result r = Explorer.explore(CatalogueMeasurement::pingPong, o);
    double exploreSeconds = (System.nanoTime() - t0) / 1e9;

    for (int i = 0; i < WARMUP_RUNS; i++) {
      GoTestKit.run(Schedule.seed(i), CatalogueMeasurement::pingPong);
    }
    t0 = System.nanoTime();
    for (int i = 0; i < COST_RUNS; i++) {
      GoTestKit.run(Schedule.seed(i), CatalogueMeasurement::pingPong);
    }
    double deterministicMicros = (System.nanoTime() - t0) / 1e3 / COST_RUNS;

    realFresh(WARMUP_RUNS);
    double freshMicros = realFresh(COST_RUNS);
    double reusedMicros;
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      for (int i = 0; i < WARMUP_RUNS; i++) {
        rt.main(CatalogueMeasurement::pingPong);
      }
      t0 = System.nanoTime();
      for (int i = 0; i < COST_RUNS; i++) {
        rt.main(CatalogueMeasurement::pingPong);
      }
      reusedMicros = (System.nanoTime() - t0) / 1e3 / COST_RUNS;
    }
    return String.format(
        Locale.ROOT,
        """
        The program: two goroutines exchanging 10 messages over unbuffered channels (ping and \
        pong), passing; %,d runs each after %,d warm-up runs.

        | What | Result |
        |---|---|
        | Explorer throughput (`Explorer.explore`, %,d tries, MIXED, shrinking off) | \
        **%,.0f schedules/s** (%.2f s; %d distinct interleavings, at most %d steps) |
        | Deterministic run (`GoTestKit.run(Schedule.seed(i), ...)`: a fresh one-carrier \
        runtime per run, plus a platform thread for main) | %,.0f µs per run |
        | Real runtime, fresh per run (`GoRuntime.builder().maxProcs(2).build()`, `main`, \
        `close`) | %,.0f µs per run |
        | Real runtime, one for all runs (`rt.main(...)` repeated, 2 Ps) | %,.0f µs per run |
        """,
        COST_RUNS,
        WARMUP_RUNS,
        COST_RUNS,
        COST_RUNS / exploreSeconds,
        exploreSeconds,
        r.distinctTraces(),
        r.maxSteps(),
        deterministicMicros,
        freshMicros,
        reusedMicros);
  }

  private static double realFresh(int runs) {
    long t0 = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
        rt.main(CatalogueMeasurement::pingPong);
      }
    }
    return (System.nanoTime() - t0) / 1e3 / runs;
  }

  private static String report(String rows, String raw, String costs, long seconds) {
    return String.format(
        Locale.ROOT,
        """
        # Schedule exploration: the bug catalogue

        Generated by `testkit/src/test/java/io/go4j/testkit/catalogue/CatalogueMeasurement.java` \
        (tagged `measurement`, excluded from the default build). Re-run with:

        ```
        mvn -pl testkit -am verify -Pmeasure -Dtest=CatalogueMeasurement -Dsurefire.failIfNoSpecifiedTests=false
        ```

        - Date: %s; took %d s
        - Machine: %d cores (`availableProcessors`), %s %s; %s
        - JDK: %s (%s), flags from the parent pom (`%s`)

        ## Tries to find each bug

        The bugs are the catalogue's (`Catalogue.java`; each passes on the default schedule). \
        For each bug and each of %d seeds (1 to %d): the try on which `Explorer.explore` found \
        it, with `withStrategy(RANDOM_WALK)` or `withStrategy(PCT).withDepth(depth)`, \
        `withTries(%,d)`, `withShrinkRuns(0)` (try 1 is always the default schedule, which \
        passes); and for the real scheduler, %d series of plain repeated runs \
        (`GoRuntime.builder().maxProcs(2).virtualTime(true)`, the body as `rt.main(...)`, one \
        runtime per series) until the first failing run: a failed assertion, a goroutine's panic, \
        the bubble's deadlock or leak report, or a run over %d s of real time (a hang). Each \
        cell: the median over the seeds (a seed that did not find the bug within %,d counts as \
        more), and in brackets in how many seeds it was found within %,d.

        | Bug | Depth | Random walk | PCT (depth = the bug's) | Real scheduler (2 Ps) |
        |---|---|---|---|---|
        %s
        Per seed (`-`: not found within %,d):

        | Bug | Random walk | PCT | Real scheduler |
        |---|---|---|---|
        %s
        ## Costs

        %s""",
        LocalDate.now(ZoneOffset.UTC),
        seconds,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        cpuModel(),
        Runtime.version(),
        System.getProperty("java.vm.name"),
        String.join(
            " ",
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk"))
                .toList()),
        SEEDS,
        SEEDS,
        CAP,
        SEEDS,
        REAL_TIMEOUT.toSeconds(),
        CAP,
        CAP,
        rows,
        CAP,
        raw,
        costs);
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave the CPU out
    }
    return "CPU model unknown";
  }

  /** The repository root: the nearest directory up from the working one with bench/ and testkit/. */
  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("bench")) && Files.isDirectory(p.resolve("testkit"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no repository root (with bench/ and testkit/) above " + Path.of("").toAbsolutePath());
  }
}
