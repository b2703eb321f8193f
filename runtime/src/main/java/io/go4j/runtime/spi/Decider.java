package io.go4j.runtime.spi;

/**
 * Takes every scheduling decision of a deterministic runtime (built with {@link
 * io.go4j.runtime.GoRuntime.Builder#deterministic}): one carrier, so goroutines run one at a time,
 * and whenever more than one could run next, the decider says which. The testkit's schedules
 * (random walk, PCT, explicit choices) implement it. Calls come from one thread at a time, each
 * happening-before the next, so an implementation needs no synchronization. An answer out of range
 * is taken modulo the number of alternatives (the scheduler's carrier must not fail).
 */
public interface Decider {
  /**
   * Which of {@code candidates} (goroutine ids, at least two) runs next. {@code candidates[0]} is
   * the default, the choice that changes nothing: the goroutine that was running if it can go on
   * (a preemption point), else the one runnable longest; the others follow in the order they
   * became runnable. Returns an index into {@code candidates}.
   */
  int pick(long[] candidates);

  /** A data decision among {@code n >= 2} alternatives (select's random choice). 0 is the default. */
  int random(int n);

  /** Goroutine {@code goroutine} performs {@code op} (a trace event; no decision). */
  void event(long goroutine, String op);
}
