package io.go4j.testkit;

import io.go4j.Go;
import io.go4j.channels.Chan;
import io.go4j.channels.Timer;
import io.go4j.runtime.CancelledException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * <h2>In a bubble</h2>
 *
 * Called in a runtime with a virtual clock (a {@link GoTest @GoTest} bubble, a deterministic run),
 * a check gives the goroutines it looks at the same budget as outside, each on the clock it runs
 * on. The bubble's own goroutines get the timeout of the bubble's clock: while any of them is left,
 * the check sleeps on that clock, so it tries again once every other goroutine of the bubble is
 * durably blocked (the bubble's idle points, as Go's {@code synctest.Wait}), and timers within the
 * timeout fire on the way; it also tries again when the same pause has passed in real time, for a
 * bubble whose clock stands still (busy, or holding an {@code ExternalWaker}). A goroutine that
 * sleeps 1 s of virtual time before it ends is not reported; one parked for good is reported once
 * the clock has moved by exactly the timeout, at once in real time, as the bubble's deadlock
 * detection would see it (a goroutine parked on a go4j primitive counts as durably blocked even if
 * a thread outside the bubble is about to ready it, unless the bubble holds an {@code
 * ExternalWaker}). The timeout also bounds the check in real time, as outside: a goroutine of the
 * bubble blocked outside go4j's primitives (in the JDK) or busy keeps the clock still, and is
 * reported when the timeout of real time has passed. Goroutines of other runtimes ({@link
 * LeakOptions#runtime}, origins) get the timeout of real time: once none of the bubble's is left to
 * wait for, the check sleeps in real time, off go4j's primitives, which keeps the bubble's clock
 * still.
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
 * id, and {@link LeakOptions#ignoreCurrent()} remembers ids per runtime. The deadline is real time,
 * {@link System#nanoTime}, wherever the check runs. In a bubble ({@code Bubble}) a second deadline
 * is on its virtual clock; a sleep on that clock is a select on a timer of the bubble and a channel
 * that a JDK timer thread closes after the same pause in real time (a timer of the bubble cannot
 * fire while the bubble is busy or an {@code ExternalWaker} is open), and a real-time sleep is
 * {@link Thread#sleep}, which does not count as durably blocked: the bubble's clock stands still,
 * and its deadlock detection does not fire, while goroutines of other runtimes are waited for. The
 * report is the snapshot of the last try, which is taken at or after the deadline, so a goroutine
 * that ends during the final sleep is not reported. An interrupted platform thread stops retrying
 * and reports what is alive at once (keeping its interrupt status); an interrupted goroutine gets
 * the runtime's {@code CancelledException}.
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
    long start = System.nanoTime();
    Bubble bubble = Bubble.ofCaller(timeout);
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      List<GoroutineInfo> leaked = snapshot(options);
      long left = timeout - (System.nanoTime() - start);
      if (leaked.isEmpty() || left <= 0) {
        return leaked;
      }
      long pause = Math.min(backoff, left);
      if (bubble != null) {
        if (!bubble.pause(pause, leaked)) {
          return leaked; // only the bubble's goroutines are left, and its timeout has passed
        }
      } else if (!sleep(pause)) {
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

  /**
   * The sleeps between the tries of a check called in a bubble: on the bubble's clock while
   * goroutines of the bubble are left and its timeout of virtual time lasts, else in real time (see
   * the class comment).
   */
  private static final class Bubble {
    private final Timebase clock;
    private final String runtime;
    private final long timeout;
    private final long start;

    private Bubble(Timebase clock, String runtime, long timeout) {
      this.clock = clock;
      this.runtime = runtime;
      this.timeout = timeout;
      this.start = clock.nanoTime();
    }

    /** The caller's bubble, or null if the caller is no goroutine of a virtual-time runtime. */
    static Bubble ofCaller(long timeout) {
      if (GoRuntime.current() == null) {
        return null;
      }
      Timebase clock = Timebase.current();
      return clock.virtual() ? new Bubble(clock, GoRuntime.ofCaller().name(), timeout) : null;
    }

    /**
     * Sleeps until the next try, {@code nanos} (no more than what is left of the real deadline) on
     * the clock it goes by; false, without sleeping, when a try would be pointless: all of {@code
     * leaked} are the bubble's and its clock has moved by the timeout.
     */
    boolean pause(long nanos, List<GoroutineInfo> leaked) {
      long ours = leaked.stream().filter(g -> g.runtime().equals(runtime)).count();
      long virtualLeft = timeout - (clock.nanoTime() - start);
      if (ours > 0 && virtualLeft > 0) {
        sleepOnClock(Math.min(nanos, virtualLeft));
      } else if (ours == leaked.size()) {
        return false;
      } else {
        sleepReal(nanos);
      }
      return true;
    }

    /**
     * Sleeps {@code nanos} on the bubble's clock or in real time, whichever passes first ({@code
     * nanos} is never more than what is left of the real deadline).
     */
    private static void sleepOnClock(long nanos) {
      Chan<Void> realPause = Chan.make();
      CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(realPause::close);
      Timer t = Go.timer(Duration.ofNanos(nanos));
      try {
        Go.select().recv(t.c()).recv(realPause).run();
      } finally {
        t.stop();
      }
    }

    /** Sleeps in real time, off go4j's primitives: the bubble's clock stands still meanwhile. */
    private static void sleepReal(long nanos) {
      try {
        Thread.sleep(Duration.ofNanos(nanos));
      } catch (InterruptedException e) {
        throw new CancelledException("leak check interrupted", e);
      }
    }
  }

  /** Sleeps {@code nanos} outside a bubble; false if interrupted (the interrupt status is kept). */
  private static boolean sleep(long nanos) {
    if (GoRuntime.current() != null) {
      // Go's time.Sleep: the goroutine parks (wait reason "sleep") on a timer of its runtime, on
      // the real clock (a bubble's checks sleep in Bubble); Thread.sleep would bypass the
      // scheduler. An interrupt surfaces as CancelledException, which we let through: a cancelled
      // goroutine should stop, not report.
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
