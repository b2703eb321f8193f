package io.go4j.chan;

import static io.go4j.Go.*;
import static org.junit.jupiter.api.Assertions.*;

import io.go4j.channels.Chan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void pingPongAndSelect() {
    main(() -> {
      Chan<Integer> a = chan(), b = chan();
      go(() -> { for (Integer v : a) b.send(v + 1); b.close(); });
      int x = 0;
      for (int i = 0; i < 100_000; i++) { a.send(x); x = b.recv(); }
      a.close();
      assertEquals(100_000, x);
      assertNull(b.recv());
      Chan<Integer> c = chan(3);
      c.send(1); c.send(2);
      List<Integer> got = new ArrayList<>();
      select().recv(c, (Integer v) -> got.add(v)).recv(after(Duration.ofMillis(10)), () -> got.add(-1)).run();
      select().recv(c, (Integer v) -> got.add(v)).otherwise(() -> got.add(-2)).run();
      select().recv(c, (Integer v) -> got.add(v)).otherwise(() -> got.add(-2)).run();
      int r = select().recv(c, (Integer v) -> got.add(v)).recv(after(Duration.ofMillis(20)), () -> got.add(-1)).run();
      assertEquals(List.of(1, 2, -2, -1), got);
      assertEquals(1, r);
    });
  }
}
