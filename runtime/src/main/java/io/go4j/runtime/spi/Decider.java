package io.go4j.runtime.spi;

import java.util.SplittableRandom;

/**
 * Takes every scheduling decision of a deterministic runtime (built with {@link
 * io.go4j.runtime.GoRuntime.Builder#deterministic}): one carrier, so goroutines run one at a time,
 * and whenever more than one could run next, the decider says which. The testkit's schedules
 * (random walk, PCT, explicit choices) implement it. Calls come from one thread at a time, each
 * happening-before the next, so an implementation needs no synchronization; a call must not call
 * back into the runtime. An answer out of range is taken modulo the number of alternatives (the
 * scheduler's carrier must not fail).
 */
public interface Decider {
  /**
   * Which of {@code candidates} (at least two) runs next. Candidate 0 is the default, the choice
   * that changes nothing: the goroutine that was running if it can go on (a preemption point),
   * else the one runnable longest; the others follow in the order they became runnable. Returns an
   * index into {@code candidates}.
   */
  int pick(Candidates candidates);

  /** A data decision among {@code n >= 2} alternatives (select's random choice). 0 is the default. */
  int random(int n);

  /** Goroutine {@code goroutine} performs {@code op} (a trace event; no decision). */
  void event(long goroutine, String op);

  /** A random walk from {@code seed}: every decision uniform among its alternatives. */
  static Decider randomWalk(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return new Decider() {
      @Override
      public int pick(Candidates candidates) {
        return rnd.nextInt(candidates.size());
      }

      @Override
      public int random(int n) {
        return rnd.nextInt(n);
      }

      @Override
      public void event(long goroutine, String op) {}
    };
  }

  /**
   * The goroutines a {@link #pick} chooses among: a view of the run queue, valid only during that
   * call, so that a decision costs what the decider reads (a random walk reads one id), not the
   * queue's length.
   */
  interface Candidates {
    /** How many there are (at least two). */
    int size();

    /** The id of candidate {@code i}, {@code 0 <= i < size()}. */
    long id(int i);
  }
}
