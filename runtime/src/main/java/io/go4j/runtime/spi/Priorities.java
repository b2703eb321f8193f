package io.go4j.runtime.spi;

import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import io.go4j.runtime.internal.G;
import io.go4j.runtime.internal.Sched;
import java.util.Objects;

/**
 * Effective priorities, for priority-inheritance locks: a goroutine runs in the band of its
 * effective priority, which is its base priority unless a lock it holds has a higher-priority
 * waiter. The lock computes {@code max(base, top waiter of every PI lock held)} and sets it here;
 * the runtime moves a queued goroutine to its new band (it still runs once) and dumps show the
 * boost and its cause.
 */
public final class Priorities {
  private Priorities() {}

  /** The priority {@code g} was started with. */
  public static Priority base(Goroutine g) {
    return g.priority();
  }

  /** The priority {@code g} runs at now. */
  public static Priority effective(Goroutine g) {
    return ((G) g).effectivePriority();
  }

  /**
   * Sets {@code g}'s effective priority; {@code boostedBy} describes the boost for dumps (for
   * example {@code goroutine 7 waiting for PiMutex@1b6d3586}) and must be "" when {@code p} is
   * the base.
   *
   * @throws IllegalArgumentException if {@code p} is below {@code g}'s base priority
   */
  public static void setEffective(Goroutine g, Priority p, String boostedBy) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(boostedBy, "boostedBy");
    if (p.compareTo(g.priority()) < 0) {
      throw new IllegalArgumentException(
          "effective priority " + p + " below goroutine " + g.id() + "'s base " + g.priority());
    }
    Sched.setEffective((G) g, p, p == g.priority() ? "" : boostedBy);
  }
}
