package io.go4j.testkit.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a run is, measured by each goroutine's own progress: the goroutine of the latest trace
 * event, how many steps ({@link #isStep}) it has taken, and whether that event ended its turn. A
 * decision taken there is named by a {@link Point}, which, unlike its position in the run's list of
 * decisions, keeps its meaning when another goroutine's decisions change: goroutine 3's fifth step
 * is still its fifth step.
 *
 * <p>Implementation notes. Points count steps, not events: whether an operation blocks depends on
 * the others (a send blocks unless its receiver is already waiting), so when an edit of the
 * schedule makes one of a goroutine's operations block, or no longer block, its later points stay
 * where they were. The pick after a step (which may preempt the goroutine) and the picks after
 * that operation blocked (a wait may block again after a wake-up that did not satisfy it) share
 * the step count; how many times the goroutine blocked since that step tells them apart.
 */
public final class Progress {
  /** The start of a panic's event. */
  static final String PANICS = "panics: ";

  /**
   * The decision after {@code goroutine}'s {@code steps}-th step and its {@code blocks}-th block
   * (or end) since: a pick of the next goroutine, or (with {@code choice}) a data decision such as
   * select's.
   */
  public record Point(long goroutine, int steps, int blocks, boolean choice) {}

  /** One goroutine's progress: steps taken, blocks since the last one. */
  private static final class Count {
    int steps;
    int blocks;
  }

  private final Map<Long, Count> counts = new HashMap<>();
  private long last;

  /** Goroutine {@code goroutine} performed {@code op}, a trace event. */
  void event(long goroutine, String op) {
    Count c = counts.computeIfAbsent(goroutine, g -> new Count());
    if (isStep(op)) {
      c.steps++;
      c.blocks = 0;
    } else if (isFinal(op)) {
      c.blocks++;
    }
    last = goroutine;
  }

  /** Whether {@code op} ends its goroutine's turn: it blocked or ended. */
  static boolean isFinal(String op) {
    return op.startsWith("blocks: ") || op.equals("exits");
  }

  /**
   * Whether {@code op} is a step: a go4j operation about to run, where the schedule may switch to
   * another goroutine; not a block, an end or a panic. The one unit a run's length is counted in:
   * {@link Recorder#steps()}, which the explorer measures, and PCT's change points ({@link
   * Strategies#pct}).
   */
  static boolean isStep(String op) {
    return !isFinal(op) && !op.startsWith(PANICS);
  }

  /** Where the next decision is taken. */
  Point point(boolean choice) {
    Count c = counts.get(last);
    return c == null ? new Point(last, 0, 0, choice) : new Point(last, c.steps, c.blocks, choice);
  }
}
