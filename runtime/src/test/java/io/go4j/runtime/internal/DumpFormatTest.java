package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.spi.Park;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wait-duration rule of dump headers and the schedtrace/scheddetail line formats. */
class DumpFormatTest {
  @Test
  void waitDurationAppearsOnlyAfterOneMinuteInWholeMinutes() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      rt.main(
          () -> {
            Goroutine parked = rt.go(() -> Park.park("chan receive"));
            GoRuntime.gosched();
            G g = (G) parked;
            long since = g.waitSince();
            assertEquals("chan receive", Dumps.stateLabel(g, since + TimeUnit.SECONDS.toNanos(59)));
            assertEquals(
                "chan receive, 1 minutes", Dumps.stateLabel(g, since + TimeUnit.SECONDS.toNanos(60)));
            assertEquals(
                "chan receive, 2 minutes",
                Dumps.stateLabel(g, since + TimeUnit.SECONDS.toNanos(179)));
            assertEquals("running", Dumps.stateLabel((G) GoRuntime.current(), since));
            Park.ready(parked);
            parked.join();
          });
    }
  }

  /**
   * Parks are stamped with sysmon's last reading of the clock, which whoever wakes sysmon from its
   * sleep through an idle spell refreshes first: a goroutine parking right after one is not shown
   * as waiting since before it.
   */
  @Test
  void parksRightAfterAnIdleSpellAreStampedAfterIt() throws InterruptedException {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(1).build()) {
      Sched[] sched = new Sched[1];
      rt.main(() -> sched[0] = Sched.current().sched);
      while (!sched[0].sysmon.asleep()) {
        Thread.sleep(1);
      }
      long before = System.nanoTime();
      sched[0].sysmon.wake(); // as startm does before its M runs anything
      long stamp = sched[0].waitStamp();
      assertTrue(stamp >= before, (before - stamp) + " ns before the idle spell ended");
    }
  }

  @Test
  void schedtraceAndScheddetailLinesHaveGosFormat() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      rt.main(
          () -> {
            Goroutine parked = rt.go(() -> Park.park("chan receive"));
            while (parked.state() != GoroutineState.WAITING) { // by state: on 2 Ps it may lag
              GoRuntime.gosched();
            }
            Sched s = ((G) parked).sched;
            out.print(SchedTrace.format(s, System.nanoTime(), true));
            Park.ready(parked);
            parked.join();
          });
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertTrue(
        lines.get(0).matches(
            "SCHED \\d+ms: gomaxprocs=2 idleprocs=[0-2] threads=\\d+ spinningthreads=\\d+"
                + " idlethreads=\\d+ runqueue=\\d+ \\[\\d+ \\d+\\]"),
        lines.get(0));
    assertTrue(
        lines.get(1).matches(
            "  P0: status=[01] schedtick=\\d+ syscalltick=0 m=(\\d+|nil) runqsize=\\d+ gfreecnt=0"
                + " timerslen=0"),
        lines.get(1));
    assertTrue(lines.get(2).startsWith("  P1: status="), lines.get(2));
    assertTrue(
        lines.get(3).matches(
            "  M\\d+: p=-?\\d+ curg=-?\\d+ mallocing=0 throwing=0 preemptoff= locks=0 dying=0"
                + " spinning=(true|false) blocked=(true|false) lockedg=-1"),
        lines.get(3));
    String text = String.join("\n", lines);
    assertTrue(text.contains("\n  G1: status=2() m="), text);
    assertTrue(text.contains("\n  G2: status=4(chan receive) m=nil lockedm=nil"), text);
  }
}
