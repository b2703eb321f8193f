package io.go4j.testkit.internal;

import io.go4j.runtime.spi.Decider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The deciders behind {@code Schedule} besides the random walk ({@link Decider#randomWalk}): PCT
 * and explicit choices.
 */
public final class Strategies {
  private Strategies() {}

  /** Decision {@code i} is {@code choices[i]}, 0 after the list. */
  public static Decider choices(List<Integer> choices) {
    return new Decider() {
      private int next;

      private int take() {
        int i = next++;
        return i < choices.size() ? choices.get(i) : 0;
      }

      @Override
      public int pick(Candidates candidates) {
        return take();
      }

      @Override
      public int random(int n) {
        return take();
      }

      @Override
      public void event(long goroutine, String op) {}
    };
  }

  /**
   * Decisions by meaning, for shrinking: entry {@code i} of a pick is the id of the goroutine to
   * run (0, or one not runnable then: the default), of a select's choice its index. Unlike indices,
   * such a list keeps its meaning when an earlier decision changes which goroutines are runnable.
   */
  public static Decider byGoroutine(List<Long> entries) {
    return new Decider() {
      private int next;

      private long take() {
        int i = next++;
        return i < entries.size() ? entries.get(i) : 0;
      }

      @Override
      public int pick(Candidates candidates) {
        return Math.max(0, indexOf(candidates, take()));
      }

      @Override
      public int random(int n) {
        return (int) Math.floorMod(take(), (long) n);
      }

      @Override
      public void event(long goroutine, String op) {}
    };
  }

  /**
   * Decisions by progress, for shrinking: the goroutine to run (a pick) or the alternative (a
   * choice) at each {@link Progress.Point} in {@code entries}, the default everywhere else (and
   * where the goroutine named is not runnable). Editing one entry leaves the others' meaning alone
   * as long as their goroutines get as far. A point asked again (no step or block in between) gets
   * the default, as the recorder keeps only a point's first decision. An entry whose point is in
   * {@code deferred} (a preemption) is not taken there: its goroutine runs at the next pick that
   * follows a goroutine blocking or ending and has no entry of its own, the same switch without
   * preempting anyone.
   */
  public static Decider byProgress(
      Map<Progress.Point, Long> entries, Set<Progress.Point> deferred) {
    Progress progress = new Progress();
    Set<Progress.Point> asked = new HashSet<>();
    List<Long> pending = new ArrayList<>();
    return new Decider() {
      private boolean lastWasFinal;

      @Override
      public int pick(Candidates candidates) {
        Progress.Point p = progress.point(false);
        Long id = asked.add(p) ? entries.get(p) : null;
        if (id != null && deferred.contains(p)) {
          pending.add(id);
          id = null;
        }
        if (id == null && lastWasFinal) {
          for (int i = 0; id == null && i < pending.size(); i++) {
            if (indexOf(candidates, pending.get(i)) > 0) {
              id = pending.remove(i);
            }
          }
        }
        return id == null ? 0 : Math.max(0, indexOf(candidates, id));
      }

      @Override
      public int random(int n) {
        Progress.Point p = progress.point(true);
        Long k = asked.add(p) ? entries.get(p) : null;
        return k == null ? 0 : (int) Math.floorMod(k, (long) n);
      }

      @Override
      public void event(long goroutine, String op) {
        progress.event(goroutine, op);
        lastWasFinal = Progress.isFinal(op);
      }
    };
  }

  /** The index of goroutine {@code id} among {@code candidates}, -1 if it is not one. */
  private static int indexOf(Decider.Candidates candidates, long id) {
    for (int k = 0; k < candidates.size(); k++) {
      if (candidates.id(k) == id) {
        return k;
      }
    }
    return -1;
  }

  /**
   * PCT (Burckhardt et al., ASPLOS 2010) with {@code depth - 1} change points drawn uniformly among
   * steps {@code 1..steps} from {@code seed}, then {@link #pct(SplittableRandom, List)} with what
   * is left of the same generator. {@code steps} is a run's length as {@link Recorder#steps()}
   * measures it, the unit the change points are counted in.
   */
  public static Decider pct(long seed, int depth, int steps) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Integer> changeAt = new ArrayList<>();
    for (int j = 0; j < depth - 1; j++) {
      changeAt.add(1 + rnd.nextInt(steps));
    }
    return pct(rnd, changeAt);
  }

  /**
   * PCT with the given change points ({@code depth - 1} of them, each at least 1). Implementation
   * notes: a goroutine gets its initial priority when first seen, {@code depth + u} for a uniform
   * {@code u} in [0, 1) from {@code rnd}: distinct with probability 1, so a random permutation of
   * priorities above every change value, without knowing how many goroutines will come. Change
   * points are counted in steps ({@link Progress#isStep}: the go4j operations, where a schedule
   * may switch goroutines), the unit {@link Recorder#steps()} measures a run in; blocks, ends and
   * panics are events but not steps. At the {@code j}-th change point the goroutine about to take
   * that step drops to priority {@code depth - 1 - j}, below every initial priority and every
   * earlier change, so the pick that follows the step runs another goroutine if one is runnable.
   * Each pick runs the highest-priority candidate; select's choices are uniform, from {@code rnd}.
   */
  public static Decider pct(SplittableRandom rnd, List<Integer> changeAt) {
    int depth = changeAt.size() + 1;
    int[] at = new int[changeAt.size()];
    for (int j = 0; j < at.length; j++) {
      at[j] = changeAt.get(j);
      if (at[j] < 1) {
        throw new IllegalArgumentException(
            "PCT change points are steps, at least 1, got " + at[j] + " at index " + j);
      }
    }
    Map<Long, Double> priority = new HashMap<>();
    return new Decider() {
      private int step;

      private double priorityOf(long g) {
        return priority.computeIfAbsent(g, k -> depth + rnd.nextDouble());
      }

      @Override
      public int pick(Candidates candidates) {
        int best = 0;
        double top = priorityOf(candidates.id(0));
        for (int i = 1; i < candidates.size(); i++) {
          double p = priorityOf(candidates.id(i));
          if (p > top) {
            best = i;
            top = p;
          }
        }
        return best;
      }

      @Override
      public int random(int n) {
        return rnd.nextInt(n);
      }

      @Override
      public void event(long goroutine, String op) {
        priorityOf(goroutine);
        if (!Progress.isStep(op)) {
          return;
        }
        step++;
        for (int j = 0; j < at.length; j++) {
          if (at[j] == step) {
            priority.put(goroutine, (double) (depth - 1 - j));
          }
        }
      }
    };
  }
}
