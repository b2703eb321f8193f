package io.go4j.samples;

import static io.go4j.Go.chan;

import io.go4j.channels.Chan;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineInfo;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.Priority;
import io.go4j.sync.Locker;
import io.go4j.sync.Mutex;
import io.go4j.sync.PiMutex;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Mars Pathfinder priority inversion (July 1997), re-enacted on one P.
 *
 * <pre>
 * Pathfinder (VxWorks, one CPU)             this sample (GOMAXPROCS=1, strict priority bands)
 * meteorological data task, low priority    "meteo",  Priority.LOW, holds the bus mutex
 * communications task, medium priority      "comms-1..3", Priority.NORMAL, CPU hogs that call
 *                                             GoRuntime.checkpoint() and gosched() every unit
 * bus management task, high priority        "bus", Priority.HIGH, blocks on the bus mutex
 * watchdog: bus management must run in time the deadline is a count of comms work units
 * the mutex, without priority inheritance   run 1: io.go4j.sync.Mutex
 * the fix uploaded to Mars: inheritance on  run 2: io.go4j.sync.PiMutex
 * </pre>
 *
 * <p>With a plain {@code Mutex} nothing lets meteo outrank the comms tasks, so it gets the CPU only
 * when every one of them has finished, and bus management, which waits for meteo's mutex, runs
 * after them: the watchdog fires, "system reset". With {@code PiMutex} the blocked bus task boosts
 * meteo to HIGH ({@code GoroutineInfo.effectivePriority()} and {@code boostedBy()} show it), meteo
 * finishes and unlocks ahead of the comms tasks, and the bus task gets the bus before they have
 * done any work.
 *
 * <p>The deadline is counted in comms work units, not in milliseconds, and the log says when the
 * first and the last comms task finished rather than which (sysmon's time slicing may reorder
 * equal-priority tasks; priority decides between bands either way), so both runs print the same
 * event log every time. A REALTIME "director" goroutine sets the scene (meteo locks, bus blocks,
 * the comms tasks are made ready) before letting the tasks run.
 */
public final class Pathfinder implements Sample {
  /** The number of communications tasks (the medium-priority CPU hogs). */
  static final int COMMS = 3;

  /** Work units each communications task does. */
  static final int COMMS_UNITS = 40;

  /** The watchdog's deadline: bus management must have the bus before comms did this many units. */
  static final int DEADLINE_UNITS = COMMS_UNITS;

  /** Steps of meteo's work while it holds the bus, a {@code gosched} after each. */
  private static final int METEO_STEPS = 5;

  private static final AtomicLong SINK = new AtomicLong();

  /** The sample as the launcher runs it. */
  public Pathfinder() {}

  @Override
  public String name() {
    return "pathfinder";
  }

  @Override
  public String description() {
    return "the Mars Pathfinder priority inversion on one P: a plain Mutex misses the watchdog"
        + " deadline, a PiMutex meets it";
  }

  @Override
  public void run(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "GOMAXPROCS=1; meteo LOW, comms-1..%d NORMAL (%d work units each), bus HIGH;%n"
            + "watchdog: bus management must get the bus before comms has done %d work units%n",
        COMMS,
        COMMS_UNITS,
        DEADLINE_UNITS);
    out.println();
    out.println("run 1: the bus mutex is an io.go4j.sync.Mutex (no priority inheritance)");
    print(out, reenact(new Mutex()));
    out.println();
    out.println("run 2: the bus mutex is an io.go4j.sync.PiMutex (priority inheritance)");
    print(out, reenact(new PiMutex()));
  }

  private static void print(PrintStream out, Run run) {
    for (int i = 0; i < run.events.size(); i++) {
      out.printf(Locale.ROOT, "%3d  %s%n", i + 1, run.events.get(i));
    }
    out.println(run.watchdog.verdict());
  }

  /** What one run printed, in order, and its watchdog. */
  private record Run(List<String> events, Watchdog watchdog) {}

  /**
   * Counts the comms work units; fires when the deadline passes while bus management still waits
   * for the bus.
   */
  private static final class Watchdog {
    private final List<String> events;
    private final AtomicInteger units = new AtomicInteger();
    private volatile int busGotItAt = -1;

    Watchdog(List<String> events) {
      this.events = events;
    }

    /** One comms work unit done; returns the units done so far. */
    int tick() {
      int n = units.incrementAndGet();
      if (n == DEADLINE_UNITS && busGotItAt < 0) {
        events.add("watchdog          deadline passed, bus management has not run: SYSTEM RESET");
      }
      return n;
    }

    int units() {
      return units.get();
    }

    void busAcquired() {
      busGotItAt = units.get();
    }

    String verdict() {
      int at = busGotItAt;
      return at >= 0 && at < DEADLINE_UNITS
          ? String.format(
              Locale.ROOT,
              "verdict: deadline met, bus management got the bus after %d comms work units"
                  + " (deadline %d)",
              at,
              DEADLINE_UNITS)
          : String.format(
              Locale.ROOT,
              "verdict: deadline missed, bus management got the bus after %d comms work units"
                  + " (deadline %d): system reset",
              at,
              DEADLINE_UNITS);
    }
  }

  private static Run reenact(Locker bus) {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Watchdog watchdog = new Watchdog(events);
    try (GoRuntime rt = GoRuntime.builder().name("pathfinder").maxProcs(1).build()) {
      rt.main(
          () ->
              rt.spawn()
                  .name("director")
                  .priority(Priority.REALTIME)
                  .start(() -> direct(rt, bus, events, watchdog))
                  .join());
    }
    return new Run(List.copyOf(events), watchdog);
  }

  /**
   * Sets the scene without being preempted by what it starts (it is REALTIME): meteo locks the bus
   * and waits at a gate, bus management blocks on the bus, the comms tasks are made ready, the gate
   * opens; then the director joins them all and the single P decides who runs.
   */
  private static void direct(GoRuntime rt, Locker bus, List<String> events, Watchdog watchdog) {
    Chan<Boolean> gate = chan();
    Goroutine meteo =
        rt.spawn()
            .name("meteo")
            .priority(Priority.LOW)
            .start(
                () -> {
                  bus.lock();
                  events.add("meteo    LOW      locks the bus mutex");
                  gate.recvOk();
                  for (int i = 0; i < METEO_STEPS; i++) {
                    GoRuntime.gosched(); // writing meteorological data to the bus
                  }
                  events.add(
                      String.format(
                          Locale.ROOT,
                          "meteo    LOW      data written at priority %s, unlocks the bus (comms"
                              + " work units so far: %d)",
                          info(rt, GoRuntime.current().id()).effectivePriority(),
                          watchdog.units()));
                  bus.unlock();
                });
    awaitBlocked(meteo, "chan receive");
    Goroutine busManagement =
        rt.spawn()
            .name("bus")
            .priority(Priority.HIGH)
            .start(
                () -> {
                  bus.lock();
                  watchdog.busAcquired();
                  events.add(
                      String.format(
                          Locale.ROOT,
                          "bus      HIGH     gets the bus mutex after %d comms work units",
                          watchdog.units()));
                  bus.unlock();
                });
    events.add("director REALTIME starts bus management; it blocks on the bus mutex");
    awaitBlocked(busManagement, "sync.Mutex.Lock");
    List<Goroutine> comms = new ArrayList<>();
    AtomicInteger finished = new AtomicInteger();
    for (int c = 1; c <= COMMS; c++) {
      comms.add(
          rt.spawn()
              .name("comms-" + c)
              .priority(Priority.NORMAL)
              .start(() -> hog(events, watchdog, finished)));
    }
    events.add(
        String.format(
            Locale.ROOT, "director REALTIME comms-1..%d are ready to run (NORMAL)", COMMS));
    events.add("director REALTIME " + describe(rt, meteo));
    gate.close();
    meteo.join();
    busManagement.join();
    for (Goroutine g : comms) {
      g.join();
    }
  }

  /**
   * A communications task: CPU-bound work units with preemption points between them. The equal
   * tasks may finish in any order, so the log says when the first and the last finished, not which.
   */
  private static void hog(List<String> events, Watchdog watchdog, AtomicInteger finished) {
    long x = 0;
    for (int i = 0; i < COMMS_UNITS; i++) {
      for (int j = 0; j < 10_000; j++) {
        x += j ^ i;
      }
      watchdog.tick();
      GoRuntime.checkpoint();
      GoRuntime.gosched();
    }
    SINK.addAndGet(x); // the loop is real work
    int n = finished.incrementAndGet();
    if (n == 1) {
      events.add("comms    NORMAL   the first comms task finished");
    }
    if (n == COMMS) {
      events.add(
          String.format(
              Locale.ROOT,
              "comms    NORMAL   all %d comms tasks finished (comms work units: %d)",
              COMMS,
              watchdog.units()));
    }
  }

  /** How the dump sees meteo now: its effective priority, and who boosts it. */
  private static String describe(GoRuntime rt, Goroutine meteo) {
    GoroutineInfo info = info(rt, meteo.id());
    return info.effectivePriority() == info.priority()
        ? String.format(
            Locale.ROOT,
            "LOW task runs at %s (base %s, not boosted)",
            info.effectivePriority(),
            info.priority())
        : String.format(
            Locale.ROOT,
            "LOW task runs at %s (base %s, boosted by %s)",
            info.effectivePriority(),
            info.priority(),
            info.boostedBy());
  }

  /** The dump's snapshot of goroutine {@code id}. */
  private static GoroutineInfo info(GoRuntime rt, long id) {
    for (GoroutineInfo info : rt.goroutines()) {
      if (info.id() == id) {
        return info;
      }
    }
    throw new IllegalStateException("goroutine " + id + " is not in the dump");
  }

  /** Returns once {@code g} is parked with {@code reason}: by state, never by elapsed time. */
  private static void awaitBlocked(Goroutine g, String reason) {
    while (!(g.state() == GoroutineState.WAITING && reason.equals(g.waitReason()))) {
      GoRuntime.sleep(Duration.ofMillis(1)); // lets the lower bands run until g parks
    }
  }
}
