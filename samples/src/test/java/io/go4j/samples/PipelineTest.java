package io.go4j.samples;

import static io.go4j.Go.chan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.CancelContext;
import io.go4j.Context;
import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.GoroutineInfo;
import io.go4j.runtime.RuntimeStats;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code pipeline} sample: every value squared once, and no goroutine of the pipeline left
 * once {@code done} is closed or the context cancelled. Goroutines are counted on a runtime each
 * test builds, and waited for by their state, never for a time.
 */
class PipelineTest {
  private static final int[] ONE_TO_TEN = IntStream.rangeClosed(1, 10).toArray();
  private static final Set<Integer> SQUARES =
      Set.copyOf(IntStream.rangeClosed(1, 10).map(n -> n * n).boxed().toList());

  /** Where a goroutine of the pipeline can wait: on a select, its input, or the WaitGroup. */
  private static final Set<String> STAGE_WAITS =
      Set.of("select", "chan receive", "sync.WaitGroup.Wait");

  @Test
  void printsTheFirstSquareWithEachVersion() {
    List<String> lines = Output.of(new Pipeline()::run).lines().toList();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("with a done channel: (4|9)"), lines.get(0));
    assertTrue(lines.get(1).matches("with a context: (4|9)"), lines.get(1));
  }

  @Test
  void everyValueComesOutSquaredOnce() {
    int[] nums = IntStream.rangeClosed(1, 200).toArray();
    List<Integer> expected = IntStream.of(nums).map(n -> n * n).boxed().toList();

    List<Integer> withDone =
        InRuntime.main(
            () -> {
              Chan<Void> done = chan();
              try {
                RecvChan<Integer> in = Pipeline.gen(done, nums);
                return drain(Pipeline.merge(done, Pipeline.sq(done, in), Pipeline.sq(done, in)));
              } finally {
                done.close();
              }
            });
    List<Integer> withContext =
        InRuntime.main(
            () -> {
              try (CancelContext ctx = Context.background().withCancel()) {
                RecvChan<Integer> in = Pipeline.gen(ctx, nums);
                return drain(Pipeline.merge(ctx, Pipeline.sq(ctx, in), Pipeline.sq(ctx, in)));
              }
            });

    assertEquals(expected, withDone.stream().sorted().toList());
    assertEquals(expected, withContext.stream().sorted().toList());
  }

  @Test
  void mainLeavesNoGoroutineBehind() {
    PrintStream devNull = new PrintStream(OutputStream.nullOutputStream());
    try (GoRuntime rt = newRuntime()) {
      rt.main(() -> Pipeline.mainWithDone(devNull));
      InRuntime.awaitState(rt, "no goroutine left after close(done)", () -> rt.numGoroutine() == 0);
      rt.main(() -> Pipeline.mainWithContext(devNull));
      InRuntime.awaitState(rt, "no goroutine left after cancel()", () -> rt.numGoroutine() == 0);
    }
  }

  @Test
  void closingDoneEndsTheStagesLeftBlockedByAConsumerThatStoppedEarly() {
    try (GoRuntime rt = newRuntime()) {
      Chan<Void> done = chan();
      int first =
          InRuntime.main(
              rt,
              r -> {
                RecvChan<Integer> in = Pipeline.gen(done, ONE_TO_TEN);
                RecvChan<Integer> c1 = Pipeline.sq(done, in);
                RecvChan<Integer> c2 = Pipeline.sq(done, in);
                return Pipeline.merge(done, c1, c2).recv(); // and return without close(done)
              });
      assertTrue(SQUARES.contains(first), "first: " + first);

      // the blog's leak: nine values are stuck in the stages, which wait forever
      List<GoroutineInfo> stuck = allBlocked(rt);
      assertTrue(stuck.size() >= 2, rt.dump()); // the closer, and a stage holding a value
      for (GoroutineInfo g : stuck) {
        assertTrue(g.createdBy().startsWith("io.go4j.samples.Pipeline."), rt.dump());
        assertTrue(STAGE_WAITS.contains(g.waitReason()), rt.dump());
      }
      assertEquals(
          1, stuck.stream().filter(g -> g.waitReason().equals("sync.WaitGroup.Wait")).count());

      done.close(); // what the deferred close(done) does
      InRuntime.awaitState(rt, "no goroutine left after close(done)", () -> rt.numGoroutine() == 0);
    }
  }

  @Test
  void cancellingTheContextEndsTheStagesLeftBlockedByAConsumerThatStoppedEarly() {
    try (GoRuntime rt = newRuntime()) {
      CancelContext ctx = Context.background().withCancel();
      int first =
          InRuntime.main(
              rt,
              r -> {
                RecvChan<Integer> in = Pipeline.gen(ctx, ONE_TO_TEN);
                RecvChan<Integer> c1 = Pipeline.sq(ctx, in);
                RecvChan<Integer> c2 = Pipeline.sq(ctx, in);
                return Pipeline.merge(ctx, c1, c2).recv();
              });
      assertTrue(SQUARES.contains(first), "first: " + first);

      List<GoroutineInfo> stuck = allBlocked(rt);
      assertTrue(stuck.size() >= 2, rt.dump());
      for (GoroutineInfo g : stuck) {
        assertTrue(STAGE_WAITS.contains(g.waitReason()), rt.dump());
      }

      ctx.cancel(); // what the deferred cancel() does
      InRuntime.awaitState(rt, "no goroutine left after cancel()", () -> rt.numGoroutine() == 0);
    }
  }

  private static GoRuntime newRuntime() {
    return GoRuntime.builder().name("pipeline-test").maxProcs(2).build();
  }

  /**
   * The goroutines of {@code rt} once every one is blocked, when none can wake another: waits for
   * that on the scheduler's counters (every P idle, every run queue empty), which are cheap to
   * read, and takes the snapshot (every goroutine's stack) once, in the quiet state.
   */
  private static List<GoroutineInfo> allBlocked(GoRuntime rt) {
    InRuntime.awaitState(rt, "every goroutine blocked", () -> quiet(rt.stats()));
    return rt.goroutines();
  }

  private static boolean quiet(RuntimeStats s) {
    return s.idleProcs() == s.procs()
        && s.spinningThreads() == 0
        && s.globalRunQueue() == 0
        && s.localRunQueues().stream().allMatch(n -> n == 0);
  }

  private static List<Integer> drain(RecvChan<Integer> out) {
    List<Integer> all = new ArrayList<>();
    for (int n : out) {
      all.add(n);
    }
    return all;
  }
}
