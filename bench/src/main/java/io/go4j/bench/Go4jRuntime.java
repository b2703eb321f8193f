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

  /** The same with GOMAXPROCS=1: everything on one carrier. */
  @State(Scope.Benchmark)
  public static class OneP extends Go4jRuntime {
    @Override
    int procs() {
      return 1;
    }
  }

  int procs() {
    return BenchFlags.PROCS;
  }

  @Setup(Level.Trial)
  public void start() {
    rt = GoRuntime.builder().name("bench").maxProcs(procs()).build();
  }

  @TearDown(Level.Trial)
  public void stop() {
    rt.close();
  }
}
