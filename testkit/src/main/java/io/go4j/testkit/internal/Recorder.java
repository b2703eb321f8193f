package io.go4j.testkit.internal;

import io.go4j.runtime.spi.Decider;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a schedule's decider for one run: records each decision as taken (modulo the alternatives,
 * as the runtime applies it), the trace events, the preemptions and the steps.
 *
 * <p>Implementation notes. A pick right after a non-final event of {@code candidates[0]} is a
 * step's decision (the goroutine could go on): a non-zero answer preempts it. Picks after a
 * goroutine blocked or ended, or yielded, choose among the runnable ones only.
 */
public final class Recorder implements Decider {
  private final Decider schedule;
  private final List<Integer> decisions = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private int preemptions;
  private int steps;
  private long lastGoroutine;
  private boolean lastWasFinal = true;

  public Recorder(Decider schedule) {
    this.schedule = schedule;
  }

  @Override
  public int pick(long[] candidates) {
    int k = Math.floorMod(schedule.pick(candidates), candidates.length);
    decisions.add(k);
    boolean step = !lastWasFinal && candidates[0] == lastGoroutine;
    if (step && k != 0) {
      preemptions++;
      events.add("  g" + candidates[0] + " preempted: g" + candidates[k] + " runs");
    }
    lastWasFinal = true; // whatever runs next, its next pick is not this step's
    return k;
  }

  @Override
  public int random(int n) {
    int k = Math.floorMod(schedule.random(n), n);
    decisions.add(k);
    return k;
  }

  @Override
  public void event(long goroutine, String op) {
    schedule.event(goroutine, op);
    events.add("g" + goroutine + " " + op);
    lastGoroutine = goroutine;
    lastWasFinal = op.startsWith("blocks: ") || op.equals("exits");
    if (!lastWasFinal) {
      steps++;
    }
  }

  /** The decisions, trailing zeros dropped (they are the default). */
  public List<Integer> decisions() {
    int n = decisions.size();
    while (n > 0 && decisions.get(n - 1) == 0) {
      n--;
    }
    return List.copyOf(decisions.subList(0, n));
  }

  public List<String> events() {
    return events;
  }

  public int preemptions() {
    return preemptions;
  }

  public int steps() {
    return steps;
  }
}
