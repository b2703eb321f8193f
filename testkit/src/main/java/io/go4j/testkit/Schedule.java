package io.go4j.testkit;

import io.go4j.runtime.spi.Decider;
import io.go4j.testkit.internal.Strategies;
import java.util.List;
import java.util.Objects;

/**
 * How a deterministic run takes its scheduling decisions: which goroutine runs next whenever more
 * than one could, and select's choice among ready cases. A plain, immutable value: the same
 * schedule and the same program give the same interleaving, the same trace and the same result,
 * so a schedule printed by a failing run ({@link #toString}) reproduces it, and any
 * property-testing library can generate schedules.
 *
 * <ul>
 *   <li>{@link #seed}: a random walk, each decision uniform among the alternatives;
 *   <li>{@link #pct}: PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010): goroutines
 *       get random distinct priorities, the highest-priority runnable one always runs, and at
 *       {@code depth - 1} random steps the running goroutine drops below all others. Steps are
 *       counted as {@link Trace#steps()} counts them: go4j operations, where a goroutine may be
 *       switched, not the blocks and ends in between; a change point at step {@code c} makes the
 *       goroutine taking the {@code c}-th step yield to another right there. A bug that
 *       needs {@code d} specific ordering constraints is found by one run with probability at
 *       least {@code 1 / (n * k^(d-1))} for {@code n} goroutines and {@code k} steps;
 *   <li>{@link #choices}: explicit decisions, each an index into the alternatives (0 is the
 *       default: the running goroutine goes on, or the one runnable longest runs; select polls
 *       its cases in order), 0 once the list is used up. What the explorer shrinks to.
 * </ul>
 */
public final class Schedule {
  private enum Kind {
    SEED,
    PCT,
    CHOICES
  }

  /** PCT's default bound on the steps of a run, when not measured by the explorer. */
  static final int DEFAULT_PCT_STEPS = 100;

  private final Kind kind;
  private final long seed;
  private final int depth;
  private final int steps;
  private final List<Integer> choices;

  private Schedule(Kind kind, long seed, int depth, int steps, List<Integer> choices) {
    this.kind = kind;
    this.seed = seed;
    this.depth = depth;
    this.steps = steps;
    this.choices = choices;
  }

  /** A random walk seeded with {@code seed}. */
  public static Schedule seed(long seed) {
    return new Schedule(Kind.SEED, seed, 0, 0, List.of());
  }

  /** PCT with {@code depth} (at least 1) and change points among the first 100 steps. */
  public static Schedule pct(long seed, int depth) {
    return pct(seed, depth, DEFAULT_PCT_STEPS);
  }

  /** PCT with {@code depth} (at least 1) and change points among the first {@code steps}. */
  public static Schedule pct(long seed, int depth, int steps) {
    if (depth < 1) {
      throw new IllegalArgumentException("PCT depth must be at least 1, got " + depth);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("PCT steps must be at least 1, got " + steps);
    }
    return new Schedule(Kind.PCT, seed, depth, steps, List.of());
  }

  /** Explicit decisions (each at least 0; taken modulo the number of alternatives). */
  public static Schedule choices(List<Integer> choices) {
    Objects.requireNonNull(choices, "choices");
    for (int i = 0; i < choices.size(); i++) {
      Integer c = choices.get(i);
      if (c == null || c < 0) {
        throw new IllegalArgumentException(
            "schedule choices must be non-null and at least 0, got " + c + " at index " + i);
      }
    }
    return new Schedule(Kind.CHOICES, 0, 0, 0, List.copyOf(choices));
  }

  /** The same as {@code choices(List.of(choices))}. */
  public static Schedule choices(Integer... choices) {
    return choices(List.of(choices));
  }

  /** The explicit decisions of a {@link #choices} schedule; empty for the others. */
  public List<Integer> decisions() {
    return choices;
  }

  /** A fresh decider following this schedule, for one run. */
  Decider decider() {
    return switch (kind) {
      case SEED -> Decider.randomWalk(seed);
      case PCT -> Strategies.pct(seed, depth, steps);
      case CHOICES -> Strategies.choices(choices);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule s
        && kind == s.kind
        && seed == s.seed
        && depth == s.depth
        && steps == s.steps
        && choices.equals(s.choices);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, seed, depth, steps, choices);
  }

  /** The Java expression that rebuilds it: {@code Schedule.choices(0, 2, 1)}, a replay line. */
  @Override
  public String toString() {
    return switch (kind) {
      case SEED -> "Schedule.seed(" + seed + "L)";
      case PCT ->
          "Schedule.pct("
              + seed
              + "L, "
              + depth
              + (steps == DEFAULT_PCT_STEPS ? "" : ", " + steps)
              + ")";
      case CHOICES ->
          "Schedule.choices("
              + String.join(", ", choices.stream().map(String::valueOf).toList())
              + ")";
    };
  }
}
