package io.go4j.bench;

import io.go4j.bench.Report.Row;
import io.go4j.bench.Report.Table;
import java.util.List;
import java.util.stream.Stream;

/**
 * The channels report (bench/results/channels.md, {@code Report --channels}): the same eight
 * channel workloads on go4j, Go, jox and the JDK's queues, one row each (buffered: two rows).
 */
final class ChannelsReport {
  private ChannelsReport() {}

  /**
   * A floor row (note 8): go4j's {@code benchmark} class's {@code go4j} method on its runtime, and
   * in the JDK column its {@code go4jOnTrivialScheduler}.
   */
  record Floor(String workload, String unit, String benchmark) {}

  /** The floor rows, here and in the overall report ({@link BenchmarksReport}). */
  static final List<Floor> FLOORS =
      List.of(
          new Floor("pingpong", "ns/round trip", "ChanPingPongBenchmark"),
          new Floor("handoff", "ns/value", "ChanHandoffBenchmark"),
          new Floor("select2", "ns/select", "ChanSelectBenchmark"),
          new Floor("chain", "ns/value/hop", "ChanChainBenchmark"),
          new Floor("parallel pairs", "ns/value", "ChanParallelBenchmark"),
          new Floor("prime sieve", "ms", "ChanSieveBenchmark"));

  static final List<Row> ROWS =
      Stream.concat(
              Stream.of(
                  new Row(
                      "pingpong: round trip over two unbuffered channels, 1M ¹",
                      "ns/round trip",
                      "ChanPingPongBenchmark.go4j",
                      "go.chan.pingpong",
                      "ChanPingPongBenchmark.jox",
                      "ChanPingPongBenchmark.jdk"),
                  new Row(
                      "handoff: 1 sender → 1 receiver, unbuffered, 1M ²",
                      "ns/value",
                      "ChanHandoffBenchmark.go4j",
                      "go.chan.handoff",
                      "ChanHandoffBenchmark.jox",
                      "ChanHandoffBenchmark.jdk"),
                  new Row(
                      "buffered 16: 1 → 1, 10M ²",
                      "ns/value",
                      "ChanBufferedBenchmark.go4j16",
                      "go.chan.buffered16",
                      "ChanBufferedBenchmark.jox16",
                      "ChanBufferedBenchmark.jdk16"),
                  new Row(
                      "buffered 100: 1 → 1, 10M ²",
                      "ns/value",
                      "ChanBufferedBenchmark.go4j100",
                      "go.chan.buffered100",
                      "ChanBufferedBenchmark.jox100",
                      "ChanBufferedBenchmark.jdk100"),
                  new Row(
                      "select2: two senders, 1M two-case selects ³",
                      "ns/select",
                      "ChanSelectBenchmark.go4j",
                      "go.chan.select2",
                      "ChanSelectBenchmark.jox",
                      null),
                  new Row(
                      "chain: 10,000 unbuffered channels through 10,001 goroutines, 1,000 values ⁴",
                      "ns/value/hop",
                      "ChanChainBenchmark.go4j",
                      "go.chan.chain",
                      "ChanChainBenchmark.jox",
                      "ChanChainBenchmark.jdk"),
                  new Row(
                      "parallel: 10,000 sender/receiver pairs, 1,000 values each ⁵",
                      "ns/value",
                      "ChanParallelBenchmark.go4j",
                      "go.chan.parallel",
                      "ChanParallelBenchmark.jox",
                      "ChanParallelBenchmark.jdk"),
                  new Row(
                      "skynet 1M (fan-out 10, buffered results channels) ⁶",
                      "ms",
                      "ChanSkynetBenchmark.go4j",
                      "go.chan.skynet",
                      "ChanSkynetBenchmark.jox",
                      "ChanSkynetBenchmark.jdk"),
                  new Row(
                      "prime sieve (chain of filter goroutines), first 2,000 primes ⁷",
                      "ms",
                      "ChanSieveBenchmark.go4j",
                      "go.chan.sieve",
                      "ChanSieveBenchmark.jox",
                      "ChanSieveBenchmark.jdk")),
              FLOORS.stream().map(ChannelsReport::floorRow))
          .toList();

  private static Row floorRow(Floor f) {
    return new Row(
        "floor of "
            + f.workload()
            + ": go4j's workload, JDK column: on a trivial one-carrier scheduler ⁸",
        f.unit(),
        f.benchmark() + ".go4j",
        null,
        null,
        f.benchmark() + ".go4jOnTrivialScheduler");
  }

  static final String NOTES =
      """
      Lower is better everywhere. The last column is go4j's value over the fastest peer's in the \
      row (Go, jox or the JDK; a failed or missing peer is left out): ≤ 1.00 means go4j is at \
      least as fast as every peer measured, the target. The same workloads and parameters run \
      on all four: go4j on its own runtime with GOMAXPROCS=2 (`GoRuntime.builder().maxProcs(2)`, \
      goroutines from `rt.go`, the workload in `rt.main`); Go 1.19 with GOMAXPROCS=2 \
      (bench/go, `gobench chan <workload>`); jox and the JDK on JDK virtual threads of the \
      default scheduler (`-Djdk.virtualThreadScheduler.parallelism=2`), the workload's main \
      goroutine being a virtual thread too; the JDK's channels are `SynchronousQueue` \
      (unbuffered) and `ArrayBlockingQueue` (buffered). Values are a shared boxed 1 (Go: the int \
      1) where only their count matters; every run checks its counts, sums or primes and fails \
      otherwise. JVM rows: JMH SingleShotTime, one invocation = one whole run of the workload \
      (ns rows divide it by the operations in it), median over the measured iterations of the \
      fork(s), after warm-up iterations; Go: the median of its timed runs after warm-up runs. \
      Every JVM fork runs with the root pom's `go4j.jvmFlags` (`--add-opens \
      java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false`), jox's and the JDK's too. A \
      run that does not finish within the watchdog's limit (150 s, or `BENCH_HANG_SECONDS`) is \
      abandoned and its cell says **hung** (the go4j goroutine dump is in \
      bench/results/raw/hang-*.txt). This is a noisy 2-core machine: \
      compare only within one run and treat gaps under ~1.3× as noise (see \
      shared/reference/BENCHMARKS-PEERS.md).

      1. The main goroutine sends a value on `there` and receives it back on `back`; one spawned \
      goroutine sends back on `back` what it receives on `there`.
      2. One spawned goroutine sends, the main goroutine receives; unbuffered (`chan()`, \
      `Channel.newRendezvousChannel()`, `SynchronousQueue`) or with a buffer of 16 or 100 \
      (`chan(n)`, `Channel.newBufferedChannel(n)`, `ArrayBlockingQueue(n)`).
      3. Two spawned goroutines send 500,000 values each, on their own unbuffered channel; the \
      main goroutine runs 1M selects with a receive case on each. go4j builds its `Select` once \
      and runs it 1M times (`select().recv(a, ...).recv(b, ...)`, then `run()`); jox: \
      `Select.select(a.receiveClause(), b.receiveClause())`. The JDK has no select.
      4. A source goroutine sends 1,000 values into the first channel, 9,999 relays each pass \
      them on to the next channel, the main goroutine receives them from the last: 10M hops. \
      The 10,001 spawns are inside the timing.
      5. Each pair has its own unbuffered channel; each receiver sends its count on one results \
      channel buffered for all 10,000, which the main goroutine drains: 10M values, 20,000 \
      spawns inside the timing.
      6. `skynet(c, num, size)` starts 10 children with `size/10` on a results channel buffered \
      for 10 and sends the sum of their results on `c`; a leaf sends `num`. 1,111,111 \
      goroutines; the sum must be 499,999,500,000.
      7. Go's classic sieve: a generator sends 2, 3, 4, … on an unbuffered channel; for each \
      prime the main goroutine receives, it starts a filter goroutine that passes the numbers \
      not divisible by it on to a new channel, and reads from that one next. The 2,000th prime \
      must be 17,389. So that no goroutine outlives a run, the generator stops at 17,389 and \
      closes its channel and each filter closes its output after its input (the JDK's queues \
      cannot be closed: an end marker is passed along instead); the main goroutine checks that \
      nothing follows 17,389.
      8. The floor rows run go4j's own workload, its channels included, on plain JDK virtual \
      threads of a trivial scheduler (`TrivialScheduler`: one carrier thread, one FIFO, nothing \
      else), where go4j's channels block with `LockSupport`: what the same code costs when the \
      scheduler adds nothing but the JDK's continuation switch. Their JDK column is that \
      figure, not a JDK queue, and their ratio is go4j's own runtime over it; with one carrier \
      it is a floor for the pairs (pingpong, handoff) and for select2's three goroutines, not for \
      chain, parallel and the sieve, whose work could use both cores.

      jox spins (128 times on 2–4 CPUs) before parking on a rendezvous channel; with thousands \
      of threads on 2 carriers that spinning burns the core the partner needs, which is why it \
      collapses on chain, parallel and the sieve (BENCHMARKS-PEERS.md); those three get fewer \
      JMH iterations for jox. jox 1.1.1, the newest release, does not resolve from Maven \
      Central (its parent POM, `com.softwaremill.jox:parent:1.1.1`, is missing there), so the \
      newest that does, 1.0.1, is measured; it has the same spinning.
      """;

  static final Table TABLE =
      new Table(
          "# go4j channels vs Go vs jox vs JDK",
          List.of("go4j", "Go", "jox", "JDK"),
          "go4j / fastest peer (≤ 1.00: target met)",
          false,
          ROWS,
          NOTES,
          Report.metaLines(
              new String[] {"jox", "report.jox"},
              new String[] {"Cross-core round trip", "report.crosscore"}));
}
