package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class StealingTest {
  @Test
  void goroutinesSpawnedOnOnePRunOnBothPs() {
    Set<Integer> ps = ConcurrentHashMap.newKeySet();
    Set<Integer> spawnerPs = ConcurrentHashMap.newKeySet();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      rt.main(
          () -> {
            spawnerPs.add(currentP());
            List<Goroutine> gs = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
              gs.add(
                  rt.go(
                      () -> {
                        ps.add(currentP());
                        long until = System.nanoTime() + 20_000;
                        while (System.nanoTime() < until) {
                          Thread.onSpinWait(); // some work, so that the idle P has time to steal
                        }
                      }));
            }
            spawnerPs.add(currentP());
            gs.forEach(Goroutine::join);
          });
    }
    assertEquals(1, spawnerPs.size(), "all spawned from one P");
    assertEquals(Set.of(0, 1), ps, "ran on both Ps");
  }

  private static int currentP() {
    return ((M) VirtualThreads.currentCarrier()).p.id;
  }
}
