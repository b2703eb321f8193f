package io.go4j.testkit;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.GoroutineInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link Leaks#verifyNone(LeakOptions)} checks and how long it waits: an immutable value;
 * every method returns new options and leaves these unchanged.
 *
 * <pre>{@code
 * LeakOptions opts =
 *     LeakOptions.defaults()
 *         .runtime(rt)
 *         .ignoreTopFunction("com.example.Pool.worker")
 *         .ignoreCreatedBy("com.example.Metrics.start")
 *         .timeout(Duration.ofSeconds(1));
 * Leaks.verifyNone(opts);
 * }</pre>
 *
 * <p>Function names are fully qualified as a stack frame names them: the class's binary name, a
 * dot, the method ({@code com.example.Outer$Inner.run}, {@code com.example.FooTest.lambda$leak$0}).
 * The <em>top function</em> of a goroutine is its innermost frame outside go4j's own primitives
 * (the packages {@code io.go4j}, {@code io.go4j.sync}, {@code io.go4j.channels}, {@code
 * io.go4j.select}, {@code io.go4j.runtime} and their subpackages): for a goroutine blocked in
 * {@code ch.recv()} it is the method that called {@code recv}, as in a Go traceback, where the
 * runtime's frames are hidden. JDK frames count, down to the innermost: a goroutine blocked in
 * {@code LinkedBlockingQueue.take} has {@code
 * java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode.block} as its top function,
 * as has every goroutine waiting on a {@code java.util.concurrent} lock or condition; {@link
 * #ignoreAnyFunction} with {@code java.util.concurrent.LinkedBlockingQueue.take} tells them apart.
 */
public final class LeakOptions {
  /** goleak's users ask for a knob; goleak itself gives up after about 20 retries (~1 s). */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final LeakOptions DEFAULTS =
      new LeakOptions(
          List.of(), Set.of(), Set.of(), Set.of(), false, Map.of(), DEFAULT_TIMEOUT, -1);

  private final List<GoRuntime> runtimes;
  private final Set<String> ignoredTop;
  private final Set<String> ignoredAny;
  private final Set<String> ignoredCreators;
  private final boolean ignoreCurrent;
  // goroutine ids alive at ignoreCurrent(), per runtime (ids are per runtime; GoRuntime has
  // identity equality)
  private final Map<GoRuntime, Set<Long>> ignoredIds;
  private final Duration timeout;
  private final long origin; // -1: every origin

  private LeakOptions(
      List<GoRuntime> runtimes,
      Set<String> ignoredTop,
      Set<String> ignoredAny,
      Set<String> ignoredCreators,
      boolean ignoreCurrent,
      Map<GoRuntime, Set<Long>> ignoredIds,
      Duration timeout,
      long origin) {
    this.runtimes = runtimes;
    this.ignoredTop = ignoredTop;
    this.ignoredAny = ignoredAny;
    this.ignoredCreators = ignoredCreators;
    this.ignoreCurrent = ignoreCurrent;
    this.ignoredIds = ignoredIds;
    this.timeout = timeout;
    this.origin = origin;
  }

  /**
   * No filters, every origin, a 5 s timeout, and the runtime of the goroutine calling {@code
   * verifyNone} ({@link GoRuntime#ofCaller()}: the default runtime on other threads). With an
   * {@link #origin} and no runtime named, every open runtime ({@link GoRuntime#openRuntimes()}).
   */
  public static LeakOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Checks {@code runtime} (in addition to those already named); once any runtime is named, {@link
   * GoRuntime#ofCaller()} is no longer implied.
   */
  public LeakOptions runtime(GoRuntime runtime) {
    Objects.requireNonNull(runtime, "runtime");
    if (runtimes.contains(runtime)) {
      return this;
    }
    List<GoRuntime> rts = new ArrayList<>(runtimes);
    rts.add(runtime);
    Map<GoRuntime, Set<Long>> ids = ignoredIds;
    if (ignoreCurrent && !ids.containsKey(runtime)) {
      // snapshotted now unless it was when ignoreCurrent was called (as the caller's runtime):
      // goroutines started since must be checked
      ids = withLive(ids, List.of(runtime));
    }
    return new LeakOptions(
        List.copyOf(rts),
        ignoredTop,
        ignoredAny,
        ignoredCreators,
        ignoreCurrent,
        ids,
        timeout,
        origin);
  }

  /** Ignores goroutines whose top function (see the class comment) is {@code function}. */
  public LeakOptions ignoreTopFunction(String function) {
    return new LeakOptions(
        runtimes,
        with(ignoredTop, function, "ignoreTopFunction"),
        ignoredAny,
        ignoredCreators,
        ignoreCurrent,
        ignoredIds,
        timeout,
        origin);
  }

  /** Ignores goroutines with {@code function} anywhere on their stack. */
  public LeakOptions ignoreAnyFunction(String function) {
    return new LeakOptions(
        runtimes,
        ignoredTop,
        with(ignoredAny, function, "ignoreAnyFunction"),
        ignoredCreators,
        ignoreCurrent,
        ignoredIds,
        timeout,
        origin);
  }

  /**
   * Ignores goroutines started by {@code function}: the {@code created by} function of their dump
   * ({@link GoroutineInfo#createdBy()}). That is exact, the function that started each one, for
   * the goroutines a test started under {@link Leaks#track()} or {@link VerifyNoLeaks
   * @VerifyNoLeaks} and for those of a {@link GoTest @GoTest} bubble, whatever ran before. Outside
   * those, to keep spawning cheap, the runtime names the creator once per body class: a goroutine
   * whose body's class was first started by another function (a named {@code Runnable}, a lambda
   * returned by a helper, started from two places) carries that function's name.
   */
  public LeakOptions ignoreCreatedBy(String function) {
    return new LeakOptions(
        runtimes,
        ignoredTop,
        ignoredAny,
        with(ignoredCreators, function, "ignoreCreatedBy"),
        ignoreCurrent,
        ignoredIds,
        timeout,
        origin);
  }

  /**
   * Ignores the goroutines alive now (goleak's {@code IgnoreCurrent}): those of the runtimes named
   * so far, or of {@link GoRuntime#ofCaller()} when none is; a runtime named later is snapshotted
   * when it is named. Goroutines are told apart by runtime and id, so one started later is checked
   * even if it runs the same code.
   */
  public LeakOptions ignoreCurrent() {
    List<GoRuntime> rts = runtimes.isEmpty() ? List.of(GoRuntime.ofCaller()) : runtimes;
    return new LeakOptions(
        runtimes,
        ignoredTop,
        ignoredAny,
        ignoredCreators,
        true,
        withLive(ignoredIds, rts),
        timeout,
        origin);
  }

  /**
   * How long {@code verifyNone} retries before it reports what is still alive (default 5 s). Zero:
   * a single check, no retry.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public LeakOptions timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("leak check timeout must not be negative: " + timeout);
    }
    return new LeakOptions(
        runtimes,
        ignoredTop,
        ignoredAny,
        ignoredCreators,
        ignoreCurrent,
        ignoredIds,
        timeout,
        origin);
  }

  /**
   * Checks only goroutines attributed to {@code origin} ({@link GoroutineInfo#origin()}): those
   * started under it, directly or through other goroutines (see {@link
   * io.go4j.runtime.spi.Origins}). {@link Leaks#track()} sets this for you. Origin 0 selects the
   * goroutines started outside any attribution.
   *
   * @throws IllegalArgumentException if {@code origin} is negative
   */
  public LeakOptions origin(long origin) {
    if (origin < 0) {
      throw new IllegalArgumentException("origin must not be negative: " + origin);
    }
    return new LeakOptions(
        runtimes,
        ignoredTop,
        ignoredAny,
        ignoredCreators,
        ignoreCurrent,
        ignoredIds,
        timeout,
        origin);
  }

  // ------------------------------------------------------------------ for Leaks

  Duration timeout() {
    return timeout;
  }

  /** The runtimes to check, in order. */
  List<GoRuntime> runtimes() {
    if (!runtimes.isEmpty()) {
      return runtimes;
    }
    return origin >= 0 ? GoRuntime.openRuntimes() : List.of(GoRuntime.ofCaller());
  }

  /** Whether {@code g} of {@code rt} is to be checked. */
  boolean checks(GoRuntime rt, GoroutineInfo g) {
    if (origin >= 0 && g.origin() != origin) {
      return false;
    }
    Set<Long> ids = ignoredIds.get(rt);
    if (ids != null && ids.contains(g.id())) {
      return false;
    }
    if (!ignoredCreators.isEmpty() && ignoredCreators.contains(g.createdBy())) {
      return false;
    }
    if (!ignoredTop.isEmpty() && ignoredTop.contains(topFunction(g.stack()))) {
      return false;
    }
    if (!ignoredAny.isEmpty()) {
      for (StackTraceElement f : g.stack()) {
        if (ignoredAny.contains(function(f))) {
          return false;
        }
      }
    }
    return true;
  }

  /** The innermost frame outside go4j's primitives, or {@code ""}. */
  static String topFunction(List<StackTraceElement> stack) {
    for (StackTraceElement f : stack) {
      if (!isGo4j(f.getClassName())) {
        return function(f);
      }
    }
    return "";
  }

  private static String function(StackTraceElement f) {
    return f.getClassName() + "." + f.getMethodName();
  }

  private static boolean isGo4j(String className) {
    if (!className.startsWith("io.go4j.")) {
      return false;
    }
    String rest = className.substring("io.go4j.".length());
    return rest.indexOf('.') < 0 // the API package itself: io.go4j.Go, io.go4j.Scope, ...
        || rest.startsWith("sync.")
        || rest.startsWith("channels.")
        || rest.startsWith("select.")
        || rest.startsWith("runtime.");
  }

  private static Set<String> with(Set<String> set, String function, String option) {
    Objects.requireNonNull(function, option);
    if (function.isBlank()) {
      throw new IllegalArgumentException(option + " needs a function name, got a blank one");
    }
    Set<String> out = new HashSet<>(set);
    out.add(function.strip());
    return Set.copyOf(out);
  }

  private static Map<GoRuntime, Set<Long>> withLive(
      Map<GoRuntime, Set<Long>> ids, Collection<GoRuntime> rts) {
    Map<GoRuntime, Set<Long>> out = new HashMap<>(ids);
    for (GoRuntime rt : rts) {
      Set<Long> live = new HashSet<>(out.getOrDefault(rt, Set.of()));
      for (GoroutineInfo g : rt.goroutines()) {
        live.add(g.id());
      }
      out.put(rt, Set.copyOf(live));
    }
    return Map.copyOf(out);
  }

  @Override
  public String toString() {
    return "LeakOptions{timeout="
        + timeout
        + (runtimes.isEmpty() ? ", runtime of the caller" : ", runtimes=" + runtimes.size())
        + (origin >= 0 ? ", origin=" + origin : "")
        + (ignoredTop.isEmpty() ? "" : ", ignoreTopFunction=" + ignoredTop)
        + (ignoredAny.isEmpty() ? "" : ", ignoreAnyFunction=" + ignoredAny)
        + (ignoredCreators.isEmpty() ? "" : ", ignoreCreatedBy=" + ignoredCreators)
        + (ignoreCurrent ? ", ignoreCurrent" : "")
        + "}";
  }
}
