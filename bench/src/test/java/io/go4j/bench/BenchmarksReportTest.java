package io.go4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.bench.BenchmarksReport.Workload;
import io.go4j.bench.Report.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The summary's table and chart data from fixed values, and its rows against the parts'. */
class BenchmarksReportTest {
  private static Value value(String id, double v) {
    return new Value(id, "ns/op", v, 5, "mean " + v + ", 1 forks × 5 iterations");
  }

  /** Every workload measured: go4j 200, Go 100, jox 400, JDK 50 (ns), or as overridden. */
  private static Map<String, Value> everything() {
    Map<String, Value> values = new LinkedHashMap<>();
    double[] base = {200, 100, 400, 50};
    for (Workload w : BenchmarksReport.WORKLOADS) {
      for (int i = 0; i < w.ids().size(); i++) {
        String id = w.ids().get(i);
        if (id != null) {
          values.put(id, value(id, base[i]));
        }
      }
    }
    return values;
  }

  private static String row(String md, String label) {
    return ReportText.line(md, "| " + label + " |");
  }

  @Test
  void everyRowIdIsOneAPartReportMeasures() {
    // the summary names the parts' measurements: a renamed benchmark must not leave it behind
    Set<String> parts = ReportText.partIds();
    for (String id : BenchmarksReport.expectedIds()) {
      assertTrue(parts.contains(id), id + " is in no part's report");
    }
    // and every side-by-side measurement of the parts is in the summary
    Set<String> summary = new HashSet<>(BenchmarksReport.expectedIds());
    for (String id : parts) {
      assertTrue(summary.contains(id), id + " is missing from the summary");
    }
  }

  @Test
  void tableHasOneRowPerWorkloadWithRatiosToEachPeer() {
    StringBuilder sb = new StringBuilder();
    BenchmarksReport.table(sb, everything());
    String md = sb.toString();
    List<String> lines = md.lines().toList();
    assertEquals(
        "| workload | unit | go4j | Go 1.19 | jox | JDK | go4j/Go | go4j/jox | go4j/JDK |",
        lines.get(0));
    assertEquals("|---|---|---:|---:|---:|---:|---:|---:|---:|", lines.get(1));
    // pingpong has all four: 200 / 100, 200 / 400, 200 / 50
    assertEquals(
        "| pingpong, unbuffered, 1M | ns/round trip | 200 | 100 | 400 | 50.0 | 2.00 | 0.50 | 4.00 |",
        row(md, "pingpong, unbuffered, 1M"));
    // select has no JDK, spawn + join no Go and no jox: "—", no ratio
    assertEquals(
        "| select over 2 channels, 1M | ns/select | 200 | 100 | 400 | — | 2.00 | 0.50 | — |",
        row(md, "select over 2 channels, 1M"));
    assertEquals(
        "| spawn + join each, 1M goroutines | ns/goroutine | 200 | — | — | 50.0 | — | — | 4.00 |",
        row(md, "spawn + join each, 1M goroutines"));
    // a section row before the first workload of each part
    for (String part :
        List.of(BenchmarksReport.RUNTIME, BenchmarksReport.CHANNELS, BenchmarksReport.SYNC)) {
      assertTrue(
          md.contains(
              "| **"
                  + part
                  + "** ([workloads]("
                  + BenchmarksReport.PART_REPORTS.get(part)
                  + ")) | | | | | | | | |\n"),
          part);
    }
    long rows = md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| **")).count();
    assertEquals(BenchmarksReport.WORKLOADS.size() + 1, rows); // + the header
  }

  @Test
  void failedMissingAndStarvedCellsHaveNoRatio() {
    Map<String, Value> values = everything();
    values.put(
        "ChanChainBenchmark.jox",
        new Value(
            "ChanChainBenchmark.jox",
            "ns/op",
            Double.NaN,
            0,
            "FAILED: io.go4j.bench.Watchdog$WorkloadHungException: hung (x.log)"));
    values.remove("ChanChainBenchmark.jdk");
    values.put("ticker.hog.jdk.starved", new Value("ticker.hog.jdk.starved", "bool", 1, 1, ""));
    values.put("ticker.hog.jdk.samples", new Value("ticker.hog.jdk.samples", "count", 0, 1, ""));
    String md = BenchmarksReport.render(values, "benchmarks.svg");
    assertEquals(
        "| chain of 10,000 channels, 1,000 values | ns/value/hop | 200 | 100 | **hung** | n/a"
            + " | 2.00 | — | — |",
        row(md, "chain of 10,000 channels, 1,000 values"));
    assertEquals(
        "| sleep(1 ms) lateness p50, CPU hog | µs | 200 | 100 | — | starved (0 wake-ups)"
            + " | 2.00 | — | — |",
        row(md, "sleep(1 ms) lateness p50, CPU hog"));
    assertTrue(md.contains("![go4j, Go 1.19, jox and JDK per workload, relative to Go](benchmarks.svg)"));
    assertTrue(md.contains(Report.FAILED_NOTE), "the failed note");
    assertTrue(md.contains("## Every measurement"));
  }

  @Test
  void chartGroupsAreRelativeToGoElseTheJdk() {
    Map<String, Value> values = everything();
    values.put(
        "ChanSieveBenchmark.go4j",
        new Value("ChanSieveBenchmark.go4j", "ms/op", Double.NaN, 0, "FAILED: boom (x.log)"));
    List<Chart.Group> groups = BenchmarksReport.groups(values);
    assertEquals(BenchmarksReport.WORKLOADS.size(), groups.size());
    for (int g = 0; g < groups.size(); g++) {
      Workload w = BenchmarksReport.WORKLOADS.get(g);
      Chart.Group group = groups.get(g);
      assertEquals(w.label(), group.label());
      assertEquals(w.part(), group.section());
      // one bar per implementation that has the workload, in column order
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < w.ids().size(); i++) {
        if (w.ids().get(i) != null) {
          expected.add(i);
        }
      }
      assertEquals(expected, group.bars().stream().map(Chart.Bar::series).toList(), w.label());
    }
    Chart.Group pingpong = groups.get(index("pingpong, unbuffered, 1M"));
    assertNull(pingpong.sublabel());
    assertEquals(List.of(2.0, 1.0, 4.0, 0.5), ratios(pingpong));
    assertEquals("200 ns (2.00×)", pingpong.bars().get(0).text());
    assertEquals("100 ns", pingpong.bars().get(1).text()); // the reference: no ratio
    // no Go: relative to the JDK, and the label says so
    Chart.Group join = groups.get(index("spawn + join each, 1M goroutines"));
    assertEquals("relative to JDK (no Go value)", join.sublabel());
    assertEquals(List.of(4.0, 1.0), ratios(join));
    // a failed cell: no bar length, the reason instead
    Chart.Bar sieve = groups.get(index("prime sieve, 2,000 primes")).bars().get(0);
    assertTrue(Double.isNaN(sieve.ratio()));
    assertEquals("failed", sieve.text());
    // nothing but go4j measured: no bars, go4j's value and why
    Map<String, Value> alone = new LinkedHashMap<>();
    alone.put("ChanSelectBenchmark.go4j", value("ChanSelectBenchmark.go4j", 300));
    Chart.Group select = BenchmarksReport.groups(alone).get(index("select over 2 channels, 1M"));
    assertNull(select.sublabel());
    assertEquals(
        List.of("300 ns, no peer to compare with", "no result", "no result"),
        select.bars().stream().map(Chart.Bar::text).toList());
    assertEquals("ms", BenchmarksReport.shortUnit("ms"));
    assertEquals("ns", BenchmarksReport.shortUnit("ns/value/hop"));
  }

  @Test
  void chartOfTheSummaryHasABarPerImplementationPerWorkload() {
    Map<String, Value> values = everything();
    String svg = BenchmarksReport.chart(values).svg();
    int bars = 0;
    for (Workload w : BenchmarksReport.WORKLOADS) {
      bars += (int) w.ids().stream().filter(id -> id != null).count();
      assertTrue(svg.contains(">" + Chart.xml(w.label()) + "</text>"), w.label());
    }
    assertEquals(bars, count(svg, "<rect class=\"bar\""));
    for (Chart.Series s : BenchmarksReport.IMPLEMENTATIONS) {
      assertTrue(svg.contains(">" + s.name() + "</text>"), "legend " + s.name());
    }
  }

  @Test
  void versionsShortenForTheChart() {
    assertEquals(
        "JDK 25.0.3+9-LTS",
        BenchmarksReport.version(
            "JDK ",
            "OpenJDK Runtime Environment Temurin-25.0.3+9 (build 25.0.3+9-LTS)",
            java.util.regex.Pattern.compile("\\(build ([^)]+)\\)")));
    assertNull(BenchmarksReport.version("x", null, java.util.regex.Pattern.compile("y")));
    assertEquals("odd", BenchmarksReport.version("x", "odd", java.util.regex.Pattern.compile("y")));
    assertFalse(BenchmarksReport.shortName(BenchmarksReport.GO).contains(" "));
    assertEquals("Go", BenchmarksReport.shortName(BenchmarksReport.GO));
  }

  private static int index(String label) {
    for (int i = 0; i < BenchmarksReport.WORKLOADS.size(); i++) {
      if (BenchmarksReport.WORKLOADS.get(i).label().equals(label)) {
        return i;
      }
    }
    throw new AssertionError(label);
  }

  private static List<Double> ratios(Chart.Group g) {
    return g.bars().stream().map(Chart.Bar::ratio).toList();
  }

  static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
