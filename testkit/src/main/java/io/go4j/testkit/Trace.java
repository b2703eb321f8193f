package io.go4j.testkit;

import java.util.List;

/**
 * What one deterministic run did: the decisions it took (replayable with {@link
 * Schedule#choices(List)}) and its events, one line each: which goroutine performed which go4j
 * operation ({@code g2 chan send}), and where the schedule preempted a goroutine that could have
 * gone on ({@code   g2 preempted: g3 runs}).
 *
 * @param decisions every decision, in order, trailing defaults (0) dropped
 * @param events the trace, one line per event
 * @param preemptions how many decisions switched away from a goroutine that could have gone on
 * @param steps how many go4j operations ran (the events where the schedule could switch goroutines:
 *     not the blocks and ends), the unit of PCT's change points
 */
public record Trace(List<Integer> decisions, List<String> events, int preemptions, int steps) {
  public Trace {
    decisions = List.copyOf(decisions);
    events = List.copyOf(events);
  }

  /** The schedule that replays this run. */
  public Schedule replay() {
    return Schedule.choices(decisions);
  }

  /** The events as numbered lines, for failure reports. */
  public String format() {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (String e : events) {
      if (e.startsWith(" ")) {
        out.append("      ").append(e.strip());
      } else {
        out.append(String.format("%4d  %s", ++n, e));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
