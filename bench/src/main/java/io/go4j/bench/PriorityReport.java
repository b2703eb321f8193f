package io.go4j.bench;

import io.go4j.bench.Report.Row;
import io.go4j.bench.Report.Table;
import io.go4j.bench.Report.Target;
import java.util.List;

/**
 * The priority report (bench/results/priority.md, {@code Report --priority}): issue 5's
 * measurements of {@code PiMutex} and of the priority bands, each against go4j without priorities
 * (a plain {@code Mutex}, a waiter that boosts nobody, a NORMAL goroutine) and the JDK.
 */
final class PriorityReport {
  private PriorityReport() {}

  private static Row chain(int depth) {
    return new Row(
        "boost + restore round, chain of depth " + depth + " ²",
        "ns/round",
        "PiChainBoostBenchmark.boost" + depth,
        "PiChainBoostBenchmark.base" + depth,
        null,
        null);
  }

  private static Row latency(String what, String unit, String suffix) {
    return new Row(
        what,
        unit,
        "priolat.realtime.go4j" + suffix,
        "priolat.normal.go4j" + suffix,
        "priolat.normal.jdk" + suffix,
        null);
  }

  static final List<Row> ROWS =
      List.of(
          new Row(
              "uncontended lock/unlock, 10M in a row in one goroutine ¹",
              "ns/lock+unlock",
              new Target("MutexUncontendedBenchmark.go4j", "go4j Mutex", 1.5, "≤ 1.5 × Mutex"),
              "PiMutexUncontendedBenchmark.go4j",
              "MutexUncontendedBenchmark.go4j",
              "MutexUncontendedBenchmark.jdk",
              null),
          chain(1),
          chain(4),
          chain(16),
          latency("ready → running under a NORMAL flood, GOMAXPROCS=2, p50 ³", "µs", ".p50"),
          latency("same, p99 ³", "µs", ".p99"),
          latency(
              "same, flood iterations (goroutine switches) between ready and running, p50 ³",
              "steps",
              ".steps.p50"),
          latency("same, steps, p99 ³", "steps", ".steps.p99"));

  static final String NOTES =
      """
      Lower is better everywhere. Columns: go4j with priorities (`PiMutex`, a HIGH waiter, a \
      REALTIME goroutine); go4j without (a plain `Mutex`, a LOW waiter that boosts nobody, a \
      NORMAL goroutine): the cost or benefit of priorities is the ratio of the two; the JDK \
      (`ReentrantLock`, virtual threads, which have no priorities); Go 1.19, always "—": Go has \
      no goroutine priorities and no priority-inheritance lock (`sync.Mutex` is neither owned nor \
      ranked), so none of these workloads exists there, and its plain `sync.Mutex` figure is in \
      bench/results/sync.md. The ratio is go4j's value over its target peer's (row 1, the target \
      from issue 5's "What must be measured") or over the fastest peer's. go4j runs with \
      GOMAXPROCS=2, the JDK with `-Djdk.virtualThreadScheduler.parallelism=2`; every JVM with \
      the root pom's `go4j.jvmFlags`. Every run checks its result (the lock's counter; the \
      effective priorities of every chain goroutine at every step of every round; the number of \
      samples) and fails otherwise; a run that does not finish within the watchdog's limit is \
      abandoned and its cell says **hung** (the goroutine dump is in \
      bench/results/raw/hang-*.txt). This is a noisy 2-core machine: compare only within one \
      run and treat gaps under ~1.3× as noise.

      1. One goroutine: lock, increment a plain counter, unlock, 10,000,000 times; JMH \
      SingleShotTime, median over the measured iterations. go4j: `io.go4j.sync.PiMutex` against \
      `io.go4j.sync.Mutex` (the same loop, measured in the same run as \
      `MutexUncontendedBenchmark`) and `ReentrantLock` on a virtual thread. Uncontended, both \
      are one CAS each way: `PiMutex` (like rt_mutex's fast path) writes its owner into its lock \
      word and takes the global PI lock only when a waiter comes, to bring the owner under \
      priority-inheritance bookkeeping; it also looks up the calling goroutine for the owner.
      2. LOW goroutines g1..gd; g_i holds `PiMutex` L_i and waits for L_(i+1), gd holds L_d and \
      waits at a gate. One round: a LOW driver goroutine builds the chain (gd first; each g_i \
      queued before g_(i-1) starts, checked with `Goroutine.state()`/`waitReason()`), a waiter \
      calls `lock(L1)` and queues, the driver checks every g_i's effective priority \
      (`io.go4j.runtime.spi.Priorities.effective`) and opens the gate, and the chain is released \
      link by link until the waiter gets L1; each g_i checks it is back at LOW right after its \
      own unlock, and the waiter that all are. go4j column: a HIGH waiter, whose `lock` boosts \
      all d goroutines to HIGH, each unlock restoring one link. Baseline column: the same round \
      with a LOW waiter, which boosts nobody. A round includes the chain's d + 1 park/ready \
      handoffs and the driver's polling, so the boost and restore themselves cost about the \
      difference of the two columns (ratio − 1 of a round). JMH SingleShotTime, \
      2,000 rounds per invocation. A round is tens to hundreds of µs of handoffs and polling, \
      far more than the boost itself, so one run's difference can sit within the noise (even \
      below zero): compare several runs before reading a cost into it.
      3. A standalone program (`PriorityLatency`, not JMH): 16 NORMAL goroutines loop \
      `counter++; gosched()` (JDK: `Thread.yield()`) and keep both Ps busy; an urgent goroutine \
      parks (`Park.park`; JDK: `LockSupport.park`) and a pacer platform thread readies it \
      (`Park.ready`; JDK: `LockSupport.unpark`) ~20 µs after it has parked again, 10,000 times \
      after 1,000 warm-up samples. Latency: `System.nanoTime()` just before the ready to just \
      after it runs; steps: how far the flood's shared counter moved meanwhile (loop iterations \
      of the flood on both Ps, each ending in a yield: a goroutine switch; an iteration under \
      way when the urgent goroutine starts may be counted). go4j column: the urgent goroutine \
      is REALTIME; baseline: NORMAL, the flood's band; JDK: a virtual thread. The pacer thread \
      competes with the two carriers for the machine's two cores, which adds OS scheduling \
      noise to every column alike. **starved**: the run was not over 20 s after it began (the \
      urgent goroutine stopped getting to run), so the pacer stopped the flood; the cell says how \
      many samples it got.
      """;

  static final Table TABLE =
      new Table(
          "# go4j priorities and priority inheritance vs go4j without priorities vs JDK",
          List.of(
              "go4j (PiMutex, HIGH waiter, REALTIME)",
              "go4j without priorities (Mutex, LOW waiter, NORMAL)",
              "JDK (ReentrantLock, virtual threads)",
              "Go 1.19"),
          "go4j ÷ target peer",
          true,
          ROWS,
          NOTES,
          Report.metaLines());
}
