package io.go4j.testkit;

import io.go4j.runtime.GoroutineInfo;
import java.io.Serial;
import java.util.List;

/**
 * A failed leak check: the message is goleak's header {@code found unexpected goroutines:} and each
 * leaked goroutine's {@link GoroutineInfo#dumpWithAge()} block, the blocks separated by blank
 * lines; {@link #goroutines()} has the snapshots. When the leaks come from more than one runtime,
 * whose goroutine ids overlap, each runtime's blocks are preceded by a line {@code in runtime
 * "name":} ({@link GoroutineInfo#runtime()}).
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

  /** {@code goroutines} come grouped by runtime ({@link Leaks}' snapshot order). */
  private static String message(List<GoroutineInfo> goroutines) {
    boolean several =
        goroutines.stream().map(GoroutineInfo::runtime).distinct().limit(2).count() > 1;
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    String runtime = null;
    for (int i = 0; i < goroutines.size(); i++) {
      GoroutineInfo g = goroutines.get(i);
      if (i > 0) {
        out.append('\n');
      }
      if (several && !g.runtime().equals(runtime)) {
        runtime = g.runtime();
        out.append("in runtime \"").append(runtime).append("\":\n");
      }
      out.append(g.dumpWithAge());
    }
    return out.toString();
  }
}
