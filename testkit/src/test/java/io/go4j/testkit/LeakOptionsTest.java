package io.go4j.testkit;

import static io.go4j.testkit.LeaksTest.awaitBlocked;
import static io.go4j.testkit.LeaksTest.newRuntime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ignore filters (each one ignores a matching leak and still reports one that does not match),
 * the origin filter, and bad input.
 */
@Timeout(60)
class LeakOptionsTest {
  private static final String TEST = "io.go4j.testkit.LeakOptionsTest.";

  private GoRuntime rt;
  private Chan<String> release;
  private LeakOptions checkRt;

  @BeforeEach
  void startRuntime() {
    rt = newRuntime();
    release = Chan.make();
    checkRt = LeakOptions.defaults().runtime(rt).timeout(Duration.ofMillis(100));
  }

  @AfterEach
  void releaseLeaks() {
    release.close();
    try {
      Leaks.verifyNone(LeakOptions.defaults().runtime(rt)); // waits for them to finish
    } finally {
      rt.close();
    }
  }

  // Two leaks with different top functions, creators and stacks.

  private void parkInA() {
    release.recv();
  }

  private void parkInB() {
    release.recv();
  }

  private void viaHelper() {
    parkInB();
  }

  private Goroutine startA() {
    Goroutine g = rt.go(this::parkInA);
    awaitBlocked(g, "chan receive");
    return g;
  }

  private Goroutine startB() {
    Goroutine g = rt.go(this::viaHelper);
    awaitBlocked(g, "chan receive");
    return g;
  }

  private static List<Long> leakedIds(LeakOptions options) {
    return Leaks.find(options).stream().map(GoroutineInfo::id).toList();
  }

  /** JDK frames count down to the innermost: a queue's take is never its goroutine's top. */
  @Test
  void aGoroutineBlockedInAJdkQueueIsToldApartByAnyFunctionNotByTop() {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    Goroutine g = rt.go(() -> queue.add(takeQuietly(queue)));
    String take = "java.util.concurrent.LinkedBlockingQueue.take";
    while (Arrays.stream(g.stackTrace())
        .noneMatch(f -> take.equals(f.getClassName() + "." + f.getMethodName()))) {
      Thread.onSpinWait(); // on its way into take
    }
    try {
      assertEquals(List.of(g.id()), leakedIds(checkRt.ignoreTopFunction(take)));
      assertEquals(List.of(), leakedIds(checkRt.ignoreAnyFunction(take)));
    } finally {
      queue.add("released");
    }
    assertTrue(g.join(Duration.ofMinutes(1)));
  }

  static String takeQuietly(LinkedBlockingQueue<String> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      return "interrupted";
    }
  }

  @Test
  void ignoreTopFunctionMatchesTheInnermostFrameOutsideGo4j() {
    Goroutine a = startA();
    Goroutine b = startB();

    assertEquals(List.of(b.id()), leakedIds(checkRt.ignoreTopFunction(TEST + "parkInA")));
    // parkInB is b's top function, viaHelper is not
    assertEquals(List.of(a.id()), leakedIds(checkRt.ignoreTopFunction(TEST + "parkInB")));
    assertEquals(List.of(a.id(), b.id()), leakedIds(checkRt.ignoreTopFunction(TEST + "viaHelper")));
    // go4j's own frames are never the top function
    assertEquals(
        List.of(a.id(), b.id()),
        leakedIds(checkRt.ignoreTopFunction("io.go4j.channels.internal.Channel.recv")));
  }

  @Test
  void ignoreAnyFunctionMatchesAnyFrame() {
    Goroutine a = startA();
    Goroutine b = startB();

    assertEquals(List.of(a.id()), leakedIds(checkRt.ignoreAnyFunction(TEST + "viaHelper")));
    assertEquals(List.of(b.id()), leakedIds(checkRt.ignoreAnyFunction(TEST + "parkInA")));
    assertEquals(
        List.of(), leakedIds(checkRt.ignoreAnyFunction("io.go4j.channels.internal.Channel.recv")));
  }

  @Test
  void ignoreCreatedByMatchesTheCreatedByFunction() {
    Goroutine a = startA();
    Goroutine b = spawnFromHere();

    assertEquals(List.of(a.id()), leakedIds(checkRt.ignoreCreatedBy(TEST + "spawnFromHere")));
    assertEquals(List.of(b.id()), leakedIds(checkRt.ignoreCreatedBy(TEST + "startA")));
    assertEquals(List.of(a.id(), b.id()), leakedIds(checkRt.ignoreCreatedBy(TEST + "parkInA")));
  }

  private Goroutine spawnFromHere() {
    Goroutine g = rt.go(() -> release.recv());
    awaitBlocked(g, "chan receive");
    return g;
  }

  // One body class started from two functions: each goroutine's creator is the function that
  // started it, whichever of the two started that class first (a per-class cache made the first
  // one the creator of both, so a filter's result depended on which test ran first).

  private static Goroutine startFromX(GoRuntime on, Runnable body) {
    Goroutine g = on.go(body);
    awaitBlocked(g, "chan receive");
    return g;
  }

  private static Goroutine startFromY(GoRuntime on, Runnable body) {
    Goroutine g = on.go(body);
    awaitBlocked(g, "chan receive");
    return g;
  }

  /**
   * Starts {@code xFirst} from X then Y, and {@code yFirst} from Y then X (two body classes no
   * goroutine was started with before), and checks that each creator filter ignores exactly the
   * goroutines its function started.
   */
  private static void assertCreatorsInBothOrders(
      GoRuntime on, LeakOptions check, Runnable xFirst, Runnable yFirst) {
    Goroutine x1 = startFromX(on, xFirst);
    Goroutine y1 = startFromY(on, xFirst);
    Goroutine y2 = startFromY(on, yFirst);
    Goroutine x2 = startFromX(on, yFirst);
    List<Long> ids = List.of(x1.id(), y1.id(), y2.id(), x2.id());

    assertEquals(
        List.of(y1.id(), y2.id()),
        leakedIds(check.ignoreCreatedBy(TEST + "startFromX")),
        "started " + ids);
    assertEquals(
        List.of(x1.id(), x2.id()),
        leakedIds(check.ignoreCreatedBy(TEST + "startFromY")),
        "started " + ids);
  }

  /** Under attribution, what {@code @VerifyNoLeaks} and {@link Leaks#track()} set. */
  @Test
  void ignoreCreatedByOfAttributedGoroutinesDoesNotDependOnWhichCreatorCameFirst() {
    try (Leaks.Tracking t = Leaks.track()) {
      assertCreatorsInBothOrders(
          rt, checkRt.origin(t.origin()), () -> release.recv(), () -> release.recv());
    }
  }

  /** In a bubble (virtual time). */
  @Test
  @GoTest
  void ignoreCreatedByInABubbleDoesNotDependOnWhichCreatorCameFirst() {
    Chan<String> done = Chan.make();
    assertCreatorsInBothOrders(
        GoRuntime.ofCaller(),
        LeakOptions.defaults().timeout(Duration.ZERO),
        () -> done.recv(),
        () -> done.recv());
    done.close();
  }

  @Test
  void ignoreCurrentIgnoresOnlyTheGoroutinesAliveWhenItWasCalled() {
    Goroutine before = startA();
    LeakOptions options = checkRt.ignoreCurrent();
    Goroutine after = startA(); // same code, same creator: told apart by id

    assertEquals(List.of(after.id()), leakedIds(options));
    assertEquals(List.of(before.id(), after.id()), leakedIds(checkRt));
  }

  @Test
  void ignoreCurrentAlsoCoversARuntimeNamedAfterIt() {
    Goroutine before = startA();
    LeakOptions options =
        LeakOptions.defaults().ignoreCurrent().runtime(rt).timeout(Duration.ofMillis(100));
    Goroutine after = startB();

    assertEquals(List.of(after.id()), leakedIds(options));
    assertEquals(List.of(before.id(), after.id()), leakedIds(checkRt));
  }

  @Test
  void ignoreCurrentInsideARuntimeThenNamingItStillChecksLaterGoroutines() {
    Goroutine before = startA();
    LeakOptions[] inside = new LeakOptions[1];
    rt.go(() -> inside[0] = LeakOptions.defaults().ignoreCurrent()).join(); // the caller's: rt
    Goroutine after = startB();
    LeakOptions options = inside[0].runtime(rt).timeout(Duration.ofMillis(100));

    assertEquals(List.of(after.id()), leakedIds(options));
    assertEquals(List.of(before.id(), after.id()), leakedIds(checkRt));
  }

  @Test
  void originChecksOnlyTheGoroutinesAttributedToIt() {
    Goroutine untracked = startA();
    Goroutine tracked;
    long origin;
    try (Leaks.Tracking t = Leaks.track()) {
      origin = t.origin();
      tracked = startB();
    }

    assertEquals(List.of(tracked.id()), leakedIds(checkRt.origin(origin)));
    assertEquals(List.of(untracked.id()), leakedIds(checkRt.origin(0)));
  }

  @Test
  void optionsAreImmutable() {
    startA();
    LeakOptions base = checkRt;
    LeakOptions ignoring = base.ignoreTopFunction(TEST + "parkInA").timeout(Duration.ZERO);

    assertEquals(1, leakedIds(base).size());
    assertEquals(0, leakedIds(ignoring).size());
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    LeakOptions o = LeakOptions.defaults();
    assertEquals(
        "leak check timeout must not be negative: PT-1S",
        assertThrows(IllegalArgumentException.class, () -> o.timeout(Duration.ofSeconds(-1)))
            .getMessage());
    assertEquals(
        "ignoreTopFunction needs a function name, got a blank one",
        assertThrows(IllegalArgumentException.class, () -> o.ignoreTopFunction(" ")).getMessage());
    assertEquals(
        "ignoreAnyFunction needs a function name, got a blank one",
        assertThrows(IllegalArgumentException.class, () -> o.ignoreAnyFunction("")).getMessage());
    assertEquals(
        "ignoreCreatedBy needs a function name, got a blank one",
        assertThrows(IllegalArgumentException.class, () -> o.ignoreCreatedBy("\t")).getMessage());
    assertEquals(
        "origin must not be negative: -1",
        assertThrows(IllegalArgumentException.class, () -> o.origin(-1)).getMessage());
    assertEquals(
        "ignoreTopFunction",
        assertThrows(NullPointerException.class, () -> o.ignoreTopFunction(null)).getMessage());
    assertEquals(
        "ignoreAnyFunction",
        assertThrows(NullPointerException.class, () -> o.ignoreAnyFunction(null)).getMessage());
    assertEquals(
        "ignoreCreatedBy",
        assertThrows(NullPointerException.class, () -> o.ignoreCreatedBy(null)).getMessage());
    assertEquals(
        "timeout", assertThrows(NullPointerException.class, () -> o.timeout(null)).getMessage());
    assertEquals(
        "runtime", assertThrows(NullPointerException.class, () -> o.runtime(null)).getMessage());
    assertEquals(
        "options", assertThrows(NullPointerException.class, () -> Leaks.find(null)).getMessage());
  }
}
