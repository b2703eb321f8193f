package io.go4j.testkit;

import static io.go4j.Go.checkpoint;
import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import io.go4j.testkit.internal.Recorder;
import io.go4j.testkit.internal.Strategies;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A deterministic run that outlives its timeout: its goroutines stop at their next step once the
 * run is closed, and what it recorded stays as it was when the run ended.
 */
@Timeout(30)
class TimedOutRunTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  /** Its steps: {@code checkpoint()}, or a spawn (which a closed runtime refuses elsewhere). */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aTimedOutRunsGoroutineStopsAtItsNextStepAndItsRecordNoLongerChanges(boolean spawns)
      throws InterruptedException {
    AtomicReference<Goroutine> looper = new AtomicReference<>();
    AtomicLong laps = new AtomicLong();
    Runs.Outcome o =
        Runs.deterministic(
            Schedule.choices(), // the looper goes on at each step: its children never run
            () -> {
              looper.set(GoRuntime.current());
              while (true) {
                laps.incrementAndGet();
                spinAMillisecond();
                if (spawns) {
                  go(() -> {});
                } else {
                  checkpoint();
                }
              }
            },
            SHORT);

    assertTrue(
        o.failure().getMessage().startsWith("test timed out after 300 ms of real time"),
        o.failure().getMessage());
    Trace atEnd = o.trace();
    // unstopped, it would loop for ever, appending to the record: this waits until it has parked
    awaitParked(looper.get(), "runtime closed");
    long lapsWhenStopped = laps.get();
    assertEquals(atEnd, o.trace());
    assertTrue(atEnd.steps() <= lapsWhenStopped, atEnd.steps() + " > " + lapsWhenStopped);
    assertTrue(atEnd.events().stream().allMatch(e -> e.startsWith("g1 ")), atEnd.format());
    // a later run is not disturbed: the looper takes no more steps
    GoTestKit.run(Schedule.choices(), () -> checkpoint());
    assertEquals(lapsWhenStopped, laps.get());
  }

  private static void spinAMillisecond() {
    long until = System.nanoTime() + 1_000_000;
    while (System.nanoTime() - until < 0) {
      Thread.onSpinWait(); // no step: the goroutine keeps the carrier
    }
  }

  @Test
  void whatAGoroutineDoesAfterItsRunTimedOutIsNotRecorded() {
    AtomicReference<Goroutine> spinner = new AtomicReference<>();
    AtomicBoolean release = new AtomicBoolean();
    Runs.Outcome o =
        Runs.deterministic(
            Schedule.choices(),
            () -> {
              spinner.set(GoRuntime.current());
              checkpoint();
              while (!release.get()) {
                Thread.onSpinWait(); // no step: the closed runtime cannot stop it here
              }
            },
            SHORT);
    Trace atEnd = o.trace();
    assertEquals(List.of("g1 checkpoint"), atEnd.events());

    release.set(true);
    assertTrue(spinner.get().join(Duration.ofSeconds(20)), "it ends once released");
    assertEquals(atEnd, o.trace(), "its end came after the run's");
  }

  /** Returns once {@code g} is parked with {@code reason}; an interrupt (the @Timeout) ends it. */
  private static void awaitParked(Goroutine g, String reason) throws InterruptedException {
    while (!(g.state() == GoroutineState.WAITING && reason.equals(g.waitReason()))) {
      Thread.sleep(1);
    }
  }

  @Test
  void aRecordReadsAsSnapshotsAndTakesNothingOnceFrozen() {
    Recorder r = new Recorder(Strategies.choices(List.of()));
    r.event(1, "chan send");
    List<String> read = r.events();
    r.event(1, "chan receive");

    assertEquals(List.of("g1 chan send"), read, "a read is a snapshot, not a view");
    r.freeze();
    r.event(1, "checkpoint");
    assertEquals(List.of("g1 chan send", "g1 chan receive"), r.events());
    assertEquals(2, r.steps(), "only the steps before the freeze count");
    assertThrows(UnsupportedOperationException.class, () -> r.events().add("g1 exits"));
  }
}
