package io.go4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.runtime.spi.Decider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deterministic run queue on its own, with Gs that are never started, against a list. */
class ControlTest {
  private static Sched sched;

  @BeforeAll
  static void setUp() {
    sched = TestScheds.oneP("control-test");
  }

  @AfterAll
  static void tearDown() {
    sched.close();
  }

  private static long nextId = 1;

  private static G g() {
    return TestScheds.g(sched, nextId++);
  }

  /** Answers with {@link #answer} and keeps what it was shown. */
  private static final class Scripted implements Decider {
    int answer;
    long[] shown;

    @Override
    public int pick(Candidates candidates) {
      shown = new long[candidates.size()];
      for (int i = 0; i < shown.length; i++) {
        shown[i] = candidates.id(i);
      }
      assertThrows(IndexOutOfBoundsException.class, () -> candidates.id(shown.length));
      return answer;
    }

    @Override
    public int random(int n) {
      return 0;
    }

    @Override
    public void event(long goroutine, String op) {}
  }

  @Test
  void takesWhatTheDeciderPicksAmongTheQueueInRunnableOrder() {
    SplittableRandom rnd = new SplittableRandom(42);
    Scripted decider = new Scripted();
    Control control = new Control(decider);
    List<G> model = new ArrayList<>();
    int maxSize = 0;
    for (int op = 0; op < 20_000; op++) {
      // grow to a few hundred (the ring doubles while wrapped), then drain, twice
      boolean add = model.isEmpty() || rnd.nextInt(100) < (op % 10_000 < 5_000 ? 70 : 30);
      if (add) {
        G g = g();
        control.enqueue(g);
        model.add(g);
        maxSize = Math.max(maxSize, model.size());
        continue;
      }
      decider.answer = rnd.nextInt(-3, model.size() + 3); // out of range: taken modulo the size
      decider.shown = null;
      G taken = control.take();
      if (model.size() == 1) {
        assertNull(decider.shown, "one runnable goroutine: no decision");
        assertSame(model.remove(0), taken);
        continue;
      }
      long[] ids = model.stream().mapToLong(x -> x.id).toArray();
      assertEquals(Arrays.toString(ids), Arrays.toString(decider.shown));
      assertSame(model.remove(Math.floorMod(decider.answer, ids.length)), taken, "op " + op);
    }
    assertEquals(model.isEmpty(), control.isEmpty());
    assertTrue(maxSize > 100, "the ring grew: " + maxSize);
    while (!model.isEmpty()) {
      decider.answer = 0;
      assertSame(model.remove(0), control.take());
    }
    assertNull(control.take());
  }
}
