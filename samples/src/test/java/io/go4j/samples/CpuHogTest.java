package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code cpuhog} sample: on one P, main receives every tick although a goroutine spins without
 * ever blocking, because sysmon asks the hog to yield (counted by the runtime's stats, at least
 * once per tick); and the schedtrace lines have Go's shape. Only counts and shapes are checked,
 * never how long anything took.
 */
class CpuHogTest {
  private static final Pattern TICK = Pattern.compile("tick (\\d+): the hog has spun (\\d+) times");
  private static final Pattern PREEMPTIONS =
      Pattern.compile("sysmon asked a goroutine to yield (\\d+) times");

  /** Go's schedtrace line for one P (go4j prints no {@code needspinning}). */
  private static final String SCHED =
      "SCHED \\d+ms: gomaxprocs=1 idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+"
          + " idlethreads=\\d+ runqueue=\\d+ \\[\\d+\\]";

  @Test
  void everyTickArrivesWhileTheHogSpinsBecauseSysmonPreemptsIt() {
    String out = Output.of(new CpuHog()::run);

    List<String> ticks = Output.matching(out, TICK.pattern());
    assertEquals(CpuHog.TICKS, ticks.size(), out);
    long spun = 0;
    for (int i = 0; i < ticks.size(); i++) {
      Matcher m = TICK.matcher(ticks.get(i));
      assertTrue(m.matches());
      assertEquals(i + 1, Integer.parseInt(m.group(1)), out);
      long spins = Long.parseLong(m.group(2));
      assertTrue(spins > spun, "the hog ran before tick " + (i + 1) + ":\n" + out);
      spun = spins;
    }

    List<String> preemptions = Output.matching(out, PREEMPTIONS.pattern());
    assertEquals(1, preemptions.size(), out);
    Matcher m = PREEMPTIONS.matcher(preemptions.get(0));
    assertTrue(m.matches());
    assertTrue(Long.parseLong(m.group(1)) >= CpuHog.TICKS, out);

    // ten 50 ms ticks take at least 500 ms, five schedtrace periods
    List<String> traces = out.lines().filter(l -> l.startsWith("SCHED")).toList();
    assertTrue(!traces.isEmpty(), out);
    assertEquals(traces, Output.matching(out, SCHED), out);
    assertEquals(CpuHog.TICKS + 1 + traces.size(), out.lines().count(), out);
  }
}
