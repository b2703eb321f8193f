package io.go4j.testkit;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineInfo;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.spi.GoDuration;
import io.go4j.runtime.spi.Origins;
import io.go4j.runtime.spi.Timebase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Goroutine leak checks, after Go's goleak: {@code Leaks.verifyNone()} at the end of a test fails
 * it if goroutines it started are still alive, with each one's stack.
 *
 * <h2>Retries</h2>
 *
 * A goroutine that has just been told to stop may still be on its way out, so a check snapshots the
 * live goroutines, drops the calling goroutine and the ignored ones, and if any remain sleeps and
 * tries again: 1 µs, then twice as long each time, capped at 100 ms (goleak's schedule), until none
 * remain or the timeout ({@link LeakOptions#timeout}, 5 s by default; goleak stops after 20 tries)
 * has passed. Then it throws {@link LeakedGoroutinesError}: {@code found unexpected goroutines:}
 * and, for each goroutine still alive at the last try, its dump block with how long it has been
 * waiting and where it was started:
 *
 * <pre>
 * found unexpected goroutines:
 * goroutine 7 [chan receive, 5.01s]:
 * io.go4j.channels.internal.Blocker.await(Blocker.java:110)
 * io.go4j.channels.internal.Channel.receive(Channel.java:285)
 * io.go4j.channels.internal.Channel.recv(Channel.java:328)
 * com.example.ServerTest.lambda$serves$0(ServerTest.java:31)
 * created by com.example.ServerTest.serves
 * </pre>
 *
 * A check waits out the timeout only when it fails; a passing one returns as soon as nothing is
 * left. Between tries it sleeps with {@link Thread#sleep} on a platform thread and with {@link
 * GoRuntime#sleep} in a goroutine (Go's {@code time.Sleep}: the goroutine parks on a timer of its
 * runtime, and {@link Goroutine#interrupt()} cancels the check).
 *
 * <h2>What is checked</h2>
 *
 * The goroutines of {@link GoRuntime#ofCaller()} (the caller's runtime, the default runtime from
 * other threads), or of every open runtime when the check is attributed ({@link #track()}, {@link
 * LeakOptions#origin}, {@code @VerifyNoLeaks}), or of the runtimes named with {@link
 * LeakOptions#runtime}, except the calling
 * goroutine and those the options ignore: by top function, by any function on the stack, by the
 * function that started them, or all those alive when {@link LeakOptions#ignoreCurrent()} was
 * called.
 *
 * <h2>Attribution</h2>
 *
 * goleak sees every goroutine of the process, so a test that runs while another one's goroutines
 * are still winding down fails for leaks it did not cause, and parallel tests cannot use it at all.
 * go4j attributes each goroutine to an <em>origin</em>, inherited from the goroutine that started
 * it or, on any other thread, from that thread's current origin ({@link Origins}). {@link #track()}
 * enters a fresh origin on the calling thread and its {@link Tracking#verifyNone()} checks only the
 * goroutines started under it, directly or transitively:
 *
 * <pre>{@code
 * try (Leaks.Tracking leaks = Leaks.track()) {
 *   server.start();
 *   ...
 *   server.stop();
 *   leaks.verifyNone(); // other tests' goroutines are not considered
 * }
 * }</pre>
 *
 * {@link VerifyNoLeaks @VerifyNoLeaks} does this around each JUnit test.
 *
 * <p>Implementation notes. Goroutine ids are per runtime, so the caller is dropped by runtime and
 * id, and {@link LeakOptions#ignoreCurrent()} remembers ids per runtime. The deadline is measured
 * on the clock the retries sleep on: the caller's runtime clock in a goroutine (a runtime with a
 * virtual clock then retries in virtual time instead of spinning through wall-clock seconds), the
 * system's on other threads. The report is the snapshot of the last try, which is taken at or after
 * the deadline, so a goroutine that ends during the final sleep is not reported. An interrupted
 * platform thread stops retrying and reports what is alive at once (keeping its interrupt status);
 * an interrupted goroutine gets the runtime's {@code CancelledException}.
 */
public final class Leaks {
  private static final long FIRST_BACKOFF_NANOS = 1_000; // 1 µs
  private static final long MAX_BACKOFF_NANOS = 100_000_000; // 100 ms

  private Leaks() {}

  /**
   * Fails if goroutines of the caller's runtime other than the caller are still alive after the
   * default timeout.
   *
   * @throws LeakedGoroutinesError with each leaked goroutine's dump block
   */
  public static void verifyNone() {
    verifyNone(LeakOptions.defaults());
  }

  /**
   * Fails if goroutines that {@code options} check are still alive after its timeout.
   *
   * @throws LeakedGoroutinesError with each leaked goroutine's dump block
   */
  public static void verifyNone(LeakOptions options) {
    List<GoroutineInfo> leaked = find(options);
    if (!leaked.isEmpty()) {
      throw new LeakedGoroutinesError(leaked);
    }
  }

  /**
   * The goroutines that {@link #verifyNone(LeakOptions)} would report, after the same retries: an
   * empty list as soon as none is left, else the ones still alive when the timeout ran out.
   */
  public static List<GoroutineInfo> find(LeakOptions options) {
    Objects.requireNonNull(options, "options");
    long timeout = GoDuration.nanos(options.timeout(), "timeout");
    LongSupplier clock =
        GoRuntime.current() != null ? Timebase.current()::nanoTime : System::nanoTime;
    long start = clock.getAsLong();
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      List<GoroutineInfo> leaked = snapshot(options);
      long left = timeout - (clock.getAsLong() - start);
      if (leaked.isEmpty() || left <= 0) {
        return leaked;
      }
      if (!sleep(Math.min(backoff, left))) {
        return snapshot(options); // interrupted: report what is there now
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
    }
  }

  /**
   * Attributes the goroutines the calling thread or goroutine starts from now on (and those they
   * start, transitively) to a fresh origin, until {@link Tracking#close()}.
   */
  public static Tracking track() {
    return new Tracking(Origins.next());
  }

  /**
   * An attribution scope of {@link #track()}: the goroutines started under it are the ones its
   * checks look at. Closing it restores the origin the thread had before; it must be closed by the
   * thread or goroutine that opened it, and scopes nest.
   */
  public static final class Tracking implements AutoCloseable {
    private final long origin;
    private final long previous;
    private final Thread owner;
    private boolean closed;

    private Tracking(long origin) {
      this.origin = origin;
      this.owner = Thread.currentThread();
      this.previous = Origins.enter(origin);
    }

    /** The origin goroutines started under this scope record ({@link GoroutineInfo#origin()}). */
    public long origin() {
      return origin;
    }

    /**
     * Fails if goroutines started under this scope are still alive after the default timeout;
     * goroutines of other origins are not considered.
     *
     * @throws LeakedGoroutinesError with each leaked goroutine's dump block
     */
    public void verifyNone() {
      verifyNone(LeakOptions.defaults());
    }

    /**
     * {@link Leaks#verifyNone(LeakOptions)} limited to the goroutines started under this scope.
     *
     * @throws LeakedGoroutinesError with each leaked goroutine's dump block
     */
    public void verifyNone(LeakOptions options) {
      Leaks.verifyNone(options.origin(origin));
    }

    /** {@link Leaks#find(LeakOptions)} limited to the goroutines started under this scope. */
    public List<GoroutineInfo> find(LeakOptions options) {
      return Leaks.find(options.origin(origin));
    }

    /**
     * Restores the previous origin. Idempotent.
     *
     * @throws IllegalStateException on another thread or goroutine than the one that called {@link
     *     Leaks#track()}
     */
    @Override
    public void close() {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(
            "Leaks.track() scope opened by " + owner + " closed by " + Thread.currentThread());
      }
      if (!closed) {
        closed = true;
        Origins.enter(previous);
      }
    }

    @Override
    public String toString() {
      return "Leaks.Tracking{origin=" + origin + (closed ? ", closed}" : "}");
    }
  }

  // --------------------------------------------------------------------------- internals

  /** One try: the checked goroutines alive now, by runtime then id. */
  private static List<GoroutineInfo> snapshot(LeakOptions options) {
    GoRuntime callerRt = GoRuntime.ofCaller();
    Goroutine self = GoRuntime.current();
    List<GoroutineInfo> out = new ArrayList<>();
    for (GoRuntime rt : options.runtimes()) {
      for (GoroutineInfo g : rt.goroutines()) {
        if (g.state() == GoroutineState.DEAD) {
          continue;
        }
        if (self != null && rt == callerRt && g.id() == self.id()) {
          continue;
        }
        if (options.checks(rt, g)) {
          out.add(g);
        }
      }
    }
    return out;
  }

  /** Sleeps {@code nanos}; false if interrupted (the interrupt status is kept). */
  private static boolean sleep(long nanos) {
    if (GoRuntime.current() != null) {
      // Go's time.Sleep: the goroutine parks (wait reason "sleep") on a timer of its runtime, whose
      // clock the deadline is measured on; Thread.sleep would bypass the scheduler. An interrupt
      // surfaces as CancelledException, which we let through: a cancelled goroutine should stop,
      // not report.
      GoRuntime.sleep(Duration.ofNanos(nanos));
      return true;
    }
    try {
      Thread.sleep(Duration.ofNanos(nanos));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
