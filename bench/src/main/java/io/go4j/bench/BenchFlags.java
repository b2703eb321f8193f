package io.go4j.bench;

/**
 * JVM flags and sizes shared by the benchmarks. {@link #ADD_OPENS} and {@link #NO_TRACK} are the
 * root pom's {@code go4j.jvmFlags}; every forked JVM gets them, the JDK's as well as go4j's, so that
 * both run on the same JVM configuration.
 */
final class BenchFlags {
  private BenchFlags() {}

  /** go4j builds virtual threads with its own scheduler: needs java.lang opened. */
  static final String ADD_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

  /** Don't register every virtual thread in the JDK's global thread container. */
  static final String NO_TRACK = "-Djdk.trackAllThreads=false";

  /** The JDK's continuations, for the raw switch floor ({@link PingPongBenchmark#rawContinuations}). */
  static final String ADD_EXPORTS_VM = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

  /** GOMAXPROCS of every throughput benchmark, and the JDK scheduler's parallelism. */
  static final int PROCS = 2;

  /** The JDK default scheduler sized like go4j's and Go's GOMAXPROCS=2. */
  static final String JDK_PARALLELISM = "-Djdk.virtualThreadScheduler.parallelism=2";

  /** Goroutines spawned, and round trips made, per benchmark invocation. */
  static final int N = 1_000_000;
}
