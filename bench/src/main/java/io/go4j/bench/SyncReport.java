package io.go4j.bench;

import io.go4j.bench.Report.Row;
import io.go4j.bench.Report.Table;
import io.go4j.bench.Report.Target;
import java.util.List;

/**
 * The sync report (bench/results/sync.md, {@code Report --sync}): go4j's {@code Mutex}, {@code
 * WaitGroup} and scopes against Go's {@code sync} and the JDK's {@code ReentrantLock}, virtual
 * threads and {@code StructuredTaskScope}, each row with the target it is held to.
 */
final class SyncReport {
  private SyncReport() {}

  private static final Target GO = new Target("go.sync.waitGroup", "Go", 1.0, "≤ Go");

  static final List<Row> ROWS =
      List.of(
          new Row(
              "uncontended lock/unlock, 10M in a row in one goroutine ¹",
              "ns/lock+unlock",
              new Target(
                  "MutexUncontendedBenchmark.jdk", "ReentrantLock", 1.2, "≤ 1.2 × ReentrantLock"),
              "MutexUncontendedBenchmark.go4j",
              "go.sync.mutexUncontended",
              "MutexUncontendedBenchmark.jdk"),
          new Row(
              "contended: two goroutines, 2.5M × (lock, increment, unlock) each ²",
              "ns/lock+unlock",
              "MutexContendedBenchmark.go4j",
              "go.sync.mutexContended",
              "MutexContendedBenchmark.jdk"),
          new Row(
              "WaitGroup fan-out/fan-in, 100,000 goroutines: `add(1)`, `go`, `done()` ³",
              "ns/goroutine",
              GO,
              "WaitGroupFanOutBenchmark.go4jAddDone",
              "go.sync.waitGroup",
              "WaitGroupFanOutBenchmark.jdk"),
          new Row(
              "WaitGroup fan-out/fan-in, 100,000 goroutines: `wg.go(Runnable)` ³",
              "ns/goroutine",
              GO,
              "WaitGroupFanOutBenchmark.go4jGo",
              "go.sync.waitGroup",
              "WaitGroupFanOutBenchmark.jdk"),
          new Row(
              "scope with one child, 100,000 in a row: `Go.scope(s -> s.go(child))` ⁴",
              "ns/scope",
              new Target(
                  "ScopeBenchmark.go4jGoJoin", "go4j go + join", 2.0, "≤ 2 × go4j go + join"),
              "ScopeBenchmark.go4jScope",
              "go.sync.scope",
              "ScopeBenchmark.jdkStructuredTaskScope"),
          new Row(
              "bare goroutine and join, 100,000 in a row: `Go.go(child).join()` ⁵",
              "ns/goroutine",
              "ScopeBenchmark.go4jGoJoin",
              "go.sync.goJoin",
              "ScopeBenchmark.jdkThreadJoin"));

  static final String NOTES =
      """
      Lower is better everywhere. The ratio is go4j's value over its target peer's (named in \
      the cell), or, in a row without a target, over the fastest peer's; **met?** says whether \
      the ratio is within the target, which comes from issue 4's "What must be measured". The \
      same workloads and parameters run on all three: go4j on its own runtime with GOMAXPROCS=2 \
      (`GoRuntime.builder().maxProcs(2)`, the workload in `rt.main`, goroutines from `Go.go`); \
      Go 1.19 with GOMAXPROCS=2 (bench/go, `gobench sync <workload>`); the JDK on virtual \
      threads of its default scheduler (`-Djdk.virtualThreadScheduler.parallelism=2`), the \
      workload's main goroutine being a virtual thread too. Every run checks its count (the \
      counter the lock guards, or how many goroutines, children or subtasks ran) and fails \
      otherwise. JVM rows: JMH SingleShotTime, one invocation = one whole run of the workload, \
      divided by the operations in it, median over the measured iterations of the fork(s), \
      after warm-up iterations; Go: the median of its timed runs after warm-up runs. Every JVM \
      fork runs with the root pom's `go4j.jvmFlags` (`--add-opens \
      java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false`), the JDK's too. A run that \
      does not finish within the watchdog's limit (150 s, or `BENCH_HANG_SECONDS`) is \
      abandoned and its cell says **hung** (the go4j goroutine dump is in \
      bench/results/raw/hang-*.txt). This is a noisy 2-core machine: compare only within one \
      run and treat gaps under ~1.3× as noise (see shared/reference/BENCHMARKS-PEERS.md).

      1. One goroutine: lock, increment a plain counter, unlock, 10,000,000 times. go4j: \
      `io.go4j.sync.Mutex`; Go: `sync.Mutex`; JDK: `ReentrantLock` (non-fair, the default). \
      The Java loops unlock in a `finally`.
      2. Two goroutines share one lock and one counter and loop 2,500,000 times each: lock, \
      increment, unlock; the main goroutine starts both and waits (go4j: `Goroutine.join`; \
      JDK: `Thread.join` of two virtual threads; Go: a `sync.WaitGroup`); the run's time over \
      the 5,000,000 pairs. None of the three locks is fair (Go's switches to FIFO handoff only \
      for a waiter starved for 1 ms), so a holder often takes the lock back before the other \
      goroutine gets it: this is throughput under contention, not strict alternation.
      3. The main goroutine starts 100,000 goroutines, each incrementing a shared atomic \
      counter, and waits for all of them: go4j either `wg.add(1); Go.go(() -> {...; \
      wg.done();})` or `wg.go(() -> ...)` for each, then `wg.await()`; Go: `wg.Add(1); go \
      func() {...; wg.Done()}()` for each, then `wg.Wait()` (Go 1.19 has no `WaitGroup.Go`: \
      both go4j rows are held to the same Go value); JDK: 100,000 virtual threads counting down \
      one `CountDownLatch`.
      4. 100,000 times in a row, a scope with one child that increments a counter, and wait \
      for it. go4j: `Go.scope(s -> s.go(child))`, held to twice go4j's bare goroutine and join \
      (the next row); JDK: `StructuredTaskScope.open()`, `fork(child)`, `join()`, `close()` \
      (JDK 25's preview API: only its fork runs with `--enable-preview`); Go has no scope, so \
      its cell is what a Go program writes instead: `wg.Add(1); go child(); wg.Wait()` with a \
      fresh `sync.WaitGroup` each time.
      5. The baseline of row 4: `Go.go(child).join()`; JDK: \
      `Thread.startVirtualThread(child).join()`; Go (no join): the child closes a done channel \
      the main goroutine receives from.
      """;

  static final Table TABLE =
      new Table(
          "# go4j sync and scopes vs Go vs JDK",
          List.of("go4j", "Go 1.19", "JDK (ReentrantLock, virtual threads, StructuredTaskScope)"),
          "go4j ÷ target peer",
          true,
          ROWS,
          NOTES,
          Report.metaLines());
}
