package io.go4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.testsupport.Waits;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Go's wait reasons for goroutines blocked in sync, in snapshots, dumps and deadlock reports. */
@Timeout(60)
class SyncWaitReasonTest {
  /** A way to block forever in a sync primitive, and the wait reason it shows. */
  record Blocking(String reason, Runnable block) {}

  static List<Blocking> blockings() {
    return List.of(
        new Blocking(
            "sync.Mutex.Lock",
            () -> {
              Mutex m = new Mutex();
              m.lock();
              m.lock();
            }),
        new Blocking(
            "sync.RWMutex.RLock",
            () -> {
              RWMutex rw = new RWMutex();
              rw.lock();
              rw.rLock();
            }),
        new Blocking(
            "sync.RWMutex.Lock",
            () -> {
              RWMutex rw = new RWMutex();
              rw.rLock();
              rw.lock();
            }),
        new Blocking(
            "sync.WaitGroup.Wait",
            () -> {
              WaitGroup wg = new WaitGroup();
              wg.add(1);
              wg.await();
            }),
        new Blocking(
            "sync.Cond.Wait",
            () -> {
              Mutex m = new Mutex();
              m.lock();
              new Cond(m).await();
            }),
        new Blocking("semacquire", () -> new Semaphore(1).acquire(2)));
  }

  static Stream<Arguments> eachBlocking() {
    return blockings().stream().map(b -> Arguments.of(Named.of(b.reason(), b)));
  }

  @Test
  void blockedGoroutinesShowGosWaitReasons() {
    try (GoRuntime rt = GoRuntime.builder().name("sync-reasons").maxProcs(2).build()) {
      rt.main(
          () -> {
            List<Blocking> bs = blockings();
            List<Goroutine> gs = bs.stream().map(b -> rt.go(() -> Attempt.of(b.block()))).toList();
            for (int i = 0; i < gs.size(); i++) {
              Waits.until(gs.get(i), bs.get(i).reason());
              assertEquals(bs.get(i).reason(), gs.get(i).waitReason());
            }
            String dump = rt.dump();
            for (int i = 0; i < gs.size(); i++) {
              String header = "goroutine " + gs.get(i).id() + " [" + bs.get(i).reason() + "]:";
              assertTrue(dump.contains(header), header + " in\n" + dump);
            }
            gs.forEach(Goroutine::interrupt);
            gs.forEach(Goroutine::join);
          });
    }
  }

  @ParameterizedTest
  @MethodSource("eachBlocking")
  void deadlockDetectionSeesGoroutinesBlockedInSync(Blocking b) {
    try (GoRuntime rt = GoRuntime.builder().name("sync-deadlock").maxProcs(2).build()) {
      DeadlockException e = assertThrows(DeadlockException.class, () -> rt.main(b.block()));
      assertTrue(
          e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
      assertTrue(e.getMessage().contains("goroutine 1 [" + b.reason() + "]:"), e.getMessage());
    }
  }
}
