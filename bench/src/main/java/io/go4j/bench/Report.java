package io.go4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@link Results} lines of the JMH runner, the ticker runs and the Go program into one
 * markdown table: workload | unit | go4j | peers... | go4j/best peer, or, for a table with targets
 * ({@link SyncReport}), go4j over each row's target peer, the target and whether it is met.
 *
 * <p>Usage: {@code Report [--channels|--sync|--priority] out.md in1.tsv in2.tsv ...}; metadata
 * from system properties {@code report.date}, {@code report.machine}, {@code report.jdk}, {@code report.go},
 * {@code report.commit}, {@code report.command}, {@code report.quick} (set for a --quick run).
 */
public final class Report {
  private Report() {}

  /** One measured value. */
  record Value(String id, String unit, double value, long n, String detail) {}

  /**
   * A row's target: go4j's value over the value of {@code peerId} (a peer in the row, or another
   * measurement such as go4j's own baseline) must be at most {@code factor}. {@code peer} names
   * that peer in the ratio cell, {@code text} is the target cell (e.g. "≤ 1.2 × ReentrantLock").
   */
  record Target(String peerId, String peer, double factor, String text) {}

  /**
   * A table row: the ids of its values, one per column of its {@link Table}, go4j's first (null: no
   * such measurement), and its target (null: none; the ratio is then over the fastest peer).
   */
  record Row(String workload, String unit, List<String> ids, Target target) {
    Row(String workload, String unit, String... ids) {
      this(workload, unit, null, ids);
    }

    Row(String workload, String unit, Target target, String... ids) {
      this(workload, unit, Collections.unmodifiableList(Arrays.asList(ids)), target);
    }

    String go4j() {
      return ids.get(0);
    }
  }

  /**
   * A report: its title, the columns after workload and unit (go4j first, then the peers), the
   * ratio column's header, whether the rows have targets (then a target and a met? column follow
   * the ratio), its rows, the notes under the table and the metadata lines (label, system property)
   * above it.
   */
  record Table(
      String title,
      List<String> columns,
      String ratioHeader,
      boolean targets,
      List<Row> rows,
      String notes,
      List<String[]> meta) {}

  /** The metadata lines every report has, in order. */
  static List<String[]> metaLines(String[]... extra) {
    List<String[]> m = new ArrayList<>();
    m.add(new String[] {"Quick run", "report.quick"});
    m.add(new String[] {"Date", "report.date"});
    m.add(new String[] {"Machine", "report.machine"});
    m.add(new String[] {"JDK", "report.jdk"});
    m.add(new String[] {"Go", "report.go"});
    m.addAll(Arrays.asList(extra));
    m.add(new String[] {"go4j", "report.commit"});
    m.add(new String[] {"Command", "report.command"});
    return Collections.unmodifiableList(m);
  }

  static final List<Row> ROWS =
      List.of(
          new Row(
              "spawn + wait for all (≙ `sync.WaitGroup`), 1M goroutines, GOMAXPROCS=2 ¹",
              "ns/goroutine",
              "SpawnBenchmark.go4jSpawnWait",
              "SpawnBenchmark.jdkSpawnWait",
              "go.spawnWait"),
          new Row(
              "spawn + join each, 1M goroutines, GOMAXPROCS=2 ²",
              "ns/goroutine",
              "SpawnBenchmark.go4jSpawnJoin",
              "SpawnBenchmark.jdkSpawnJoin",
              null),
          new Row(
              "ping-pong, 1M round trips, GOMAXPROCS=2 ³",
              "ns/round trip",
              "PingPongBenchmark.go4jParkReady",
              "PingPongBenchmark.jdkSynchronousQueue",
              "go.pingPong"),
          new Row(
              "ping-pong, same park/unpark protocol on both JVMs ⁴",
              "ns/round trip",
              "PingPongBenchmark.go4jParkReady",
              "PingPongBenchmark.jdkLockSupport",
              null),
          new Row(
              "ping-pong, same protocol, JDK column: a trivial one-thread virtual-thread scheduler"
                  + " (the JDK's floor) ⁴",
              "ns/round trip",
              "PingPongBenchmark.go4jParkReady",
              "PingPongBenchmark.trivialSchedulerLockSupport",
              null),
          new Row(
              "ping-pong on one carrier, 1M round trips: go4j GOMAXPROCS=1; JDK column: two bare"
                  + " continuations taking turns on one thread (no scheduler at all); Go:"
                  + " GOMAXPROCS=1 ⁵",
              "ns/round trip",
              "PingPongBenchmark.go4jParkReadyOneP",
              "PingPongBenchmark.rawContinuations",
              "go.pingPong.oneP"),
          new Row(
              "ticker (sleep 1 ms) wake-up lateness p50, GOMAXPROCS=1, CPU hog with no preemption"
                  + " point ⁶",
              "µs",
              "ticker.hog.go4j.p50",
              "ticker.hog.jdk.p50",
              "ticker.hog.go.p50"),
          new Row(
              "ticker wake-up lateness p99, same",
              "µs",
              "ticker.hog.go4j.p99",
              "ticker.hog.jdk.p99",
              "ticker.hog.go.p99"),
          new Row(
              "ticker wake-up lateness p50, GOMAXPROCS=1, no hog (baseline) ⁷",
              "µs",
              "ticker.idle.go4j.p50",
              "ticker.idle.jdk.p50",
              "ticker.idle.go.p50"),
          new Row(
              "ticker wake-up lateness p99, no hog",
              "µs",
              "ticker.idle.go4j.p99",
              "ticker.idle.jdk.p99",
              "ticker.idle.go.p99"));

  static final String NOTES =
      """
      Lower is better everywhere. go4j/best peer is go4j's value over the lower of the JDK's and \
      Go's (< 1: go4j is faster than every peer measured); it leaves out a peer that was starved, \
      failed or not measured. Throughput rows are medians over \
      every measured JMH iteration (SingleShotTime, one invocation = all 1M operations) of every \
      fork, and for Go the median of the timed runs after warm-up. Every JVM fork runs with the \
      root pom's `go4j.jvmFlags` (`--add-opens java.base/java.lang=ALL-UNNAMED \
      -Djdk.trackAllThreads=false`), the JDK's as well; the JDK runs on its default virtual-thread \
      scheduler with `-Djdk.virtualThreadScheduler.parallelism` = 2 (1 for the ticker). This is \
      a noisy 2-core machine: compare only within one run and treat gaps under ~1.3× as noise \
      (see shared/reference/BENCHMARKS-PEERS.md).

      1. Spawned from inside a goroutine, each goroutine increments a shared atomic counter and \
      decrements a countdown; the last one readies the waiter, which parks until zero (go4j: \
      `Park.park`/`Park.ready`; JDK: `LockSupport`; Go: `sync.WaitGroup`).
      2. Every handle kept and joined in order: `Goroutine.join()` / `Thread.join()`. Go has no \
      join.
      3. go4j: two goroutines hand a turn over a volatile flag with `Park.ready` + `Park.park` \
      (go4j has no channels yet); JDK: two `SynchronousQueue`s between two virtual threads; Go: \
      two unbuffered channels.
      4. The go4j protocol of row 3 on JDK virtual threads with `LockSupport.park/unpark`: the \
      two schedulers' raw block/wake paths side by side. The next row runs it on the least a \
      virtual-thread scheduler can be (one carrier thread draining one FIFO queue, virtual \
      threads made with the constructor go4j uses): what is left there is the JDK's own \
      continuation switch and park protocol, a floor for any scheduler built on virtual threads.
      5. The switch on one core: go4j's row-3 protocol with GOMAXPROCS=1; in the JDK column two \
      bare `jdk.internal.vm.Continuation`s (what a virtual thread runs on) taking turns on one \
      platform thread, each counting a turn and yielding: two yields and two resumes per round \
      trip and nothing else, no scheduler, no park protocol, no thread state, the least any \
      scheduler built on virtual threads can pay; Go: row 3's channels with GOMAXPROCS=1. Where a \
      workload costs a goroutine switch per value, this bounds what go4j can reach against Go.
      6. A goroutine sleeps 1 ms in a loop (`GoRuntime.sleep` / `Thread.sleep` / `time.Sleep`) \
      and records woke − (before + 1 ms) for every sleep begun in a 2 s window (after 0.5 s of \
      warm-up), while another goroutine, started by the ticker, spins in a plain loop that never \
      reaches a preemption point. A scheduler that cannot get the ticker past the hog starves \
      it: a watchdog thread stops the hog 1 s after the window, and the cell says how many \
      wake-ups the ticker got in the window (a perfect timer: 2000). How each gets past the hog: \
      Go 1.19 preempts it asynchronously (a signal, once sysmon sees it running for 10 ms); the \
      JDK's scheduler cannot preempt a virtual thread at all; go4j cannot either, so its sysmon \
      hands the hog's P, with the ticker, to a fresh carrier thread while the hog keeps its own \
      carrier and core (outside GOMAXPROCS, as a goroutine stuck in a syscall is in Go); the \
      details below count the handoffs.
      7. The same ticker alone: the timer path's own resolution.
      """;

  static final String HUNG_NOTE =
      """
      8. The run never finished: the ticker was still stuck 10 s after the window ended and the \
      hog (if any) was stopped \
      (a runtime deadlock or lost wake-up); the platform threads' stacks are in \
      bench/results/raw/ticker-*.err.
      """;

  static final String FAILED_NOTE =
      """
      **failed**: JMH reported an error in that benchmark (the exception, or its iteration \
      timeout: a hang), so it has no score; the table below has the first line of the error and \
      the JMH log it names (bench/results/raw/*.log) the rest.
      """;

  /** The runtime report (bench/results/runtime.md): go4j, JDK, Go. */
  static final Table RUNTIME =
      new Table(
          "# go4j runtime vs JDK virtual threads vs Go",
          List.of("go4j", "JDK", "Go"),
          "go4j/best peer",
          false,
          ROWS,
          NOTES,
          metaLines());

  /**
   * Usage: {@code Report [--channels|--sync|--priority] out.md results.tsv...}: the runtime report,
   * or with {@code --channels} the channels one ({@link ChannelsReport}), with {@code --sync} the
   * sync one ({@link SyncReport}), with {@code --priority} the priority one ({@link
   * PriorityReport}).
   */
  public static void main(String[] args) throws IOException {
    Table table = RUNTIME;
    int first = 0;
    if (args.length > 0 && args[0].equals("--channels")) {
      table = ChannelsReport.TABLE;
      first = 1;
    } else if (args.length > 0 && args[0].equals("--sync")) {
      table = SyncReport.TABLE;
      first = 1;
    } else if (args.length > 0 && args[0].equals("--priority")) {
      table = PriorityReport.TABLE;
      first = 1;
    }
    if (args.length - first < 2) {
      System.err.println("usage: Report [--channels|--sync|--priority] out.md results.tsv...");
      System.exit(64);
    }
    Map<String, Value> values = read(Arrays.asList(args).subList(first + 1, args.length));
    String md = render(table, values);
    Files.writeString(Path.of(args[first]), md, StandardCharsets.UTF_8);
    System.out.print(md);
    if (!complete("Report", expectedIds(table), values)) {
      System.exit(3);
    }
  }

  /**
   * Whether every one of {@code ids} has a measurement that did not fail; if not, says which on
   * stderr, as {@code who}: the reports exit with status 3 then.
   */
  static boolean complete(String who, List<String> ids, Map<String, Value> values) {
    List<String> missing = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String id : ids) {
      Value v = values.get(id);
      if (v == null) {
        missing.add(id);
      } else if (v.detail().startsWith("FAILED:")) {
        failed.add(id);
      }
    }
    if (!missing.isEmpty()) {
      System.err.println(who + ": no measurement for " + String.join(", ", missing));
    }
    if (!failed.isEmpty()) {
      System.err.println(who + ": failed: " + String.join(", ", failed));
    }
    return missing.isEmpty() && failed.isEmpty();
  }

  /** The {@link Results} lines of {@code files}, by id (a missing file is skipped, and said so). */
  static Map<String, Value> read(List<String> files) throws IOException {
    Map<String, Value> values = new LinkedHashMap<>();
    for (String file : files) {
      Path p = Path.of(file);
      if (!Files.exists(p)) {
        System.err.println("Report: no " + p + ", its cells stay empty");
        continue;
      }
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", -1);
        if (f.length >= 6 && f[0].equals(Results.PREFIX)) {
          values.put(
              f[1], new Value(f[1], f[2], Double.parseDouble(f[3]), Long.parseLong(f[4]), f[5]));
        }
      }
    }
    return values;
  }

  static String render(Map<String, Value> values) {
    return render(RUNTIME, values);
  }

  static String render(Table table, Map<String, Value> values) {
    StringBuilder sb = new StringBuilder();
    sb.append(table.title()).append("\n\n");
    metaSection(sb, table.meta());
    sb.append('\n');
    sb.append("| workload | unit |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String c : table.columns()) {
      sb.append(' ').append(c).append(" |");
      rule.append("---:|");
    }
    sb.append(' ').append(table.ratioHeader()).append(" |");
    rule.append("---:|");
    if (table.targets()) {
      sb.append(" target | met? |");
      rule.append("---|---|");
    }
    sb.append('\n').append(rule).append('\n');
    for (Row r : table.rows()) {
      List<Cell> cells = new ArrayList<>();
      for (String id : r.ids()) {
        cells.add(cell(values, id));
      }
      Cell go4j = cells.get(0);
      double best = Double.NaN;
      int bestColumn = -1;
      for (int i = 1; i < cells.size(); i++) {
        Cell c = cells.get(i);
        if (c.usable() && !Double.isNaN(c.value()) && (Double.isNaN(best) || c.value() < best)) {
          best = c.value();
          bestColumn = i;
        }
      }
      Target t = r.target();
      double peer = t == null ? best : cell(values, t.peerId()).usableValue();
      double ratio =
          go4j.usable() && !Double.isNaN(peer) && peer > 0 ? go4j.value() / peer : Double.NaN;
      String ratioText = ratio(ratio);
      if (table.targets() && !Double.isNaN(ratio)) {
        ratioText +=
            t != null
                ? " (÷ " + t.peer() + ")"
                : " (÷ fastest: " + shortName(table.columns().get(bestColumn)) + ")";
      }
      sb.append("| ").append(r.workload()).append(" | ").append(r.unit()).append(" |");
      for (Cell c : cells) {
        sb.append(' ').append(c.text()).append(" |");
      }
      sb.append(' ').append(ratioText).append(" |");
      if (table.targets()) {
        // met as printed: 1.20 against "≤ 1.2 ×" reads as met, whatever the third decimal
        double shown = Math.round(ratio * 100) / 100.0;
        String met =
            t == null || Double.isNaN(ratio) ? "—" : shown <= t.factor() ? "yes" : "**no**";
        sb.append(' ').append(t == null ? "none" : t.text()).append(" | ").append(met).append(" |");
      }
      sb.append('\n');
    }
    sb.append('\n').append(table.notes());
    if (values.keySet().stream().anyMatch(id -> id.endsWith(".hung"))) {
      sb.append(HUNG_NOTE);
    }
    if (values.values().stream().anyMatch(v -> v.detail().startsWith("FAILED:"))) {
      sb.append(FAILED_NOTE);
    }
    sb.append('\n');
    everyMeasurement(sb, values);
    return sb.toString();
  }

  /** The "Every measurement" section: one line per value, with its detail. */
  static void everyMeasurement(StringBuilder sb, Map<String, Value> values) {
    sb.append("## Every measurement\n\n");
    sb.append("| id | unit | value | n | detail |\n|---|---|---:|---:|---|\n");
    for (Value v : values.values()) {
      if (v.id().endsWith(".samples") || v.id().endsWith(".starved") || v.id().endsWith(".hung")) {
        continue; // their facts are in the detail of the .p50 / .p99 lines
      }
      sb.append("| `")
          .append(v.id())
          .append("` | ")
          .append(v.unit())
          .append(" | ")
          .append(format(v.value()))
          .append(" | ")
          .append(v.n())
          .append(" | ")
          .append(v.detail())
          .append(" |\n");
    }
  }

  /** A column's name without its parenthesized details: "JDK (ReentrantLock, ...)" → "JDK". */
  static String shortName(String column) {
    int paren = column.indexOf(" (");
    return paren < 0 ? column : column.substring(0, paren);
  }

  /**
   * The metadata list: "- label: value" for each (label, system property) of {@code meta} whose
   * property is set and not blank.
   */
  static void metaSection(StringBuilder sb, List<String[]> meta) {
    for (String[] m : meta) {
      String v = System.getProperty(m[1]);
      if (v != null && !v.isBlank()) {
        sb.append("- ").append(m[0]).append(": ").append(v).append('\n');
      }
    }
  }

  /** A table cell: its text, and its value if it can be compared. */
  record Cell(String text, double value, boolean usable) {
    /** Its value if it can be compared, else NaN. */
    double usableValue() {
      return usable ? value : Double.NaN;
    }
  }

  static Cell cell(Map<String, Value> values, String id) {
    if (id == null) {
      return new Cell("—", Double.NaN, false);
    }
    Value v = values.get(id);
    if (v == null) {
      return new Cell("n/a", Double.NaN, false);
    }
    if (v.detail().startsWith("FAILED:")) {
      if (v.detail().contains("WorkloadHungException")) {
        return new Cell("**hung**", Double.NaN, false);
      }
      Matcher m = EXCEPTION_NAME.matcher(v.detail());
      return new Cell(
          m.find() ? "**failed** (" + m.group(1) + ")" : "**failed**", Double.NaN, false);
    }
    // ticker percentiles: hung, or starved when the watchdog had to stop the hog
    int dot = id.lastIndexOf('.');
    Value hung = dot > 0 ? values.get(id.substring(0, dot) + ".hung") : null;
    if (hung != null && hung.value() >= 1) {
      return new Cell("**hung** ⁸", Double.NaN, false);
    }
    Value starved = dot > 0 ? values.get(id.substring(0, dot) + ".starved") : null;
    if (starved != null && starved.value() >= 1) {
      Value samples = values.get(id.substring(0, dot) + ".samples");
      return new Cell(
          String.format(
              Locale.ROOT,
              "starved (%d wake-ups)",
              samples == null ? v.n() : (long) samples.value()),
          v.value(),
          false);
    }
    return new Cell(format(v.value()), v.value(), true);
  }

  private static final Pattern EXCEPTION_NAME =
      Pattern.compile("(?:[\\w$]+\\.)*([\\w$]*(?:Exception|Error|timeout))");

  /** A ratio cell: two decimals, or "—" for NaN (a value missing, failed or not comparable). */
  static String ratio(double r) {
    return Double.isNaN(r) ? "—" : String.format(Locale.ROOT, "%.2f", r);
  }

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f", v);
  }

  /** The ids a complete run produces. */
  static List<String> expectedIds(Table table) {
    List<String> ids = new ArrayList<>();
    for (Row r : table.rows()) {
      List<String> rowIds = new ArrayList<>(r.ids());
      if (r.target() != null) {
        rowIds.add(r.target().peerId());
      }
      for (String id : rowIds) {
        if (id != null && !ids.contains(id)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
