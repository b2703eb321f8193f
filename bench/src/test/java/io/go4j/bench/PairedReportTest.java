package io.go4j.bench;

import static io.go4j.bench.ReportText.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.bench.Report.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The paired report's verdicts from fixed rounds, and its ids against the parts' reports. */
class PairedReportTest {
  private static final PairedReport.Row PARK = row("PingPongBenchmark.go4jParkReady");
  private static final PairedReport.Row WG_ADD_DONE = row("WaitGroupFanOutBenchmark.go4jAddDone");

  private static PairedReport.Row row(String go4jId) {
    return PairedReport.ROWS.stream().filter(r -> r.go4jId().equals(go4jId)).findFirst().get();
  }

  /** One round of {@code row}: go4j's value, then each peer's in the row's order. */
  private static Map<String, Value> round(PairedReport.Row row, double go4j, double... peers) {
    Map<String, Value> values = new LinkedHashMap<>();
    values.put(row.go4jId(), new Value(row.go4jId(), "ns/op", go4j, 6, "mean " + go4j));
    for (int i = 0; i < peers.length; i++) {
      String id = row.peers().get(i).id();
      values.put(id, new Value(id, "ns/op", peers[i], 6, "mean " + peers[i]));
    }
    return values;
  }

  @Test
  void everyIdIsOneAPartReportMeasures() {
    Set<String> parts = ReportText.partIds();
    for (PairedReport.Row r : PairedReport.ROWS) {
      assertTrue(parts.contains(r.go4jId()), r.go4jId());
      for (PairedReport.Peer p : r.peers()) {
        assertTrue(parts.contains(p.id()), p.id());
      }
    }
  }

  @Test
  void theVerdictIsTheMedianOfTheRoundsRatiosAgainstTheFastestPeer() {
    // peers: Go, SynchronousQueue; the target is the faster of the two in each round
    List<Map<String, Value>> rounds =
        List.of(
            round(PARK, 100, 400, 150), // 0.67, met
            round(PARK, 300, 250, 900), // 1.20
            round(PARK, 200, 400, 100)); // 2.00
    String md = PairedReport.render(List.of(PARK), List.of(rounds));
    assertEquals(
        "| park/ready ping-pong, 1M round trips (PingPongBenchmark) | ns/round trip | 2 | 200 | 150"
            + " | 1.20 | 1 of 3 | ≤ the faster of Go and SynchronousQueue |",
        line(md, "| park/ready"));
    assertEquals("| 2 | 300 | 250 | 900 | 1.20 |", line(md, "| 2 |"));
    assertEquals("| median | 200 | 400 | 150 | 1.20 |", line(md, "| median |"));
  }

  @Test
  void channelRowsWithoutAJvmPeerNameTheirTargetAndCompareWithThePeersTheyRun() {
    PairedReport.Row select2 = row("ChanSelectBenchmark.go4j");
    PairedReport.Row sieve = row("ChanSieveBenchmark.go4j");
    assertEquals(
        List.of("go.chan.select2", "ChanSelectBenchmark.jox"),
        select2.peers().stream().map(PairedReport.Peer::id).toList());
    assertEquals(
        List.of("go.chan.sieve", "ChanSieveBenchmark.jdk"),
        sieve.peers().stream().map(PairedReport.Peer::id).toList());
    // peers: Go, JDK; jox is not run, so it cannot be the target
    List<Map<String, Value>> rounds =
        List.of(round(sieve, 700, 350, 1200), round(sieve, 500, 600, 450)); // 2.00, 1.11
    String md = PairedReport.render(List.of(sieve), List.of(rounds));
    assertEquals(
        "| prime sieve, 2,000 primes | ms | 3 | 600 | 400 | 1.56 | 0 of 2 |"
            + " ≤ the faster of Go and the JDK (jox, 8-17× slower, not run) |",
        line(md, "| prime sieve"));
    assertEquals("≤ the faster of Go and jox", select2.target());
  }

  @Test
  void aNamedTargetIgnoresAFasterPeer() {
    // peers: Go, JDK; the target is Go even where the JDK is faster
    List<Map<String, Value>> rounds =
        List.of(round(WG_ADD_DONE, 300, 400, 200), round(WG_ADD_DONE, 300, 250, 200));
    String md = PairedReport.render(List.of(WG_ADD_DONE), List.of(rounds));
    assertEquals(
        "| WaitGroup fan-out/fan-in, 100,000 goroutines: `add(1)`, `go`, `done()` | ns/goroutine |"
            + " 4 | 300 | 325 | 0.98 | 1 of 2 | ≤ Go |",
        line(md, "| WaitGroup"));
  }

  @Test
  void aRoundWithAFailedOrMissingValueCountsAsNotMetAndLeavesTheMedians() {
    Map<String, Value> failed = round(PARK, 100, 400, 150);
    String sq = PARK.peers().get(1).id();
    failed.put(sq, new Value(sq, "ns/op", 0, 0, "FAILED: java.lang.IllegalStateException: x"));
    Map<String, Value> missing = round(PARK, 100, 400);
    List<Map<String, Value>> rounds =
        new ArrayList<>(List.of(failed, missing, round(PARK, 300, 200, 250)));
    String md = PairedReport.render(List.of(PARK), List.of(rounds));
    assertEquals(
        "| park/ready ping-pong, 1M round trips (PingPongBenchmark) | ns/round trip | 2 | 100 | 200"
            + " | 1.50 | 0 of 3 | ≤ the faster of Go and SynchronousQueue |",
        line(md, "| park/ready"));
    assertEquals("| 1 | 100 | 400 | **failed** (IllegalStateException) | — |", line(md, "| 1 |"));
    assertEquals("| 2 | 100 | 400 | n/a | — |", line(md, "| 2 |"));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, PairedReport.median(List.of(4.0, 1.0, Double.NaN, 2.0, 3.0)));
    assertTrue(Double.isNaN(PairedReport.median(List.of(Double.NaN))));
  }
}
