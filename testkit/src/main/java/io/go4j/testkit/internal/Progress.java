package io.go4j.testkit.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a run is, measured by each goroutine's own progress: the goroutine of the latest trace
 * event and how many events it has performed. A decision taken there is named by a {@link Point},
 * which, unlike its position in the run's list of decisions, keeps its meaning when another
 * goroutine's decisions change: goroutine 3's fifth event is still its fifth event.
 */
public final class Progress {
  /** The start of a panic's event. */
  static final String PANICS = "panics: ";

  /**
   * The decision after {@code goroutine}'s {@code events}-th event: a pick of the next goroutine,
   * or (with {@code choice}) a data decision such as select's.
   */
  public record Point(long goroutine, int events, boolean choice) {}

  private final Map<Long, Integer> events = new HashMap<>();
  private long last;

  /** Goroutine {@code goroutine} performed an event. */
  void event(long goroutine) {
    events.merge(goroutine, 1, Integer::sum);
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
    return new Point(last, events.getOrDefault(last, 0), choice);
  }
}
