package io.go4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paired report (bench/results/paired.md, {@code bench/run.sh --paired}): the rows whose
 * verdict this machine's noise decides, measured in rounds. A round runs every contender of a row
 * once (one JMH fork each, then the Go program; every other round the Go program first), so the
 * contenders of one round share the machine's state of that minute; a row's verdict is the median
 * of its rounds' ratios and the number of rounds in which go4j met its target, not one run's ratio.
 *
 * <p>Usage: {@code PairedReport out.md rawDir rounds run...}: for each round r and run k, the JMH
 * results in {@code rawDir/paired-k-r.tsv} and Go's in {@code rawDir/go-paired-k-r.tsv}; metadata
 * from the system properties of {@link Report#metaLines}. Exits 3 when a value is missing or
 * failed.
 */
final class PairedReport {
  private PairedReport() {}

  /** A contender other than go4j: its column header and its result id. */
  record Peer(String name, String id) {}

  /**
   * A row: the run of {@code bench/run.sh --paired} that measures it, the issue whose target it
   * is, go4j's result id, its peers, and its target: go4j ≤ the peer named {@code targetPeer}, or
   * ≤ the fastest peer when that is null.
   */
  record Row(
      String run,
      String issue,
      String workload,
      String unit,
      String go4jId,
      List<Peer> peers,
      String targetPeer,
      String target) {

    /** Its result ids: go4j's, then its peers' in column order. */
    List<String> ids() {
      List<String> ids = new ArrayList<>();
      ids.add(go4jId);
      peers.forEach(p -> ids.add(p.id()));
      return ids;
    }

    /** go4j's value over the target's in one round; NaN if either is missing or failed. */
    double ratio(Map<String, Report.Value> round) {
      return usable(round, go4jId) / targetValue(round);
    }

    /** The target's value in one round: the named peer's, or the fastest peer's; NaN if missing. */
    double targetValue(Map<String, Report.Value> round) {
      double best = Double.NaN;
      for (Peer p : peers) {
        if (targetPeer == null || targetPeer.equals(p.name())) {
          double v = usable(round, p.id());
          if (Double.isNaN(v)) {
            return Double.NaN; // a missing peer: the round says nothing about this row
          }
          best = Double.isNaN(best) ? v : Math.min(best, v);
        }
      }
      return best;
    }
  }

  private static final Peer GO_WAITGROUP = new Peer("Go 1.19", "go.sync.waitGroup");
  private static final Peer JDK_WAITGROUP =
      new Peer("JDK virtual threads + CountDownLatch", "WaitGroupFanOutBenchmark.jdk");

  static final List<Row> ROWS =
      List.of(
          new Row(
              "spawn",
              "2",
              "spawn 1M goroutines and wait for all (SpawnBenchmark)",
              "ns/goroutine",
              "SpawnBenchmark.go4jSpawnWait",
              List.of(
                  new Peer("Go 1.19 (sync.WaitGroup)", "go.spawnWait"),
                  new Peer("JDK virtual threads", "SpawnBenchmark.jdkSpawnWait")),
              null,
              "≤ the faster of Go and the JDK"),
          new Row(
              "spawn",
              "2",
              "spawn 1M goroutines and join each (SpawnBenchmark; Go has no join)",
              "ns/goroutine",
              "SpawnBenchmark.go4jSpawnJoin",
              List.of(
                  new Peer("JDK virtual threads (`Thread.join`)", "SpawnBenchmark.jdkSpawnJoin")),
              null,
              "≤ the JDK"),
          new Row(
              "parkpingpong",
              "2",
              "park/ready ping-pong, 1M round trips (PingPongBenchmark)",
              "ns/round trip",
              "PingPongBenchmark.go4jParkReady",
              List.of(
                  new Peer("Go 1.19 (unbuffered channels)", "go.pingPong"),
                  new Peer("JDK SynchronousQueue", "PingPongBenchmark.jdkSynchronousQueue")),
              null,
              "≤ the faster of Go and SynchronousQueue"),
          new Row(
              "waitgroup",
              "4",
              "WaitGroup fan-out/fan-in, 100,000 goroutines: `add(1)`, `go`, `done()`",
              "ns/goroutine",
              "WaitGroupFanOutBenchmark.go4jAddDone",
              List.of(GO_WAITGROUP, JDK_WAITGROUP),
              GO_WAITGROUP.name(),
              "≤ Go"),
          new Row(
              "waitgroup",
              "4",
              "WaitGroup fan-out/fan-in, 100,000 goroutines: `wg.go(Runnable)`",
              "ns/goroutine",
              "WaitGroupFanOutBenchmark.go4jGo",
              List.of(GO_WAITGROUP, JDK_WAITGROUP),
              GO_WAITGROUP.name(),
              "≤ Go"),
          channelRow(
              "chanpingpong",
              "pingpong: round trip over two unbuffered channels, 1M",
              "ns/round trip",
              "ChanPingPongBenchmark",
              "go.chan.pingpong"),
          channelRow(
              "handoff",
              "handoff: 1 sender → 1 receiver, unbuffered, 1M",
              "ns/value",
              "ChanHandoffBenchmark",
              "go.chan.handoff"),
          channelRow(
              "select2",
              "select over 2 channels fed by two senders, 1M",
              "ns/select",
              "ChanSelectBenchmark",
              "go.chan.select2",
              "jox"),
          channelRow(
              "chain",
              "chain of 10,000 unbuffered channels, 1,000 values",
              "ns/value/hop",
              "ChanChainBenchmark",
              "go.chan.chain",
              "JDK"),
          channelRow(
              "parallel",
              "10,000 parallel pairs × 1,000 values",
              "ns/value",
              "ChanParallelBenchmark",
              "go.chan.parallel",
              "JDK"),
          channelRow(
              "sieve",
              "prime sieve, 2,000 primes",
              "ms",
              "ChanSieveBenchmark",
              "go.chan.sieve",
              "JDK"));

  /**
   * A channels row (issue 3): go4j against Go and the JVM peers named, by default jox and the
   * JDK. select2 has no JDK peer (the JDK has no select); the chain, parallel and sieve rows leave
   * jox out, 8-17× slower than go4j in every report, so the fastest peer is Go or the JDK anyway.
   */
  private static Row channelRow(
      String run, String workload, String unit, String benchmark, String goId, String... jvm) {
    List<String> names = jvm.length == 0 ? List.of("jox", "JDK") : List.of(jvm);
    List<Peer> peers = new ArrayList<>();
    peers.add(new Peer("Go 1.19", goId));
    for (String name : names) {
      peers.add(new Peer(name, benchmark + "." + name.toLowerCase(Locale.ROOT)));
    }
    String target =
        names.size() == 2
            ? "≤ the fastest of Go, jox and the JDK"
            : "≤ the faster of Go and " + (names.contains("JDK") ? "the JDK" : names.get(0));
    if (!names.contains("jox")) {
      target += " (jox, 8-17× slower, not run)";
    }
    return new Row(run, "3", workload, unit, benchmark + ".go4j", peers, null, target);
  }

  static final String NOTES =
      """
      Each round runs every contender of a row once, back to back: go4j and the JVM peers in \
      one JMH fork each (SingleShotTime, the benchmark's own warm-up and measured iterations; \
      the value is the fork's median), the Go program with GOMAXPROCS=2 (the median of its \
      timed runs after warm-up runs); odd rounds run JMH first, even rounds Go first. The ratio \
      is go4j's value over its target's in the same round; **median** is the median over the \
      rounds of each column (of the ratios, for the ratio column), and **rounds met** counts the \
      rounds whose ratio is at most 1. On this noisy 2-core machine a single run's ratio of a \
      row like these moves by 1.1-2× between runs; the rounds say how often go4j meets the target \
      and by how much it misses when it does not. Workloads and parameters are those of the \
      runtime, channels and sync parts (bench/results/runtime.md, channels.md, sync.md).
      """;

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: PairedReport out.md rawDir rounds run...");
      System.exit(64);
    }
    Path raw = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    List<String> runs = Arrays.asList(args).subList(3, args.length);
    List<Row> rows = ROWS.stream().filter(r -> runs.contains(r.run())).toList();
    List<List<Map<String, Report.Value>>> byRow = new ArrayList<>();
    boolean complete = true;
    for (Row row : rows) {
      List<Map<String, Report.Value>> perRound = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        Map<String, Report.Value> round =
            Report.read(
                List.of(
                    raw.resolve("paired-" + row.run() + "-" + r + ".tsv").toString(),
                    raw.resolve("go-paired-" + row.run() + "-" + r + ".tsv").toString()));
        complete &= Report.complete("PairedReport, round " + r, row.ids(), round);
        perRound.add(round);
      }
      byRow.add(perRound);
    }
    String md = render(rows, byRow);
    Files.writeString(Path.of(args[0]), md, StandardCharsets.UTF_8);
    System.out.print(md);
    if (!complete) {
      System.exit(3);
    }
  }

  /** The report of {@code rows}, each with its rounds' values ({@code byRow}, in that order). */
  static String render(List<Row> rows, List<List<Map<String, Report.Value>>> byRow) {
    StringBuilder sb = new StringBuilder("# go4j benchmarks: paired rounds\n\n");
    Report.metaSection(sb, Report.metaLines());
    sb.append("\n| workload | unit | issue | go4j (median) | target (median) | go4j ÷ target")
        .append(" (median of the rounds) | rounds met | target |\n")
        .append("|---|---|---|---:|---:|---:|---:|---|\n");
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      List<Map<String, Report.Value>> rounds = byRow.get(i);
      List<Double> go4j = new ArrayList<>();
      List<Double> target = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      int met = 0;
      for (Map<String, Report.Value> round : rounds) {
        go4j.add(usable(round, row.go4jId()));
        target.add(row.targetValue(round));
        double ratio = row.ratio(round);
        ratios.add(ratio);
        if (ratio <= 1) {
          met++;
        }
      }
      sb.append("| ")
          .append(row.workload())
          .append(" | ")
          .append(row.unit())
          .append(" | ")
          .append(row.issue())
          .append(" | ")
          .append(Report.format(median(go4j)))
          .append(" | ")
          .append(Report.format(median(target)))
          .append(" | ")
          .append(Report.ratio(median(ratios)))
          .append(" | ")
          .append(met)
          .append(" of ")
          .append(rounds.size())
          .append(" | ")
          .append(row.target())
          .append(" |\n");
    }
    sb.append('\n').append(NOTES);
    for (int i = 0; i < rows.size(); i++) {
      roundsTable(sb, rows.get(i), byRow.get(i));
    }
    return sb.toString();
  }

  private static void roundsTable(
      StringBuilder sb, Row row, List<Map<String, Report.Value>> rounds) {
    sb.append("\n## ").append(row.workload()).append(" (").append(row.unit()).append(")\n\n");
    sb.append("| round | go4j |");
    StringBuilder rule = new StringBuilder("|---:|---:|");
    for (Peer p : row.peers()) {
      sb.append(' ').append(p.name()).append(" |");
      rule.append("---:|");
    }
    sb.append(" go4j ÷ target |\n").append(rule).append("---:|\n");
    List<String> ids = row.ids();
    List<List<Double>> columns = new ArrayList<>(); // one per id, then the ratios
    for (int c = 0; c <= ids.size(); c++) {
      columns.add(new ArrayList<>());
    }
    for (int r = 0; r < rounds.size(); r++) {
      Map<String, Report.Value> round = rounds.get(r);
      sb.append("| ").append(r + 1).append(" | ");
      for (int c = 0; c < ids.size(); c++) {
        sb.append(Report.cell(round, ids.get(c)).text()).append(" | ");
        columns.get(c).add(usable(round, ids.get(c)));
      }
      double ratio = row.ratio(round);
      columns.get(ids.size()).add(ratio);
      sb.append(Report.ratio(ratio)).append(" |\n");
    }
    sb.append("| median |");
    for (int c = 0; c < columns.size() - 1; c++) {
      sb.append(' ').append(Report.format(median(columns.get(c)))).append(" |");
    }
    sb.append(' ').append(Report.ratio(median(columns.get(columns.size() - 1)))).append(" |\n");
  }

  /** The value of {@code id} if it was measured and did not fail, else NaN. */
  static double usable(Map<String, Report.Value> values, String id) {
    return Report.cell(values, id).usableValue();
  }

  /** The median of the numbers among {@code xs} (NaNs left out); NaN if there are none. */
  static double median(List<Double> xs) {
    double[] v =
        xs.stream()
            .filter(x -> !Double.isNaN(x))
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
