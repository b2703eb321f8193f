package io.go4j.bench;

import io.go4j.runtime.GoRuntime;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** JMH state: a go4j runtime with GOMAXPROCS={@value BenchFlags#PROCS} per fork. */
@State(Scope.Benchmark)
public class Go4jRuntime {
  GoRuntime rt;

  @Setup(Level.Trial)
  public void start() {
    rt = GoRuntime.builder().name("bench").maxProcs(BenchFlags.PROCS).build();
  }

  @TearDown(Level.Trial)
  public void stop() {
    rt.close();
  }
}
