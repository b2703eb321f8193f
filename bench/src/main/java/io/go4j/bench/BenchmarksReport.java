package io.go4j.bench;

import io.go4j.bench.Report.Cell;
import io.go4j.bench.Report.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The side-by-side summary (docs/benchmarks.md and docs/benchmarks.svg/.png, {@code bench/run.sh
 * --report}): every workload of the runtime, channels and sync parts that runs on go4j and on a
 * peer, one table with a column per implementation (go4j, Go 1.19, jox, the JDK) and go4j's ratio
 * to each, and a chart of the same values relative to Go. The workloads themselves are described
 * in the notes of the per-part reports (bench/results/runtime.md, channels.md, sync.md), whose ids
 * these rows use; the values come from the same raw TSVs ({@link Report#read}).
 *
 * <p>Usage: {@code BenchmarksReport out.md out.svg out.png results.tsv...}; metadata from the
 * system properties {@link Report} reads, plus {@code report.jox}, {@code report.duration} and
 * {@code report.settings}. Exits with status 3 if a measurement is missing or failed (the files
 * are written all the same).
 */
public final class BenchmarksReport {
  private BenchmarksReport() {}

  /** The implementations, in column and legend order. */
  static final List<Chart.Series> IMPLEMENTATIONS =
      List.of(
          new Chart.Series("go4j", "#7b3fa0"),
          new Chart.Series("Go 1.19", "#00a0c8"),
          new Chart.Series("jox", "#3a9a3a"),
          new Chart.Series("JDK", "#e07000"));

  static final int GO4J = 0;
  static final int GO = 1;
  static final int JOX = 2;
  static final int JDK = 3;

  /**
   * A workload: its part (section), its label, its unit, and the id of each implementation's
   * value in {@link #IMPLEMENTATIONS} order (null: that implementation has no such workload).
   */
  record Workload(String part, String label, String unit, List<String> ids) {
    Workload(String part, String label, String unit, String go4j, String go, String jox,
        String jdk) {
      this(part, label, unit, Arrays.asList(go4j, go, jox, jdk));
    }

    /**
     * The implementation the chart measures this row against: Go, else the JDK, else jox (the
     * first with a usable value); -1: none has one.
     */
    int reference(Map<String, Value> values) {
      for (int i : new int[] {GO, JDK, JOX}) {
        if (Report.cell(values, ids.get(i)).usable()) {
          return i;
        }
      }
      return -1;
    }
  }

  static final String RUNTIME = "runtime";
  static final String CHANNELS = "channels";
  static final String SYNC = "sync and scopes";

  /** Each part's own report, whose notes describe its workloads (relative to docs/). */
  static final Map<String, String> PART_REPORTS =
      Map.of(
          RUNTIME, "../bench/results/runtime.md",
          CHANNELS, "../bench/results/channels.md",
          SYNC, "../bench/results/sync.md");

  /**
   * A channels floor row ({@link ChannelsReport#FLOORS}): go4j, and in the JDK column go4j on a
   * trivial scheduler.
   */
  private static Workload floor(ChannelsReport.Floor f) {
    return new Workload(
        CHANNELS,
        f.workload() + ", JDK: go4j channels on a trivial scheduler",
        f.unit(),
        f.benchmark() + ".go4j",
        null,
        null,
        f.benchmark() + ".go4jOnTrivialScheduler");
  }

  static final List<Workload> WORKLOADS =
      Stream.of(
              Stream.of(
                  new Workload(
                      RUNTIME,
                      "spawn + wait for all, 1M goroutines",
                      "ns/goroutine",
                      "SpawnBenchmark.go4jSpawnWait",
                      "go.spawnWait",
                      null,
                      "SpawnBenchmark.jdkSpawnWait"),
                  new Workload(
                      RUNTIME,
                      "spawn + join each, 1M goroutines",
                      "ns/goroutine",
                      "SpawnBenchmark.go4jSpawnJoin",
                      null,
                      null,
                      "SpawnBenchmark.jdkSpawnJoin"),
                  new Workload(
                      RUNTIME,
                      "ping-pong, 1M (JDK: SynchronousQueue)",
                      "ns/round trip",
                      "PingPongBenchmark.go4jParkReady",
                      "go.pingPong",
                      null,
                      "PingPongBenchmark.jdkSynchronousQueue"),
                  new Workload(
                      RUNTIME,
                      "ping-pong, JDK: same park/unpark",
                      "ns/round trip",
                      "PingPongBenchmark.go4jParkReady",
                      null,
                      null,
                      "PingPongBenchmark.jdkLockSupport"),
                  new Workload(
                      RUNTIME,
                      "ping-pong, JDK: trivial scheduler",
                      "ns/round trip",
                      "PingPongBenchmark.go4jParkReady",
                      null,
                      null,
                      "PingPongBenchmark.trivialSchedulerLockSupport"),
                  new Workload(
                      RUNTIME,
                      "ping-pong on one carrier, JDK: bare continuations",
                      "ns/round trip",
                      "PingPongBenchmark.go4jParkReadyOneP",
                      "go.pingPong.oneP",
                      null,
                      "PingPongBenchmark.rawContinuations"),
                  new Workload(
                      RUNTIME,
                      "sleep(1 ms) lateness p50, CPU hog",
                      "µs",
                      "ticker.hog.go4j.p50",
                      "ticker.hog.go.p50",
                      null,
                      "ticker.hog.jdk.p50"),
                  new Workload(
                      RUNTIME,
                      "sleep(1 ms) lateness p99, CPU hog",
                      "µs",
                      "ticker.hog.go4j.p99",
                      "ticker.hog.go.p99",
                      null,
                      "ticker.hog.jdk.p99"),
                  new Workload(
                      RUNTIME,
                      "sleep(1 ms) lateness p50, no hog",
                      "µs",
                      "ticker.idle.go4j.p50",
                      "ticker.idle.go.p50",
                      null,
                      "ticker.idle.jdk.p50"),
                  new Workload(
                      RUNTIME,
                      "sleep(1 ms) lateness p99, no hog",
                      "µs",
                      "ticker.idle.go4j.p99",
                      "ticker.idle.go.p99",
                      null,
                      "ticker.idle.jdk.p99"),
                  new Workload(
                      CHANNELS,
                      "pingpong, unbuffered, 1M",
                      "ns/round trip",
                      "ChanPingPongBenchmark.go4j",
                      "go.chan.pingpong",
                      "ChanPingPongBenchmark.jox",
                      "ChanPingPongBenchmark.jdk"),
                  new Workload(
                      CHANNELS,
                      "handoff 1 → 1, unbuffered, 1M",
                      "ns/value",
                      "ChanHandoffBenchmark.go4j",
                      "go.chan.handoff",
                      "ChanHandoffBenchmark.jox",
                      "ChanHandoffBenchmark.jdk"),
                  new Workload(
                      CHANNELS,
                      "buffered(16) 1 → 1, 10M",
                      "ns/value",
                      "ChanBufferedBenchmark.go4j16",
                      "go.chan.buffered16",
                      "ChanBufferedBenchmark.jox16",
                      "ChanBufferedBenchmark.jdk16"),
                  new Workload(
                      CHANNELS,
                      "buffered(100) 1 → 1, 10M",
                      "ns/value",
                      "ChanBufferedBenchmark.go4j100",
                      "go.chan.buffered100",
                      "ChanBufferedBenchmark.jox100",
                      "ChanBufferedBenchmark.jdk100"),
                  new Workload(
                      CHANNELS,
                      "select over 2 channels, 1M",
                      "ns/select",
                      "ChanSelectBenchmark.go4j",
                      "go.chan.select2",
                      "ChanSelectBenchmark.jox",
                      null),
                  new Workload(
                      CHANNELS,
                      "chain of 10,000 channels, 1,000 values",
                      "ns/value/hop",
                      "ChanChainBenchmark.go4j",
                      "go.chan.chain",
                      "ChanChainBenchmark.jox",
                      "ChanChainBenchmark.jdk"),
                  new Workload(
                      CHANNELS,
                      "10,000 parallel pairs × 1,000 values",
                      "ns/value",
                      "ChanParallelBenchmark.go4j",
                      "go.chan.parallel",
                      "ChanParallelBenchmark.jox",
                      "ChanParallelBenchmark.jdk"),
                  new Workload(
                      CHANNELS,
                      "skynet, 1.1M goroutines",
                      "ms",
                      "ChanSkynetBenchmark.go4j",
                      "go.chan.skynet",
                      "ChanSkynetBenchmark.jox",
                      "ChanSkynetBenchmark.jdk"),
                  new Workload(
                      CHANNELS,
                      "prime sieve, 2,000 primes",
                      "ms",
                      "ChanSieveBenchmark.go4j",
                      "go.chan.sieve",
                      "ChanSieveBenchmark.jox",
                      "ChanSieveBenchmark.jdk")),
              ChannelsReport.FLOORS.stream().map(BenchmarksReport::floor),
              Stream.of(
                  new Workload(
                      SYNC,
                      "Mutex uncontended, 10M",
                      "ns/lock+unlock",
                      "MutexUncontendedBenchmark.go4j",
                      "go.sync.mutexUncontended",
                      null,
                      "MutexUncontendedBenchmark.jdk"),
                  new Workload(
                      SYNC,
                      "Mutex contended, 2 × 2.5M",
                      "ns/lock+unlock",
                      "MutexContendedBenchmark.go4j",
                      "go.sync.mutexContended",
                      null,
                      "MutexContendedBenchmark.jdk"),
                  new Workload(
                      SYNC,
                      "WaitGroup add/go/done, 100,000",
                      "ns/goroutine",
                      "WaitGroupFanOutBenchmark.go4jAddDone",
                      "go.sync.waitGroup",
                      null,
                      "WaitGroupFanOutBenchmark.jdk"),
                  new Workload(
                      SYNC,
                      "WaitGroup wg.go, 100,000",
                      "ns/goroutine",
                      "WaitGroupFanOutBenchmark.go4jGo",
                      "go.sync.waitGroup",
                      null,
                      "WaitGroupFanOutBenchmark.jdk"),
                  new Workload(
                      SYNC,
                      "scope with one child, 100,000",
                      "ns/scope",
                      "ScopeBenchmark.go4jScope",
                      "go.sync.scope",
                      null,
                      "ScopeBenchmark.jdkStructuredTaskScope"),
                  new Workload(
                      SYNC,
                      "go + join, 100,000",
                      "ns/goroutine",
                      "ScopeBenchmark.go4jGoJoin",
                      "go.sync.goJoin",
                      null,
                      "ScopeBenchmark.jdkThreadJoin")))
          .flatMap(rows -> rows)
          .toList();

  static final String NOTES =
      """
      Lower is better everywhere; a ratio below 1 means go4j took less time than that peer. \
      Each row is one workload, run with the same parameters on every implementation: go4j on \
      its own runtime with GOMAXPROCS=2; Go 1.19 with GOMAXPROCS=2 (bench/go); jox and the JDK \
      on JDK virtual threads of the default scheduler with parallelism 2 (the sleep rows: \
      GOMAXPROCS / parallelism 1). The JDK column is the JDK's nearest equivalent: \
      `SynchronousQueue` for an unbuffered channel, `ArrayBlockingQueue` for a buffered one, \
      `ReentrantLock` for `Mutex`, a `CountDownLatch` for `WaitGroup`, `StructuredTaskScope` \
      for a scope, `Thread.join` for a join; the JDK has no select. Go has no join (its \
      spawn + join row is empty; the go + join row's Go cell closes a done channel) and no \
      scope (its cell is a fresh `sync.WaitGroup` per scope). The two extra ping-pong rows run \
      go4j's own park/ready protocol on JDK virtual threads (`LockSupport`), on the default \
      scheduler and on a trivial one-thread scheduler, the floor of any scheduler built on \
      virtual threads; the one-carrier row runs go4j's protocol with GOMAXPROCS=1, Go's channels \
      with GOMAXPROCS=1, and in the JDK column two bare JDK continuations taking turns on one \
      thread, with no scheduler at all (runtime.md, note 5); the six channel rows with "trivial \
      scheduler" run go4j's own channel workload on that trivial scheduler (channels.md, note \
      8). The sleep rows are the wake-up lateness of a goroutine sleeping 1 ms in a \
      loop, alone or beside a goroutine spinning without any preemption point: the JDK cannot \
      preempt it (starved), Go preempts it after 10 ms, go4j hands the sleeper's processor to \
      another carrier thread. Every workload, its parameters and its checks are described in the \
      notes of the part's report (bench/results/runtime.md, channels.md, sync.md), whose ids the \
      measurements below keep.

      JVM cells: JMH SingleShotTime (one invocation is a whole run of the workload, divided by \
      the operations in it), the median over the measured iterations; Go: the median of its \
      timed runs after warm-up runs; the settings line above says how many. **failed**, \
      **hung** or starved: no value (see the measurement's detail below and the log under \
      bench/results/raw/). The chart draws each row relative to Go (to the JDK where Go has no \
      value), on a log scale. This is a noisy 2-core machine: compare only within one run and \
      treat gaps under ~1.3× as noise.
      """;

  static List<String[]> meta() {
    return Report.metaLines(
        new String[] {"jox", "report.jox"},
        new String[] {"Cross-core round trip", "report.crosscore"},
        new String[] {"Run took", "report.duration"},
        new String[] {"Settings", "report.settings"});
  }

  /** The markdown: title, chart, metadata, the table, the notes, every measurement. */
  static String render(Map<String, Value> values, String chartFile) {
    StringBuilder sb = new StringBuilder();
    sb.append("# go4j benchmarks: go4j vs Go 1.19 vs jox vs the JDK\n\n");
    sb.append("Generated by `bench/run.sh --report`; do not edit by hand.\n\n");
    Report.metaSection(sb, meta());
    sb.append('\n');
    if (chartFile != null) {
      sb.append("![go4j, Go 1.19, jox and JDK per workload, relative to Go](")
          .append(chartFile)
          .append(")\n\n");
      if (chartFile.endsWith(".svg")) {
        String png = chartFile.substring(0, chartFile.length() - 4) + ".png";
        sb.append("(The same chart as a PNG: [").append(png).append("](").append(png);
        sb.append(").)\n\n");
      }
    }
    table(sb, values);
    sb.append('\n').append(NOTES);
    if (values.values().stream().anyMatch(v -> v.detail().startsWith("FAILED:"))) {
      sb.append('\n').append(Report.FAILED_NOTE);
    }
    sb.append('\n');
    Report.everyMeasurement(sb, values);
    return sb.toString();
  }

  /** The table: a section row per part, then a row per workload. */
  static void table(StringBuilder sb, Map<String, Value> values) {
    sb.append("| workload | unit |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (Chart.Series s : IMPLEMENTATIONS) {
      sb.append(' ').append(s.name()).append(" |");
      rule.append("---:|");
    }
    for (int i = 1; i < IMPLEMENTATIONS.size(); i++) {
      sb.append(" go4j/").append(shortName(i)).append(" |");
      rule.append("---:|");
    }
    sb.append('\n').append(rule).append('\n');
    String part = null;
    for (Workload w : WORKLOADS) {
      if (!w.part().equals(part)) {
        part = w.part();
        sb.append("| **")
            .append(part)
            .append("** ([workloads](")
            .append(PART_REPORTS.get(part))
            .append(")) |")
            .append(" |".repeat(8))
            .append('\n');
      }
      sb.append("| ").append(w.label()).append(" | ").append(w.unit()).append(" |");
      List<Cell> cells = new ArrayList<>();
      for (String id : w.ids()) {
        Cell c = Report.cell(values, id);
        cells.add(c);
        sb.append(' ').append(c.text()).append(" |");
      }
      for (int i = 1; i < cells.size(); i++) {
        sb.append(' ').append(Report.ratio(ratio(cells.get(GO4J), cells.get(i)))).append(" |");
      }
      sb.append('\n');
    }
  }

  /** go4j's value over a peer's: NaN unless both are usable and the peer's is positive. */
  static double ratio(Cell go4j, Cell peer) {
    return go4j.usable() && peer.usable() && peer.value() > 0
        ? go4j.value() / peer.value()
        : Double.NaN;
  }

  /** An implementation's name without its version: "Go 1.19" → "Go". */
  static String shortName(int implementation) {
    String n = IMPLEMENTATIONS.get(implementation).name();
    int space = n.indexOf(' ');
    return space < 0 ? n : n.substring(0, space);
  }

  /** The chart's groups: one per workload, a bar per implementation that has the workload. */
  static List<Chart.Group> groups(Map<String, Value> values) {
    List<Chart.Group> groups = new ArrayList<>();
    for (Workload w : WORKLOADS) {
      int ref = w.reference(values);
      Cell reference = ref < 0 ? Report.cell(values, null) : Report.cell(values, w.ids().get(ref));
      String unit = shortUnit(w.unit());
      List<Chart.Bar> bars = new ArrayList<>();
      for (int i = 0; i < IMPLEMENTATIONS.size(); i++) {
        String id = w.ids().get(i);
        if (id == null) {
          continue; // no such workload: no slot
        }
        Cell c = Report.cell(values, id);
        String name = IMPLEMENTATIONS.get(i).name();
        if (!c.usable() || !(c.value() > 0) || !reference.usable()) {
          String why =
              c.usable()
                  ? c.text() + " " + unit + ", no peer to compare with"
                  : c.text().equals("n/a") ? "no result" : c.text().replace("**", "");
          bars.add(new Chart.Bar(i, Double.NaN, why, name + ": " + why));
          continue;
        }
        double r = c.value() / reference.value();
        String text =
            i == ref
                ? c.text() + " " + unit
                : c.text() + " " + unit + " (" + Report.ratio(r) + "×)";
        bars.add(
            new Chart.Bar(
                i, r, text, name + ", " + w.label() + ": " + c.text() + " " + w.unit()));
      }
      String sub = ref == GO || ref < 0 ? null : "relative to " + shortName(ref) + " (no Go value)";
      groups.add(new Chart.Group(w.part(), w.label(), sub, bars));
    }
    return groups;
  }

  /** The unit a value is written in beside its bar: "ns/round trip" → "ns". */
  static String shortUnit(String unit) {
    int slash = unit.indexOf('/');
    return slash < 0 ? unit : unit.substring(0, slash);
  }

  static Chart chart(Map<String, Value> values) {
    List<String> subtitle = new ArrayList<>();
    subtitle.add(
        "Each workload's time per operation (or latency) relative to Go 1.19's, log scale:"
            + " shorter is faster; each bar's absolute value beside it.");
    List<String> about = new ArrayList<>();
    for (String v :
        new String[] {
          System.getProperty("report.machine"),
          version("JDK ", System.getProperty("report.jdk"), JDK_VERSION),
          version("", System.getProperty("report.go"), GO_VERSION),
          version("go4j ", System.getProperty("report.commit"), COMMIT),
          System.getProperty("report.date")
        }) {
      if (v != null && !v.isBlank()) {
        about.add(v);
      }
    }
    if (!about.isEmpty()) {
      subtitle.add(String.join("; ", about));
    }
    String quick = System.getProperty("report.quick");
    if (quick != null && !quick.isBlank()) {
      subtitle.add("QUICK RUN (bench/run.sh --quick): a smoke test, not a measurement.");
    }
    return new Chart(
        "go4j vs Go 1.19 vs jox vs JDK",
        subtitle,
        "time relative to Go 1.19 (log scale; left of 1×: faster than Go)",
        "Go = 1×",
        IMPLEMENTATIONS,
        groups(values),
        List.of(
            "JVM values: JMH single-shot medians; Go: the median of its timed runs. Workloads and"
                + " settings: docs/benchmarks.md."));
  }

  private static final Pattern JDK_VERSION = Pattern.compile("\\(build ([^)]+)\\)");
  private static final Pattern GO_VERSION = Pattern.compile("\\b(go\\d+(?:\\.\\d+)*)\\b");
  private static final Pattern COMMIT = Pattern.compile("^(\\S+)");

  /**
   * The short form of a version line for the chart: {@code prefix} and the first group of {@code
   * p} in {@code line} ("OpenJDK ... (build 25.0.3+9-LTS)" → "JDK 25.0.3+9-LTS"), or the line as it
   * is if {@code p} does not match; null for null.
   */
  static String version(String prefix, String line, Pattern p) {
    if (line == null) {
      return null;
    }
    Matcher m = p.matcher(line);
    return m.find() ? prefix + m.group(1) : line;
  }

  /** The ids a complete run produces. */
  static List<String> expectedIds() {
    List<String> ids = new ArrayList<>();
    for (Workload w : WORKLOADS) {
      for (String id : w.ids()) {
        if (id != null && !ids.contains(id)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /** Usage: {@code BenchmarksReport out.md out.svg out.png results.tsv...}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: BenchmarksReport out.md out.svg out.png results.tsv...");
      System.exit(64);
    }
    Path md = Path.of(args[0]);
    Path svg = Path.of(args[1]);
    Path png = Path.of(args[2]);
    Map<String, Value> values = Report.read(Arrays.asList(args).subList(3, args.length));
    Path dir = md.toAbsolutePath().getParent();
    Path svgName = svg.getFileName();
    String chartRef =
        dir != null && svgName != null && dir.equals(svg.toAbsolutePath().getParent())
            ? svgName.toString()
            : svg.toAbsolutePath().toString();
    Files.writeString(md, render(values, chartRef), StandardCharsets.UTF_8);
    Chart chart = chart(values);
    Files.writeString(svg, chart.svg(), StandardCharsets.UTF_8);
    chart.writePng(png, 1.5);
    System.out.println("BenchmarksReport: wrote " + md + ", " + svg + ", " + png);
    if (!Report.complete("BenchmarksReport", expectedIds(), values)) {
      System.exit(3);
    }
  }
}
