/**
 * go4j's benchmarks: JMH workloads comparing the go4j runtime and channels with the JDK's own
 * virtual threads and queues and with jox's channels, the testkit's deterministic and virtual-time
 * runtimes against the normal one, and the runners behind {@code bench/run.sh}. JMH is the
 * automatic module {@code jmh.core}; the
 * benchmarks normally run from the shaded {@code bench/target/benchmarks.jar} on the class path.
 *
 * <p>JMH ships no module descriptor and no Automatic-Module-Name, so requiring it by its derived
 * name is the only way; javac's warning about that is expected here and nowhere else.
 */
@SuppressWarnings("requires-automatic")
module io.go4j.bench {
  requires io.go4j;
  requires io.go4j.testkit; // ExplorerBenchmark
  requires jmh.core;
  requires com.softwaremill.jox;
  requires java.desktop; // BenchmarksReport's chart as a PNG (java.awt, ImageIO)

  // JMH instantiates the benchmark and state classes reflectively (generated code is in the
  // io.go4j.bench.jmh_generated package, which only exists after annotation processing)
  opens io.go4j.bench;
}
