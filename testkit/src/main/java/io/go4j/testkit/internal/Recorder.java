package io.go4j.testkit.internal;

import io.go4j.runtime.spi.Decider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wraps a schedule's decider for one run: records each decision as taken (modulo the alternatives,
 * as the runtime applies it), the trace events, the preemptions and the steps.
 *
 * <p>Implementation notes. A pick right after a non-final event of candidate 0 is a
 * step's decision (the goroutine could go on): a non-zero answer preempts it. Picks after a
 * goroutine blocked or ended, or yielded, choose among the runnable ones only. The record stops
 * ({@link #freeze}) at a failure: the test body's exception or a goroutine's panic, points fixed
 * by the schedule; what the carrier still runs while the runtime closes is not recorded, so a
 * failing run's trace is as reproducible as a passing one's. It also stops when the run is over
 * (the runner freezes it once the runtime is closed): a run that outlived its time limit may
 * still have a goroutine running, up to its next step, and nothing it does then is recorded. The
 * runtime calls in one at a time, but readers (the explorer, the trace) may come while such a
 * goroutine still calls in, so every method holds the monitor and every read returns a copy: a
 * list read never changes afterwards, and a frozen record never changes at all.
 */
public final class Recorder implements Decider {
  private final Decider schedule;
  private final List<Integer> decisions = new ArrayList<>();
  private final List<Long> byGoroutine = new ArrayList<>();
  private final List<Integer> preempting = new ArrayList<>();
  private final List<Progress.Point> points = new ArrayList<>();
  private final Progress progress = new Progress();
  private final List<String> events = new ArrayList<>();
  private int preemptions;
  private int steps;
  private long lastGoroutine;
  private boolean lastWasFinal = true;
  private boolean frozen;

  public Recorder(Decider schedule) {
    this.schedule = schedule;
  }

  @Override
  public synchronized int pick(Candidates candidates) {
    int k = Math.floorMod(schedule.pick(candidates), candidates.size());
    if (frozen) {
      return k;
    }
    decisions.add(k);
    byGoroutine.add(k == 0 ? 0 : candidates.id(k));
    points.add(progress.point(false));
    boolean step = !lastWasFinal && candidates.id(0) == lastGoroutine;
    if (step && k != 0) {
      preemptions++;
      preempting.add(decisions.size() - 1);
      events.add("  g" + candidates.id(0) + " preempted: g" + candidates.id(k) + " runs");
    }
    lastWasFinal = true; // whatever runs next, its next pick is not this step's
    return k;
  }

  @Override
  public synchronized int random(int n) {
    int k = Math.floorMod(schedule.random(n), n);
    if (!frozen) {
      decisions.add(k);
      byGoroutine.add((long) k);
      points.add(progress.point(true));
    }
    return k;
  }

  @Override
  public synchronized void event(long goroutine, String op) {
    schedule.event(goroutine, op);
    progress.event(goroutine, op);
    if (frozen) {
      return;
    }
    events.add("g" + goroutine + " " + op);
    if (op.startsWith(Progress.PANICS)) {
      frozen = true; // the run fails here
      return;
    }
    lastGoroutine = goroutine;
    lastWasFinal = Progress.isFinal(op);
    if (Progress.isStep(op)) {
      steps++;
    }
  }

  /**
   * Ends the record: the run failed here (called by the failing goroutine), or it is over (called
   * by the runner once the runtime is closed). Later calls still reach the schedule.
   */
  public synchronized void freeze() {
    frozen = true;
  }

  /** The decisions, trailing zeros dropped (they are the default). */
  public synchronized List<Integer> decisions() {
    int n = decisions.size();
    while (n > 0 && decisions.get(n - 1) == 0) {
      n--;
    }
    return List.copyOf(decisions.subList(0, n));
  }

  /**
   * The decisions by meaning ({@link Strategies#byGoroutine}): the goroutine each pick ran (0 for
   * the default), select's choices as indices; trailing zeros dropped.
   */
  public synchronized List<Long> byGoroutine() {
    int n = byGoroutine.size();
    while (n > 0 && byGoroutine.get(n - 1) == 0) {
      n--;
    }
    return List.copyOf(byGoroutine.subList(0, n));
  }

  /**
   * The non-default decisions by progress ({@link Strategies#byProgress}), in the order taken;
   * without the preemptions if {@code preemptions} is false.
   */
  public synchronized Map<Progress.Point, Long> byProgress(boolean preemptions) {
    Set<Integer> skip = preemptions ? Set.of() : Set.copyOf(preempting);
    Set<Progress.Point> seen = new HashSet<>(); // a point's later decisions replay as default
    Map<Progress.Point, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < byGoroutine.size(); i++) {
      if (seen.add(points.get(i)) && byGoroutine.get(i) != 0 && !skip.contains(i)) {
        m.put(points.get(i), byGoroutine.get(i));
      }
    }
    return m;
  }

  /** The points ({@link Progress}) of the decisions that preempted a goroutine. */
  public synchronized Set<Progress.Point> preemptionPoints() {
    Set<Progress.Point> s = new LinkedHashSet<>();
    for (int i : preempting) {
      s.add(points.get(i));
    }
    return s;
  }

  /** Positions in the decisions of those that preempted a goroutine that could have gone on. */
  public synchronized List<Integer> preempting() {
    return List.copyOf(preempting);
  }

  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  public synchronized int preemptions() {
    return preemptions;
  }

  /** The steps taken ({@link Progress#isStep}): the unit of a run's length, PCT's change points. */
  public synchronized int steps() {
    return steps;
  }
}
