package io.go4j.bench;

import io.go4j.runtime.GoRuntime;

/**
 * Where a workload on go4j's channels runs its goroutines: a go4j runtime, or {@link
 * TrivialScheduler}'s plain virtual threads, on which go4j's channels block with {@code
 * LockSupport}. The second is the floor of the first: the same channel code on the least a
 * virtual-thread scheduler can be, so what is left is the JDK's own continuation switch.
 */
interface Spawner {
  /** Starts {@code body} concurrently: {@code go}. */
  void go(Runnable body);

  /** Runs {@code body} as the workload's main goroutine, under the watchdog named {@code what}. */
  <T> T main(String what, Watchdog.Body<T> body) throws Exception;

  static Spawner of(GoRuntime rt) {
    return new Spawner() {
      @Override
      public void go(Runnable body) {
        rt.go(body);
      }

      @Override
      public <T> T main(String what, Watchdog.Body<T> body) throws Exception {
        return Watchdog.go4j(what, rt, body);
      }
    };
  }
}
