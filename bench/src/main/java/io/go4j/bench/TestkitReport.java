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
import java.util.Locale;
import java.util.Map;

/**
 * The testkit runtime report (bench/results/testkit-runtime.md, bench/run.sh --testkit): what
 * running a program under the testkit costs. One table of workload × runtime kind ({@link
 * DeterministicBenchmark}: the normal runtime with GOMAXPROCS 1, the baseline, and 2; the
 * virtual-time bubble; the deterministic runtime under a FIFO and a random-walk decider), each cell
 * with its ratio to the baseline; and one line for a whole schedule exploration ({@link
 * ExplorerBenchmark}), in schedules per second.
 *
 * <p>Usage: {@code TestkitReport out.md results.tsv...}; metadata from the system properties
 * {@link Report} reads. Exits with status 3 if a measurement is missing or failed.
 */
public final class TestkitReport {
  private TestkitReport() {}

  /** The columns, in order: the {@link DeterministicBenchmark.Kind}s, the baseline first. */
  static final List<String> KINDS =
      Arrays.stream(DeterministicBenchmark.Kind.values()).map(Enum::name).toList();

  static final List<String> HEADERS =
      List.of(
          "normal, GOMAXPROCS 1 (baseline)",
          "normal, GOMAXPROCS 2",
          "virtual time, GOMAXPROCS 2",
          "deterministic, FIFO decider",
          "deterministic, random walk");

  /** A row: its workload, unit and the id of each kind's value (null: not measured). */
  record Row(String workload, String unit, List<String> ids) {}

  private static List<String> ids(String method, List<String> kinds) {
    List<String> ids = new ArrayList<>();
    for (String k : KINDS) {
      ids.add(kinds.contains(k) ? "DeterministicBenchmark." + method + ":kind=" + k : null);
    }
    return ids;
  }

  private static final List<String> REAL = List.of("procs1", "procs2");

  static final List<Row> ROWS =
      List.of(
          new Row(
              "ping-pong over two unbuffered channels, 100,000 round trips ¹",
              "ns/round trip",
              ids("pingPong", KINDS)),
          new Row(
              "spawn + `WaitGroup` join, 10 batches of 1,000 goroutines ²",
              "ns/goroutine",
              ids("spawnJoin1k", KINDS)),
          new Row(
              "spawn + `WaitGroup` join, one batch of 10,000 goroutines ²",
              "ns/goroutine",
              ids("spawnJoin10k", KINDS)),
          new Row(
              "`sleep(1 ms)`, real time per sleep ³",
              "ns/sleep",
              mergeIds(ids("sleepReal", REAL), ids("sleepVirtual", KINDS))));

  private static List<String> mergeIds(List<String> real, List<String> virtual) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < KINDS.size(); i++) {
      ids.add(REAL.contains(KINDS.get(i)) ? real.get(i) : virtual.get(i));
    }
    return ids;
  }

  static final String EXPLORER_ID = "ExplorerBenchmark.explore";

  static final String NOTES =
      """
      Lower is better. The ratio in parentheses is the cell's value over the baseline's, the \
      normal runtime with GOMAXPROCS 1 (for `sleep`, its real 1 ms sleep). Columns: a normal \
      go4j runtime with GOMAXPROCS 1 and 2; `GoRuntime.builder().virtualTime(true)` with \
      GOMAXPROCS 2 (synctest's bubble: the clock jumps to the next timer when every goroutine is \
      durably blocked); `deterministic(decider)` (one P, one carrier, virtual time, every choice \
      of the next goroutine made by the decider at every step: each go4j operation, checkpoint \
      and spawn) with a decider that always answers 0 (FIFO, no preemption: the cheapest \
      possible, so the column is the deterministic carrier's own overhead) and with a seeded \
      uniform random walk (`SplittableRandom`, a switch at most steps, like the testkit's \
      `Schedule.seed`). JMH AverageTime, 1 s iterations (3 warm-up, 5 measured, one fork, unless \
      the command line says otherwise), the median of the measured iterations; each invocation \
      runs on a runtime built once per fork as its main goroutine and checks its result. Every \
      JVM runs with the root pom's `go4j.jvmFlags`. This is a noisy 2-core machine: compare only \
      within one run and treat gaps under ~1.3× as noise.

      1. The main goroutine sends on one channel and receives on the other, a second goroutine \
      echoes (as the channels report's pingpong, with 100,000 round trips per invocation).
      2. The main goroutine starts each goroutine with `wg.add(1)` and `GoRuntime.go`; each \
      increments an atomic counter and calls `wg.done()`; the main goroutine then `await`s. \
      Two batch sizes, because the FIFO decider lets the main goroutine spawn the whole batch \
      before any runs, so the deterministic run queue reaches the batch size, while the random \
      walk runs goroutines early and keeps it short; a decision reads only what its decider \
      needs (`Decider.Candidates`), so neither should grow with the queue.
      3. The main goroutine sleeps 1 ms 10,000 times in a row on the runtimes with a virtual \
      clock (which must then have moved by exactly 10 s) and 100 times on the normal ones: on a \
      virtual clock, the real time the runtime takes to see that every goroutine is blocked and \
      jump to the timer; on the real one, the timer's 1 ms plus its wake-up latency. With one \
      goroutine no decider is ever asked, so the two deterministic columns run the same code.
      4. `Explorer.explore` of a tiny passing program (two goroutines increment a counter under \
      a `Mutex`, with a `checkpoint` between read and write; main checks it is 2) with its \
      default options and 1,000 tries (the first FIFO, then random walks and PCT alternately), \
      each try a fresh deterministic runtime with the testkit's recording decider; JMH \
      SingleShotTime, one exploration per invocation, 2 warm-up and 4 measured. Schedules/s is \
      1,000 over the median.
      """;

  /**
   * Shown when a deterministic runtime's virtual sleep failed with a deadlock: a race in the
   * runtime (found by this benchmark at 31bc207), not a hang of the workload.
   */
  static final String SLEEP_DEADLOCK_NOTE =
      """
      5. **failed** (DeadlockException) in the `sleep` row: a bug in the deterministic runtime, \
      not in the workload (found by this benchmark). A lone goroutine sleeping 1 ms in a loop is \
      now and then (about once in 100,000 sleeps alone, sooner under load) failed with `deadlock: \
      all goroutines in bubble are blocked` although its sleep timer is pending. The cause, as the \
      code reads: when a timer readies a goroutine on a deterministic runtime, `Sched.ready` calls \
      `Timers.requestCheck` from the timer thread itself, so a check is requested while that \
      goroutine is about to run; the timer thread's next `check()` drains its incoming timers, the \
      goroutine then sets its next sleep's timer and parks, and `bubbleIdle()` sees everything \
      blocked, with the timer taken as absent because it arrived after the drain, so \
      `idleInBubble(false)` declares a deadlock. Draining (and taking the earliest timer) after \
      `bubbleIdle()` returned true would close the window. The virtual-time runtime, whose ready \
      does not request a check, passed 200,000 sleeps in the same test.
      """;

  /** Usage: {@code TestkitReport out.md results.tsv...}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: TestkitReport out.md results.tsv...");
      System.exit(64);
    }
    Map<String, Value> values = Report.read(Arrays.asList(args).subList(1, args.length));
    String md = render(values);
    Files.writeString(Path.of(args[0]), md, StandardCharsets.UTF_8);
    System.out.print(md);
    List<String> expected = new ArrayList<>();
    for (Row r : ROWS) {
      r.ids().stream().filter(id -> id != null).forEach(expected::add);
    }
    expected.add(EXPLORER_ID);
    if (!Report.complete("TestkitReport", expected, values)) {
      System.exit(3);
    }
  }

  static String render(Map<String, Value> values) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "# go4j testkit runtimes: deterministic carrier and virtual-time bubble vs the normal"
            + " runtime\n\n");
    Report.metaSection(sb, Report.metaLines());
    sb.append("\n| workload | unit |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String h : HEADERS) {
      sb.append(' ').append(h).append(" |");
      rule.append("---:|");
    }
    sb.append('\n').append(rule).append('\n');
    for (Row r : ROWS) {
      sb.append("| ").append(r.workload()).append(" | ").append(r.unit()).append(" |");
      double base = Report.cell(values, r.ids().get(0)).usableValue();
      for (int i = 0; i < r.ids().size(); i++) {
        Cell c = Report.cell(values, r.ids().get(i));
        String text = c.text();
        if (i > 0 && c.usable() && !Double.isNaN(base) && base > 0) {
          text += String.format(Locale.ROOT, " (%.2f×)", c.value() / base);
        }
        sb.append(' ').append(text).append(" |");
      }
      sb.append('\n');
    }
    sb.append("\n| exploration ⁴ | ms/exploration | schedules/s | µs/schedule |\n");
    sb.append("|---|---:|---:|---:|\n");
    Cell e = Report.cell(values, EXPLORER_ID);
    sb.append("| `Explorer.explore`, ")
        .append(String.format(Locale.ROOT, "%,d", ExplorerBenchmark.TRIES))
        .append(" tries of a two-goroutine `Mutex` counter | ")
        .append(e.text())
        .append(" | ");
    if (e.usable() && e.value() > 0) {
      double perSchedule = e.value() / ExplorerBenchmark.TRIES; // ms
      sb.append(Report.format(1_000 / perSchedule))
          .append(" | ")
          .append(Report.format(perSchedule * 1_000));
    } else {
      sb.append("— | —");
    }
    sb.append(" |\n\n").append(NOTES);
    if (values.values().stream()
        .anyMatch(
            v ->
                v.id().startsWith("DeterministicBenchmark.sleepVirtual:kind=deterministic")
                    && v.detail().contains("DeadlockException"))) {
      sb.append(SLEEP_DEADLOCK_NOTE);
    }
    if (values.values().stream().anyMatch(v -> v.detail().startsWith("FAILED:"))) {
      sb.append('\n').append(Report.FAILED_NOTE);
    }
    sb.append('\n');
    Report.everyMeasurement(sb, values);
    return sb.toString();
  }
}
