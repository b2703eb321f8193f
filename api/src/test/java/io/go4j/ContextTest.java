package io.go4j;

import static io.go4j.Go.chan;
import static io.go4j.Go.main;
import static io.go4j.Go.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.spi.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's context rules. Deadlines run on the real clock until the testkit's virtual clock exists:
 * the tests wait for {@code done()} and assert what happened in which order, never how long it
 * took.
 */
@Timeout(60)
class ContextTest {
  @Test
  void backgroundIsNeverDone() {
    Context bg = Context.background();
    assertNull(bg.err());
    assertNull(bg.cause());
    assertEquals(Optional.empty(), bg.deadline());
    assertEquals(1, select().recv(bg.done(), x -> {}).otherwise(() -> {}).run());
    assertEquals("context.Background", bg.toString());
    assertEquals("context.TODO", Context.todo().toString());
  }

  @Test
  void cancelClosesDoneAndSetsErrOnce() {
    CancelContext ctx = Context.background().withCancel();
    assertNull(ctx.err());
    assertEquals(1, select().recv(ctx.done(), x -> {}).otherwise(() -> {}).run());
    ctx.cancel();
    assertSame(Context.CANCELED, ctx.err());
    assertEquals("context canceled", ctx.err().getMessage());
    assertFalse(ctx.done().recvOk().ok());
    ctx.cancel(new IllegalStateException("too late")); // no effect: already cancelled
    assertSame(Context.CANCELED, ctx.cause());
    assertEquals("context.Background.WithCancel", ctx.toString());
  }

  @Test
  void cancellationFlowsDownNeverUp() {
    CancelContext parent = Context.background().withCancel();
    CancelContext child = parent.withCancel();
    Context value = child.withValue(Context.Key.of("k"), "v");
    CancelContext grandchild = value.withCancel();
    CancelContext sibling = parent.withCancel();

    grandchild.cancel();
    assertNull(child.err());
    assertNull(parent.err());

    IllegalArgumentException why = new IllegalArgumentException("shutting down");
    parent.cancel(why);
    assertSame(Context.CANCELED, child.err());
    assertSame(Context.CANCELED, value.err());
    assertSame(Context.CANCELED, sibling.err());
    assertSame(why, child.cause()); // Go's context.Cause is inherited
    assertSame(Context.CANCELED, grandchild.cause()); // cancelled before, by itself
    assertFalse(value.done().recvOk().ok());

    CancelContext late = parent.withCancel();
    assertSame(Context.CANCELED, late.err()); // a child of a cancelled parent starts cancelled
    assertSame(why, late.cause());
  }

  @Test
  void timeoutExpiresWithDeadlineExceeded() {
    main(
        () -> {
          CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(20));
          CancelContext child = ctx.withCancel();
          List<String> events = new CopyOnWriteArrayList<>();
          events.add("before: " + ctx.err());
          child.done().recvOk(); // blocks until the deadline
          events.add("after: " + child.err().getMessage());
          assertEquals(List.of("before: null", "after: context deadline exceeded"), events);
          assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
          assertSame(Context.DEADLINE_EXCEEDED, ctx.cause());
          assertEquals(ctx.deadline(), child.deadline());
        });
  }

  @Test
  void aPastDeadlineIsExceededAtOnce() {
    assertSame(Context.DEADLINE_EXCEEDED, Context.background().withTimeout(Duration.ZERO).err());
    assertSame(
        Context.DEADLINE_EXCEEDED,
        Context.background().withDeadline(Instant.now().minusSeconds(1)).err());
    CancelContext longAgo = Context.background().withTimeout(Duration.ofSeconds(Long.MIN_VALUE));
    assertSame(Context.DEADLINE_EXCEEDED, longAgo.err());
    assertEquals(Optional.of(Instant.MIN), longAgo.deadline());
    try (CancelContext never = Context.background().withTimeout(Duration.ofSeconds(Long.MAX_VALUE))) {
      assertNull(never.err()); // and its timer goes with the close
    }
  }

  @Test
  void aChildNeverOutlivesItsParentsDeadline() {
    try (CancelContext parent = Context.background().withTimeout(Duration.ofHours(1))) {
      Instant parentDeadline = parent.deadline().orElseThrow();
      CancelContext later = parent.withDeadline(parentDeadline.plusSeconds(60));
      assertEquals(Optional.of(parentDeadline), later.deadline());
      assertTrue(later.toString().endsWith(".WithCancel"), later.toString());
      CancelContext sooner = parent.withTimeout(Duration.ofMinutes(1));
      assertTrue(sooner.deadline().orElseThrow().isBefore(parentDeadline));
      String left = " \\[(\\d+h)?(\\d+m)?[\\d.]+s\\]";
      assertTrue(
          sooner
              .toString()
              .matches(
                  "context\\.Background\\.WithDeadline\\(\\S+" + left + "\\)\\.WithDeadline\\(\\S+" + left + "\\)"),
          sooner.toString());
      assertNull(later.err());
    }
  }

  @Test
  void closeIsCancelAndStopsTheTimer() {
    CancelContext ctx;
    try (CancelContext c = Context.background().withTimeout(Duration.ofHours(1))) {
      ctx = c;
    }
    assertSame(Context.CANCELED, ctx.err()); // cancelled by close, not by the hour-long timer
    assertTrue(ctx.deadline().isPresent());
  }

  @Test
  void valuesAreFoundByKeyIdentityNearestFirst() {
    Context.Key<String> user = Context.Key.of("user");
    Context.Key<String> otherUser = Context.Key.of("user");
    Context.Key<Integer> attempt = Context.Key.of("attempt");
    Context ctx =
        Context.background()
            .withValue(user, "alice")
            .withValue(attempt, 1)
            .withCancel()
            .withValue(attempt, 2);
    assertEquals("alice", ctx.value(user));
    assertEquals(2, ctx.value(attempt));
    assertNull(ctx.value(otherUser));
    assertEquals(
        "context.Background.WithValue(user, alice).WithValue(attempt, 1).WithCancel"
            + ".WithValue(attempt, 2)",
        ctx.toString());
    assertThrows(NullPointerException.class, () -> ctx.value(null));
  }

  @Test
  void afterFuncRunsInItsOwnGoroutineUnlessStopped() {
    main(
        () -> {
          CancelContext ctx = Context.background().withCancel();
          Chan<String> ran = chan(2);
          Context.AfterFunc kept = ctx.afterFunc(() -> ran.send("kept"));
          Context.AfterFunc stopped = ctx.afterFunc(() -> ran.send("stopped"));
          assertTrue(stopped.stop());
          assertFalse(stopped.stop());
          ctx.cancel();
          assertEquals("kept", ran.recv());
          assertFalse(kept.stop()); // already started
          Context.AfterFunc late = ctx.afterFunc(() -> ran.send("late"));
          assertEquals("late", ran.recv()); // registered after the cancel: runs at once
          assertFalse(late.stop());
          assertEquals(0, ran.len());
          assertTrue(Context.background().afterFunc(() -> {}).stop());
        });
  }

  @Test
  void doneIsUsableInSelectWhileAGoroutineWaits() {
    main(
        () -> {
          CancelContext ctx = Context.background().withCancel();
          Chan<Integer> results = chan();
          Chan<String> outcome = chan(1);
          Go.go(
              () ->
                  select()
                      .recv(results, r -> outcome.send("result " + r))
                      .recv(ctx.done(), x -> outcome.send("gave up: " + ctx.err().getMessage()))
                      .run());
          ctx.cancel();
          assertEquals("gave up: context canceled", outcome.recv());
        });
  }

  @Test
  void errValuesAreSharedAndIgnoreSuppression() {
    CancelledException e = Context.CANCELED;
    e.addSuppressed(new RuntimeException("must not stick"));
    assertEquals(0, e.getSuppressed().length);
    assertEquals(0, e.getStackTrace().length);
  }

  @Test
  void goDurationFormat() {
    assertEquals("0s", GoDuration.format(0));
    assertEquals("999ns", GoDuration.format(999));
    assertEquals("1.5µs", GoDuration.format(1_500));
    assertEquals("300ms", GoDuration.format(300_000_000));
    assertEquals("1.5s", GoDuration.format(1_500_000_000));
    assertEquals("2m0.25s", GoDuration.format(120_250_000_000L));
    assertEquals("1h0m0s", GoDuration.format(3_600_000_000_000L));
    assertEquals("-4.999s", GoDuration.format(-4_999_000_000L));
  }

  /**
   * Go's {@code checkdead} after a timer: a deadline that cancels a context nobody waits on wakes
   * no goroutine, and the main goroutine, blocked for good, is then reported as deadlocked rather
   * than left hanging.
   */
  @Test
  void aDeadlineThatWakesNobodyLeavesTheDeadlockDetected() {
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      DeadlockException e =
          assertThrows(
              DeadlockException.class,
              () ->
                  rt.main(
                      () -> {
                        try (CancelContext ctx =
                            Context.background().withTimeout(Duration.ofMillis(20))) {
                          Chan<Integer> never = chan();
                          never.recv();
                          ctx.cancel();
                        }
                      }));
      assertTrue(
          e.getMessage().startsWith("all goroutines are asleep - deadlock!\n\ngoroutine "),
          e.getMessage());
      assertTrue(e.getMessage().contains(" [chan receive]:\n"), e.getMessage());
    }
  }

  /** A timeout beyond Go's longest duration is a deadline about 73 years away, not an error. */
  @Test
  void aTimeoutBeyondGosLongestDurationIsADistantDeadline() {
    try (CancelContext ctx = Context.background().withTimeout(Duration.ofSeconds(Long.MAX_VALUE))) {
      assertNull(ctx.err());
      assertEquals(Instant.MAX, ctx.deadline().orElseThrow());
    }
  }
}
