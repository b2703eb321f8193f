package io.go4j.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.select.Select;
import io.go4j.testsupport.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's wait reasons in goroutine snapshots and dumps; a select with no cases is a deadlock. */
@Timeout(60)
class WaitReasonTest {
  @Test
  void blockedGoroutinesShowGosWaitReasonsInTheDump() {
    try (GoRuntime rt = GoRuntime.builder().name("reasons").maxProcs(2).build()) {
      rt.main(
          () -> {
            Chan<String> ch = Chan.make();
            Chan<String> nil = Chan.nil();
            List<Goroutine> gs =
                List.of(
                    rt.go(() -> ch.send("x")),
                    rt.go(() -> Chan.<String>make().recv()),
                    rt.go(() -> nil.send("x")),
                    rt.go(nil::recv),
                    rt.go(() -> Select.select().recv(Chan.make(), () -> {}).run()),
                    rt.go(() -> Select.select().run()),
                    rt.go(() -> Select.select().recv(nil, () -> {}).run()),
                    rt.go(() -> GoRuntime.sleep(Duration.ofHours(1))));
            List<String> reasons =
                List.of(
                    "chan send",
                    "chan receive",
                    "chan send (nil chan)",
                    "chan receive (nil chan)",
                    "select",
                    "select (no cases)",
                    "select",
                    "sleep");
            for (int i = 0; i < gs.size(); i++) {
              Waits.until(gs.get(i), reasons.get(i));
            }
            String dump = rt.dump();
            for (int i = 0; i < gs.size(); i++) {
              String header = "goroutine " + gs.get(i).id() + " [" + reasons.get(i) + "]:";
              assertTrue(dump.contains(header), header + " in\n" + dump);
            }
            gs.forEach(Goroutine::interrupt);
            gs.forEach(Goroutine::join);
          });
    }
  }

  @Test
  void selectWithNoCasesIsFoundByDeadlockDetection() {
    try (GoRuntime rt = GoRuntime.builder().name("nocases").maxProcs(2).build()) {
      DeadlockException e =
          assertThrows(DeadlockException.class, () -> rt.main(() -> Select.select().run()));
      assertTrue(
          e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
      assertTrue(e.getMessage().contains("goroutine 1 [select (no cases)]:"), e.getMessage());
    }
  }

  @Test
  void goroutinesBlockedOnChannelsAreADeadlockButATimerWaitIsNot() {
    try (GoRuntime rt = GoRuntime.builder().name("chandead").maxProcs(2).build()) {
      DeadlockException e =
          assertThrows(
              DeadlockException.class,
              () ->
                  rt.main(
                      () -> {
                        Chan<Integer> ch = Chan.make();
                        rt.go(() -> ch.send(1));
                        ch.recv();
                        ch.recv();
                      }));
      assertTrue(e.getMessage().contains("goroutine 1 [chan receive]:"), e.getMessage());
      rt.main(
          () -> {
            // blocked only on a timer's channel: the pending timer rules out a deadlock
            Instant fired = io.go4j.channels.Timer.after(Duration.ofMillis(20)).recv();
            assertEquals(Instant.class, fired.getClass());
          });
    }
  }
}
