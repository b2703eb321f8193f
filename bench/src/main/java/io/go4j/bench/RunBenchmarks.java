package io.go4j.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of this module and writes one {@link Results} line per benchmark (id
 * {@code Class.method}, the median over every measured iteration of every fork) to the file named
 * by the first argument (default {@code bench/results/raw/jmh.tsv}). A benchmark with JMH
 * {@code @Param}s has one line per combination, its id followed by the parameters in key order,
 * {@code Class.method:key=value,key2=value2}. A benchmark that failed (an
 * exception, a JMH timeout) gets a NaN line whose detail starts with {@code FAILED:} and the
 * exception's first line. Exits with status 1 if any failed.
 *
 * <p>Environment: {@code BENCH_INCLUDE} (regexp, default every {@code *Benchmark} but those of
 * the channels, sync, priority and testkit parts, {@code Chan*}, {@code Mutex*}, {@code
 * WaitGroup*}, {@code Scope*}, {@code Pi*}, {@code Deterministic*}, {@code Explorer*}),
 * {@code BENCH_FORKS}, {@code BENCH_WARMUP}, {@code BENCH_ITERATIONS} (override the
 * annotations). The forks get their JVM flags from the {@code @Fork} annotations only: run this
 * JVM without any.
 */
public final class RunBenchmarks {
  private RunBenchmarks() {}

  private static final Pattern BENCHMARK = Pattern.compile("^# Benchmark: (\\S+)$");
  private static final Pattern PARAMETERS = Pattern.compile("^# Parameters: \\((.*)\\)$");
  private static final Pattern EXCEPTION =
      Pattern.compile("^([\\w.$]+(?:Exception|Error)(?::.*)?)$");

  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/results/raw/jmh.tsv");
    // by default the runtime benchmarks only: the channels ones (Chan*Benchmark) and the sync ones
    // (Mutex*, WaitGroup*, Scope*) and the priority ones (PiMutex*, PiChain*: "Pi" and a capital,
    // not PingPong) and the testkit ones (Deterministic*, Explorer*) are bench/run.sh's separate
    // parts, which name them in BENCH_INCLUDE
    String include =
        env(
            "BENCH_INCLUDE",
            "io\\.go4j\\.bench\\.(?!Chan|Mutex|WaitGroup|Scope|Pi[A-Z]|Deterministic|Explorer)"
                + "\\w*Benchmark\\..*");
    ChainedOptionsBuilder opts =
        new OptionsBuilder()
            .include(include)
            // one failing benchmark must not lose the others
            .shouldFailOnError(false);
    String forks = env("BENCH_FORKS", null);
    if (forks != null) {
      opts.forks(Integer.parseInt(forks));
    }
    String warmup = env("BENCH_WARMUP", null);
    if (warmup != null) {
      opts.warmupIterations(Integer.parseInt(warmup));
    }
    String iterations = env("BENCH_ITERATIONS", null);
    if (iterations != null) {
      opts.measurementIterations(Integer.parseInt(iterations));
    }
    Options options = opts.build();

    // JMH's own console output, also captured to find why a benchmark failed
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream tee =
        new PrintStream(new Tee(System.out, captured), true, StandardCharsets.UTF_8);
    OutputFormat format = OutputFormatFactory.createFormatInstance(tee, VerboseMode.NORMAL);
    SortedSet<BenchmarkListEntry> planned =
        BenchmarkList.defaultList().find(format, List.of(include), List.of());
    // placeholders first: if this JVM is killed (bench/run.sh's timeout), the report still says
    // which benchmarks have no result
    String log = logName(out);
    List<String> placeholders = new ArrayList<>();
    for (String key : plannedKeys(planned)) {
      String line =
          Results.line(
              id(key),
              "ns/op",
              Double.NaN,
              0,
              "FAILED: no result, the benchmark run was killed or died (" + log + ")");
      if (!placeholders.contains(line)) {
        placeholders.add(line);
      }
    }
    write(out, placeholders, false);
    Collection<RunResult> results = new Runner(options, format).run();
    tee.flush();

    Map<String, String> lines = new LinkedHashMap<>();
    for (String key : plannedKeys(planned)) {
      lines.put(key, null);
    }
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark() + paramSuffix(params(r.getParams()));
      List<Double> scores = new ArrayList<>();
      for (BenchmarkResult b : r.getBenchmarkResults()) {
        for (IterationResult i : b.getIterationResults()) {
          scores.add(i.getPrimaryResult().getScore());
        }
      }
      double[] v = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      if (v.length == 0) {
        continue;
      }
      String detail =
          String.format(
              Locale.ROOT,
              "mean %.1f, min %.1f, max %.1f, %d forks × %d iterations",
              r.getPrimaryResult().getScore(),
              v[0],
              v[v.length - 1],
              r.getBenchmarkResults().size(),
              r.getParams().getMeasurement().getCount());
      lines.put(
          name,
          Results.line(id(name), r.getPrimaryResult().getScoreUnit(), median(v), v.length, detail));
    }
    Map<String, String> reasons = failureReasons(captured.toString(StandardCharsets.UTF_8));
    int failed = 0;
    for (Map.Entry<String, String> e : lines.entrySet()) {
      if (e.getValue() == null) {
        failed++;
        String reason = reasons.getOrDefault(e.getKey(), "no result");
        e.setValue(
            Results.line(
                id(e.getKey()),
                "ns/op",
                Double.NaN,
                0,
                "FAILED: " + reason + " (" + log + ")"));
      }
    }

    write(out, lines.values(), true);
    if (failed > 0) {
      System.err.println("RunBenchmarks: " + failed + " benchmark(s) failed");
      System.exit(1);
    }
  }

  private static void write(Path out, Collection<String> lines, boolean echo) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      for (String l : lines) {
        w.println(l);
        if (echo) {
          System.out.println(l);
        }
      }
    }
  }

  /** Where bench/run.sh puts the JMH log of a run writing {@code out}: x.tsv → x.log. */
  static String logName(Path out) {
    Path rel = out.toAbsolutePath().normalize();
    Path name = rel.getFileName();
    String base = name == null ? "jmh.tsv" : name.toString();
    base = base.endsWith(".tsv") ? base.substring(0, base.length() - 4) : base;
    return "bench/results/raw/" + base + ".log";
  }

  /**
   * {@code io.go4j.bench.SpawnBenchmark.go4jSpawnWait} → {@code SpawnBenchmark.go4jSpawnWait}; a
   * parameter suffix ({@code :kind=procs1}) stays.
   */
  static String id(String benchmark) {
    int colon = benchmark.indexOf(':');
    String name = colon < 0 ? benchmark : benchmark.substring(0, colon);
    return benchmark.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
  }

  /**
   * The keys of the planned runs: each benchmark's name, followed, if it has {@code @Param}s, by
   * the {@link #paramSuffix} of each combination of their values.
   */
  static List<String> plannedKeys(Collection<BenchmarkListEntry> planned) {
    List<String> keys = new ArrayList<>();
    for (BenchmarkListEntry e : planned) {
      Map<String, String[]> params = e.getParams().orElse(Map.of());
      List<Map<String, String>> combinations = new ArrayList<>();
      combinations.add(new TreeMap<>());
      for (Map.Entry<String, String[]> p : new TreeMap<>(params).entrySet()) {
        List<Map<String, String>> next = new ArrayList<>();
        for (Map<String, String> c : combinations) {
          for (String v : p.getValue()) {
            Map<String, String> m = new TreeMap<>(c);
            m.put(p.getKey(), v);
            next.add(m);
          }
        }
        combinations = next;
      }
      for (Map<String, String> c : combinations) {
        String key = e.getUsername() + paramSuffix(c);
        if (!keys.contains(key)) {
          keys.add(key);
        }
      }
    }
    return keys;
  }

  private static Map<String, String> params(BenchmarkParams p) {
    Map<String, String> m = new TreeMap<>();
    for (Object k : p.getParamsKeys()) {
      String key = String.valueOf(k);
      m.put(key, p.getParam(key));
    }
    return m;
  }

  /** {@code ""}, or {@code :k1=v1,k2=v2} in key order. */
  static String paramSuffix(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(":");
    new TreeMap<>(params)
        .forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(k).append('=').append(v));
    return sb.toString();
  }

  /**
   * Per benchmark (and parameter combination, as {@link #plannedKeys} names it), the first
   * exception line (or timeout note) after a {@code <failure>}.
   */
  static Map<String, String> failureReasons(String log) {
    Map<String, String> reasons = new LinkedHashMap<>();
    String current = null;
    boolean failing = false;
    for (String line : log.lines().toList()) {
      Matcher b = BENCHMARK.matcher(line);
      if (b.matches()) {
        current = b.group(1);
        failing = false;
        continue;
      }
      Matcher p = PARAMETERS.matcher(line);
      if (p.matches() && current != null && !failing && current.indexOf(':') < 0) {
        Map<String, String> params = new TreeMap<>();
        for (String kv : p.group(1).split(", ", -1)) {
          int eq = kv.indexOf(" = ");
          if (eq > 0) {
            params.put(kv.substring(0, eq), kv.substring(eq + 3));
          }
        }
        current += paramSuffix(params);
        continue;
      }
      if (current == null || reasons.containsKey(current)) {
        continue;
      }
      if (line.contains("<failure>")) {
        failing = true;
        if (line.contains("timed out")) {
          reasons.put(current, "JMH timeout, the iteration was interrupted");
          continue;
        }
      }
      Matcher x = EXCEPTION.matcher(line.strip());
      if (failing && x.matches()) {
        reasons.put(current, x.group(1));
      }
    }
    return reasons;
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
