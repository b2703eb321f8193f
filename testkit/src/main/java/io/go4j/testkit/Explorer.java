package io.go4j.testkit;

import io.go4j.testkit.internal.Progress;
import io.go4j.testkit.internal.Recorder;
import io.go4j.testkit.internal.Strategies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Property-style schedule exploration: runs a test body under many deterministic schedules and,
 * when one fails, shrinks its decisions to a minimal failing interleaving, reported with its trace
 * and a one-line replay.
 *
 * <p>Tries: the first runs the default schedule (no preemption, FIFO), which also measures how many
 * steps a run takes; then, as {@link Options#strategy} says, random walks, PCT schedules with change
 * points among the measured steps, or both alternately, each seeded from {@link Options#seed}.
 *
 * <p>Shrinking (Implementation notes). A candidate is a list of decisions, replayed with {@link
 * Schedule#choices}; it is kept if it fails the same way as the original failure (same exception
 * class, same class of cause, same first line of message up to numbers: a shrink must not drift
 * to another bug) and is simpler: fewer preemptions, then fewer non-zero decisions (non-default
 * choices), then a shorter list, then a smaller sum. A kept candidate is replaced by the decisions
 * its run actually took (trailing zeros dropped), so the result always replays exactly.
 * Decisions are positional: changing one changes what later ones mean, which local edits cannot
 * follow. So first every schedule with a single non-default decision is tried (each position up
 * to a few past the failing run's, each value up to its largest; most bugs need one preemption),
 * then, if the best still has more than two, every pair (positions and values bounded so the pass
 * stays within a thousand runs). Then local passes, repeated until none helps or the budget of
 * runs ({@link Options#shrinkRuns}) is spent: drop every preemption at once, defer every preemption
 * at once, then each in turn (the goroutine it ran runs instead when the preempted one next blocks
 * or ends: the same order of the program's operations, often without the preemption); cut the
 * tail in halves; delete chunks of 8, 4, 2, 1 decisions; drop each non-default decision; lower
 * each to every smaller value. Edits keep the other decisions by meaning rather than position:
 * cutting and deleting by which goroutine each pick ran ({@code Strategies.byGoroutine}), dropping
 * and deferring by each goroutine's own progress ({@code Strategies.byProgress}: "after goroutine
 * 3's fifth operation, run goroutine 4"), which stays put when other goroutines' decisions change.
 */
public final class Explorer {
  /** How tries after the first pick their schedules. */
  public enum Strategy {
    RANDOM_WALK,
    PCT,
    /** Random walk and PCT alternately. */
    MIXED
  }

  /**
   * Exploration settings, an immutable value.
   *
   * @param tries schedules to run, at least 1
   * @param strategy how they are chosen
   * @param depth PCT's bug depth, at least 1
   * @param seed the seed of the first randomized schedule (the others follow from it)
   * @param timeout real-time limit of each run
   * @param shrinkRuns at most this many runs are spent shrinking a failure (0: no shrinking)
   */
  public record Options(
      int tries, Strategy strategy, int depth, long seed, Duration timeout, int shrinkRuns) {
    public Options {
      if (tries < 1) {
        throw new IllegalArgumentException("tries must be at least 1, got " + tries);
      }
      Objects.requireNonNull(strategy, "strategy");
      if (depth < 1) {
        throw new IllegalArgumentException("PCT depth must be at least 1, got " + depth);
      }
      checkTimeout(timeout);
      if (shrinkRuns < 0) {
        throw new IllegalArgumentException("shrinkRuns must be at least 0, got " + shrinkRuns);
      }
    }

    /** 100 tries, mixed, depth 3, seed 0x9047, 30 s per run, 2,000 shrink runs. */
    public static Options defaults() {
      return new Options(100, Strategy.MIXED, 3, 0x9047L, GoTestKit.DEFAULT_TIMEOUT, 2_000);
    }

    public Options withTries(int n) {
      return new Options(n, strategy, depth, seed, timeout, shrinkRuns);
    }

    public Options withStrategy(Strategy s) {
      return new Options(tries, s, depth, seed, timeout, shrinkRuns);
    }

    public Options withDepth(int d) {
      return new Options(tries, strategy, d, seed, timeout, shrinkRuns);
    }

    public Options withSeed(long s) {
      return new Options(tries, strategy, depth, s, timeout, shrinkRuns);
    }

    public Options withTimeout(Duration t) {
      return new Options(tries, strategy, depth, seed, t, shrinkRuns);
    }

    public Options withShrinkRuns(int n) {
      return new Options(tries, strategy, depth, seed, timeout, n);
    }
  }

  /**
   * An exploration in which every schedule passed.
   *
   * @param tries schedules run
   * @param distinctTraces how many different interleavings they produced
   * @param maxSteps the most steps a run took
   */
  public record Result(int tries, int distinctTraces, int maxSteps) {}

  private Explorer() {}

  static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** {@link #explore(TestBody, Options)} with {@link Options#defaults()}. */
  public static Result explore(TestBody body) {
    return explore(body, Options.defaults());
  }

  /**
   * Runs {@code body} under {@code options.tries()} schedules.
   *
   * @throws ScheduleFailure for the first failing schedule, shrunk: its message has the failure,
   *     the try that found it, the original and the shrunk schedule, and the shrunk run's trace
   */
  public static Result explore(TestBody body, Options options) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(options, "options");
    SplittableRandom seeds = new SplittableRandom(options.seed());
    List<List<String>> traces = new ArrayList<>();
    int steps = 1;
    for (int i = 1; i <= options.tries(); i++) {
      Schedule s = i == 1 ? Schedule.choices(List.of()) : next(options, seeds, i, steps);
      Runs.Outcome o = Runs.deterministic(s, body, options.timeout());
      steps = Math.max(steps, o.recorder().steps());
      if (o.failure() != null) {
        throw shrunk(body, options, s, o, i);
      }
      List<String> events = o.recorder().events();
      if (!traces.contains(events)) {
        traces.add(events);
      }
    }
    return new Result(options.tries(), traces.size(), steps);
  }

  private static Schedule next(Options o, SplittableRandom seeds, int i, int steps) {
    long seed = seeds.nextLong();
    boolean pct =
        switch (o.strategy()) {
          case RANDOM_WALK -> false;
          case PCT -> true;
          case MIXED -> i % 2 == 1;
        };
    return pct ? Schedule.pct(seed, o.depth(), steps) : Schedule.seed(seed);
  }

  private static ScheduleFailure shrunk(
      TestBody body, Options options, Schedule found, Runs.Outcome failing, int tries) {
    Shrinker s = new Shrinker(body, options, failing);
    Runs.Outcome best = s.shrink();
    Trace trace = best.trace();
    Trace original = failing.trace();
    String message =
        "schedule exploration failed on try "
            + tries
            + " ("
            + found
            + "): "
            + best.failure()
            + "\nshrunk in "
            + s.runs
            + " runs from "
            + original.decisions().size()
            + " decisions and "
            + original.preemptions()
            + " preemptions to "
            + trace.decisions().size()
            + " and "
            + trace.preemptions()
            + "\nreplay: "
            + trace.replay()
            + "\ntrace:\n"
            + trace.format();
    return new ScheduleFailure(message, trace.replay(), trace, tries, best.failure());
  }

  /** Shrinks a failing run's decisions; see the class comment. */
  private static final class Shrinker {
    private final TestBody body;
    private final Options options;
    private final String failure;
    private Runs.Outcome best;
    private List<Integer> decisions;
    private List<Long> byGoroutine;
    int runs;

    Shrinker(TestBody body, Options options, Runs.Outcome failing) {
      this.body = body;
      this.options = options;
      this.failure = signature(failing.failure());
      this.best = failing;
      this.decisions = failing.recorder().decisions();
      this.byGoroutine = failing.recorder().byGoroutine();
    }

    Runs.Outcome shrink() {
      singleDecision();
      decisionPairs();
      boolean progress = true;
      while (progress && runs < options.shrinkRuns()) {
        boolean any = noPreemption();
        any = cutTail() || any; // every pass runs, whatever the ones before found
        any = deleteChunks() || any;
        any = dropEach() || any;
        progress = lowerEach() || any;
      }
      return best;
    }

    /** Every schedule with one non-default decision; keeps the simplest that fails. */
    private void singleDecision() {
      if (nonZero(decisions) <= 1) {
        return;
      }
      int max = decisions.stream().mapToInt(Integer::intValue).max().orElse(1);
      int positions = decisions.size() + 4;
      for (int at = 0; at < positions; at++) {
        for (int v = 1; v <= max; v++) {
          List<Integer> c = new ArrayList<>(Collections.nCopies(at, 0));
          c.add(v);
          tryCandidate(c);
        }
      }
    }

    /** Every schedule with two non-default decisions, bounded to about a thousand runs. */
    private void decisionPairs() {
      if (nonZero(decisions) <= 2) {
        return;
      }
      int max = Math.min(3, decisions.stream().mapToInt(Integer::intValue).max().orElse(1));
      int positions = Math.min(decisions.size() + 2, (int) Math.sqrt(2_000.0 / (max * max)));
      for (int i = 0; i < positions; i++) {
        for (int j = i + 1; j < positions; j++) {
          for (int vi = 1; vi <= max; vi++) {
            for (int vj = 1; vj <= max; vj++) {
              List<Integer> c = new ArrayList<>(Collections.nCopies(j + 1, 0));
              c.set(i, vi);
              c.set(j, vj);
              tryCandidate(c);
            }
          }
        }
      }
    }

    private static long nonZero(List<Integer> l) {
      return l.stream().filter(x -> x != 0).count();
    }

    /** What makes two failures the same bug: classes, and the message's first line sans numbers. */
    private static String signature(Throwable t) {
      String message = String.valueOf(t.getMessage());
      int nl = message.indexOf('\n');
      String first = (nl < 0 ? message : message.substring(0, nl)).replaceAll("[0-9]+", "#");
      Throwable cause = t.getCause();
      return t.getClass().getName()
          + (cause == null ? "" : "/" + cause.getClass().getName())
          + ": "
          + first;
    }

    /**
     * Every preemption dropped at once, the other decisions (which goroutine runs after one
     * blocks, select's choices) kept by progress: a bug that needs no preemption at all is often
     * found by a run that preempted on its way to the same orderings. Then every preemption
     * deferred at once, then each in turn: the goroutine it ran runs instead when the preempted
     * one next blocks or ends.
     */
    private boolean noPreemption() {
      Recorder r = best.recorder();
      if (r.preempting().isEmpty()) {
        return false;
      }
      if (tryProgress(r.byProgress(false), Set.of())) {
        return true;
      }
      Set<Progress.Point> all = r.preemptionPoints();
      if (tryProgress(r.byProgress(true), all)) {
        return true;
      }
      boolean any = false;
      for (Progress.Point p : all) {
        any |= best.recorder().preemptionPoints().contains(p)
            && tryProgress(best.recorder().byProgress(true), Set.of(p));
      }
      return any;
    }

    /** Each non-default decision dropped in turn, the others kept by progress. */
    private boolean dropEach() {
      boolean any = false;
      for (Progress.Point p : List.copyOf(best.recorder().byProgress(true).keySet())) {
        Map<Progress.Point, Long> c = new LinkedHashMap<>(best.recorder().byProgress(true));
        if (c.remove(p) != null) {
          any |= tryProgress(c, Set.of());
        }
      }
      return any;
    }

    private boolean cutTail() {
      boolean any = false;
      for (int chunk = byGoroutine.size() / 2; chunk >= 1; chunk /= 2) {
        while (byGoroutine.size() >= chunk
            && tryMeaning(byGoroutine.subList(0, byGoroutine.size() - chunk))) {
          any = true;
        }
      }
      return any;
    }

    private boolean deleteChunks() {
      boolean any = false;
      for (int chunk = 8; chunk >= 1; chunk /= 2) {
        for (int at = 0; at + chunk <= byGoroutine.size(); ) {
          List<Long> c = new ArrayList<>(byGoroutine.subList(0, at));
          c.addAll(byGoroutine.subList(at + chunk, byGoroutine.size()));
          if (tryMeaning(c)) {
            any = true;
          } else {
            at++;
          }
        }
      }
      return any;
    }

    private boolean lowerEach() {
      boolean any = false;
      for (int i = 0; i < decisions.size(); i++) {
        for (int v = 1; i < decisions.size() && v < decisions.get(i); v++) {
          List<Integer> c = new ArrayList<>(decisions);
          c.set(i, v);
          if (tryCandidate(c)) {
            any = true;
            break;
          }
        }
      }
      return any;
    }

    /** Replays decisions given as indices. */
    private boolean tryCandidate(List<Integer> candidate) {
      return runs < options.shrinkRuns()
          && keep(Runs.deterministic(Schedule.choices(List.copyOf(candidate)), body, options.timeout()));
    }

    /** Replays decisions given by meaning. */
    private boolean tryMeaning(List<Long> candidate) {
      List<Long> copy = List.copyOf(candidate);
      return runs < options.shrinkRuns()
          && keep(Runs.deterministic(() -> Strategies.byGoroutine(copy), body, options.timeout()));
    }

    /** Replays decisions given by progress. */
    private boolean tryProgress(Map<Progress.Point, Long> candidate, Set<Progress.Point> deferred) {
      Map<Progress.Point, Long> copy = Map.copyOf(candidate);
      Set<Progress.Point> deferredCopy = Set.copyOf(deferred);
      return runs < options.shrinkRuns()
          && keep(
              Runs.deterministic(
                  () -> Strategies.byProgress(copy, deferredCopy), body, options.timeout()));
    }

    /** Keeps the run {@code o} if it failed the same way and is simpler. */
    private boolean keep(Runs.Outcome o) {
      runs++;
      if (o.failure() == null || !signature(o.failure()).equals(failure)) {
        return false;
      }
      List<Integer> taken = o.recorder().decisions();
      int preemptions = o.recorder().preemptions();
      int bestPreemptions = best.recorder().preemptions();
      if (preemptions > bestPreemptions
          || (preemptions == bestPreemptions && !simpler(taken, decisions))) {
        return false;
      }
      best = o;
      decisions = taken;
      byGoroutine = o.recorder().byGoroutine();
      return true;
    }

    private static boolean simpler(List<Integer> a, List<Integer> b) {
      long nzA = nonZero(a);
      long nzB = nonZero(b);
      if (nzA != nzB) {
        return nzA < nzB;
      }
      if (a.size() != b.size()) {
        return a.size() < b.size();
      }
      return sum(a) < sum(b);
    }

    private static long sum(List<Integer> l) {
      long s = 0;
      for (int x : l) {
        s += x;
      }
      return s;
    }
  }
}
