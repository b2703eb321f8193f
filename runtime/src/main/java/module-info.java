/**
 * go4j's runtime: goroutines as virtual threads on a GMP scheduler (Ps with local run
 * queues and work stealing, Ms as carrier threads), sysmon, timers, dumps.
 */
module io.go4j.runtime {
  requires static com.google.errorprone.annotations;
  requires org.jctools.core.jdk11;
  requires java.management;

  exports io.go4j.runtime;
  // park/ready and the current goroutine, for the modules that block goroutines
  exports io.go4j.runtime.spi to
      io.go4j.channels,
      io.go4j.select,
      io.go4j,
      io.go4j.testkit,
      io.go4j.bench;
}
