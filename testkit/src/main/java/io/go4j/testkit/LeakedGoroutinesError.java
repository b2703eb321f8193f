package io.go4j.testkit;

import io.go4j.runtime.GoroutineInfo;
import java.io.Serial;
import java.util.List;

/**
 * A failed leak check: the message is goleak's header {@code found unexpected goroutines:} and each
 * leaked goroutine's {@link GoroutineInfo#dumpWithAge()} block, the blocks separated by blank
 * lines; {@link #goroutines()} has the snapshots.
 */
public final class LeakedGoroutinesError extends AssertionError {
  @Serial private static final long serialVersionUID = 1L;

  /** goleak's header. */
  static final String HEADER = "found unexpected goroutines:";

  private final List<GoroutineInfo> goroutines;

  LeakedGoroutinesError(List<GoroutineInfo> goroutines) {
    super(message(goroutines));
    this.goroutines = List.copyOf(goroutines);
  }

  /** The leaked goroutines, as snapshotted by the last try. */
  public List<GoroutineInfo> goroutines() {
    return goroutines;
  }

  private static String message(List<GoroutineInfo> goroutines) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < goroutines.size(); i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append(goroutines.get(i).dumpWithAge());
    }
    return out.toString();
  }
}
