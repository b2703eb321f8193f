package io.go4j.bench;

import static io.go4j.Go.checkpoint;

import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.testkit.Explorer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The testkit's schedule exploration end to end (bench/run.sh --testkit): one {@link
 * Explorer#explore} of {@value #TRIES} schedules (its default strategy, random walks and PCT
 * alternately) over a tiny passing program; score in ms per exploration, which the report turns
 * into schedules per second. Every try builds a fresh deterministic runtime (a carrier, a timer
 * thread), runs the program as its main goroutine under a recording decider and closes it, so
 * this is what a {@code @ExploreSchedules} test costs per schedule beyond its own work, the number
 * that says how many tries a test suite can afford.
 *
 * <p>The program: two goroutines ({@code WaitGroup.go}) each lock a {@code Mutex}, read a
 * counter, pass a {@code checkpoint} (a preemption point), write it back incremented and unlock;
 * the main goroutine waits for both and checks the counter is 2. It passes under every schedule;
 * the exploration must report all {@value #TRIES} tries and more than one distinct interleaving.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Timeout(time = Workloads.JMH_TIMEOUT_SECONDS)
@Fork(
    value = Workloads.FORKS,
    jvmArgsAppend = {BenchFlags.ADD_OPENS, BenchFlags.NO_TRACK})
public class ExplorerBenchmark {
  static final int TRIES = 1_000;

  /** The program explored: a mutex-protected counter incremented by two goroutines. */
  static void lockedCounter() {
    Mutex mu = new Mutex();
    int[] counter = {0};
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < 2; i++) {
      wg.go(
          () -> {
            mu.lock();
            try {
              int v = counter[0];
              checkpoint();
              counter[0] = v + 1;
            } finally {
              mu.unlock();
            }
          });
    }
    wg.await();
    if (counter[0] != 2) {
      throw new AssertionError("counter is " + counter[0] + ", expected 2");
    }
  }

  @Benchmark
  public Explorer.Result explore() {
    Explorer.Result r =
        Explorer.explore(
            ExplorerBenchmark::lockedCounter, Explorer.Options.defaults().withTries(TRIES));
    Workloads.check("tries", TRIES, r.tries());
    if (r.distinctTraces() < 2) {
      throw new IllegalStateException("only " + r.distinctTraces() + " distinct interleaving(s)");
    }
    return r;
  }
}
