package io.go4j.chan;

import static io.go4j.Go.chan;
import static io.go4j.Go.main;
import static io.go4j.Go.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.channels.Chan;
import io.go4j.channels.Received;
import io.go4j.select.Select;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's select chooses uniformly at random among the cases ready when it runs: with three
 * always-ready cases each is chosen 1/3 of the time (within ±0.03 over 30,000 selects, i.e. about
 * eleven standard deviations, so a fair select never fails while a biased one, e.g. one that polls
 * in case order, always does). A ready case always beats {@code otherwise}; nil channel cases are
 * never chosen; a channel may appear in several cases, each of which counts as a case of its own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SelectFairnessTest {
  private static final int N = 30_000;
  private static final double TOLERANCE = 0.03;

  /** Asserts that each of {@code counts} (which must sum to N) is N/k within the tolerance. */
  private static void assertUniform(int[] counts, String what) {
    assertEquals(
        N, Arrays.stream(counts).sum(), what + ": one case per select " + Arrays.toString(counts));
    for (int i = 0; i < counts.length; i++) {
      double share = (double) counts[i] / N;
      assertTrue(
          Math.abs(share - 1.0 / counts.length) <= TOLERANCE,
          what + ": case " + i + " chosen " + counts[i] + " of " + N + " times (" + share
              + "), expected 1/" + counts.length + " ± " + TOLERANCE + "; all: "
              + Arrays.toString(counts));
    }
  }

  @Test
  void threeNonEmptyBufferedChannelsAreChosenEqually() {
    main(
        () -> {
          List<Chan<Integer>> chans = List.of(chan(1), chan(2), chan(16));
          for (int k = 0; k < 3; k++) {
            assertTrue(chans.get(k).trySend(k));
          }
          int[] got = {-1};
          Select s =
              select()
                  .recv(chans.get(0), v -> got[0] = v)
                  .recv(chans.get(1), v -> got[0] = v)
                  .recv(chans.get(2), v -> got[0] = v);
          int[] counts = new int[3];
          for (int i = 0; i < N; i++) {
            got[0] = -1;
            int k = s.run();
            counts[k]++;
            assertEquals(k, got[0], "case " + k + " received from its own channel");
            assertTrue(chans.get(k).trySend(k), "refill"); // keep all three ready
          }
          assertUniform(counts, "three non-empty buffered channels (one select run again)");
          for (Chan<Integer> c : chans) {
            assertEquals(1, c.len());
          }
        });
  }

  @Test
  void threeNonEmptyChannelsFreshSelectEachTime() {
    main(
        () -> {
          List<Chan<Integer>> chans = List.of(chan(3), chan(3), chan(3));
          for (int k = 0; k < 3; k++) {
            chans.get(k).send(k);
            chans.get(k).send(k);
          }
          int[] counts = new int[3];
          for (int i = 0; i < N; i++) {
            int[] got = {-1};
            int k =
                select()
                    .recv(chans.get(0), v -> got[0] = v)
                    .recv(chans.get(1), v -> got[0] = v)
                    .recv(chans.get(2), v -> got[0] = v)
                    .run();
            counts[k]++;
            assertEquals(k, got[0]);
            chans.get(k).send(k);
          }
          assertUniform(counts, "three non-empty buffered channels (a new select each time)");
        });
  }

  @Test
  void threeClosedChannelsAreChosenEqually() {
    main(
        () -> {
          Chan<String> a = chan(), b = chan(4), c = chan(1);
          a.close();
          b.close();
          c.close();
          int[] counts = new int[3];
          boolean[] okSeen = {false};
          Select s =
              select()
                  .recvOk(a, (v, ok) -> okSeen[0] |= ok || v != null)
                  .recvOk(b, (v, ok) -> okSeen[0] |= ok || v != null)
                  .recvOk(c, (v, ok) -> okSeen[0] |= ok || v != null);
          for (int i = 0; i < N; i++) {
            counts[s.run()]++;
          }
          assertFalse(okSeen[0], "a closed, empty channel gives (null, false)");
          assertUniform(counts, "three closed channels");
        });
  }

  @Test
  void sendWithRoomReceiveAndClosedReceiveAreChosenEqually() {
    main(
        () -> {
          Chan<Integer> room = chan(1); // kept empty: the send case is ready
          Chan<Integer> full = chan(2); // kept non-empty: the receive case is ready
          Chan<Integer> closed = chan();
          closed.close();
          full.send(7);
          int[] counts = new int[3];
          Select s =
              select()
                  .send(room, 1, () -> {})
                  .recv(full, v -> assertEquals(7, v))
                  .recvOk(closed, (v, ok) -> assertFalse(ok));
          for (int i = 0; i < N; i++) {
            int k = s.run();
            counts[k]++;
            switch (k) {
              case 0 -> {
                Received<Integer> r = room.tryRecv();
                assertNotNull(r, "the send case put its value in the buffer");
                assertEquals(1, r.value());
              }
              case 1 -> full.send(7);
              default -> {}
            }
            assertEquals(0, room.len());
            assertEquals(1, full.len());
          }
          assertUniform(counts, "send with room, receive, receive on closed");
        });
  }

  @Test
  void aReadyCaseAlwaysBeatsOtherwise() {
    main(
        () -> {
          Chan<Integer> buffered = chan(1);
          Chan<Integer> room = chan(1);
          Chan<Integer> closed = chan();
          closed.close();
          int[] ran = new int[3];
          Select recvReady =
              select().recv(buffered, v -> ran[0]++).otherwise(() -> fail("otherwise ran"));
          Select sendReady =
              select().otherwise(() -> fail("otherwise ran")).send(room, 3, () -> ran[1]++);
          Select closedReady =
              select()
                  .recvOk(Chan.<Integer>nil(), (v, ok) -> fail("nil case ran"))
                  .otherwise(() -> fail("otherwise ran"))
                  .recv(closed, () -> ran[2]++);
          for (int i = 0; i < N; i++) {
            assertTrue(buffered.trySend(i));
            assertEquals(0, recvReady.run());
            assertEquals(1, sendReady.run(), "index counts otherwise, added first");
            assertEquals(3, room.recv());
            assertEquals(2, closedReady.run(), "indexes: nil 0, otherwise 1, closed 2");
          }
          assertEquals(List.of(N, N, N), Arrays.stream(ran).boxed().toList());
          // and with nothing ready, otherwise runs (so the selects above could have chosen it)
          assertEquals(1, select().recv(buffered, v -> fail()).otherwise(() -> {}).run());
          assertEquals(1, select().send(chan(), 1, () -> fail()).otherwise(() -> {}).run());
        });
  }

  @Test
  void theSameChannelTwiceCountsAsTwoCases() {
    main(
        () -> {
          Chan<Integer> twice = chan(4);
          Chan<Integer> other = chan(4);
          twice.send(0);
          twice.send(0);
          other.send(2);
          int[] counts = new int[3];
          int[] got = {-1};
          Select s =
              select()
                  .recv(twice, v -> got[0] = v)
                  .recv(other, v -> got[0] = v)
                  .recv(twice, v -> got[0] = v);
          for (int i = 0; i < N; i++) {
            got[0] = -1;
            int k = s.run();
            counts[k]++;
            if (k == 1) {
              assertEquals(2, got[0]);
              other.send(2);
            } else {
              assertEquals(0, got[0]);
              twice.send(0);
            }
          }
          assertUniform(counts, "a channel in cases 0 and 2, another in case 1");
        });
  }

  @Test
  void sendAndReceiveOnTheSameChannelInOneSelect() {
    main(
        () -> {
          // two sends of different values and a receive, all on one channel with room and a value
          Chan<Integer> c = chan(3);
          c.send(100);
          int[] counts = new int[3];
          int[] got = {-1};
          Select s =
              select()
                  .send(c, 10, () -> {})
                  .recv(c, v -> got[0] = v)
                  .send(c, 20, () -> {});
          for (int i = 0; i < N; i++) {
            got[0] = -1;
            int k = s.run();
            counts[k]++;
            switch (k) {
              case 0 -> {
                assertEquals(2, c.len());
                assertEquals(100, c.recv());
                assertEquals(10, c.recv(), "case 0 sent its own value");
                c.send(100);
              }
              case 2 -> {
                assertEquals(2, c.len());
                assertEquals(100, c.recv());
                assertEquals(20, c.recv(), "case 2 sent its own value");
                c.send(100);
              }
              default -> {
                assertEquals(100, got[0]);
                assertEquals(0, c.len());
                c.send(100);
              }
            }
            assertEquals(1, c.len());
          }
          assertUniform(counts, "send, receive, send on one channel");
        });
  }

  @Test
  void nilChannelCasesAreNeverChosen() {
    main(
        () -> {
          Chan<Integer> nil = Chan.nil();
          List<Chan<Integer>> chans = List.of(chan(1), chan(1), chan(1));
          for (int k = 0; k < 3; k++) {
            chans.get(k).send(k);
          }
          int[] got = {-1};
          // cases: nil recv 0, ch0 1, nil send 2, ch1 3, nil recvOk 4, ch2 5, otherwise 6
          Select s =
              select()
                  .recv(nil, v -> fail("nil receive ran"))
                  .recv(chans.get(0), v -> got[0] = v)
                  .send(nil, 1, () -> fail("nil send ran"))
                  .recv(chans.get(1), v -> got[0] = v)
                  .recvOk(nil, (v, ok) -> fail("nil recvOk ran"))
                  .recv(chans.get(2), v -> got[0] = v)
                  .otherwise(() -> fail("otherwise ran while three cases were ready"));
          int[] counts = new int[3];
          for (int i = 0; i < N; i++) {
            got[0] = -1;
            int k = s.run();
            assertTrue(k == 1 || k == 3 || k == 5, "chose case " + k);
            int ch = k / 2;
            counts[ch]++;
            assertEquals(ch, got[0]);
            chans.get(ch).send(ch);
          }
          assertUniform(counts, "three ready cases among nil cases");

          // only nil cases and otherwise: otherwise, every time
          Select onlyNil =
              select()
                  .recv(nil, v -> fail("nil receive ran"))
                  .send(nil, 1, () -> fail("nil send ran"))
                  .recvOk(nil, (v, ok) -> fail("nil recvOk ran"));
          int[] otherwise = {0};
          onlyNil.otherwise(() -> otherwise[0]++);
          for (int i = 0; i < N; i++) {
            assertEquals(3, onlyNil.run());
          }
          assertEquals(N, otherwise[0]);

          // a nil case next to a closed channel: the closed channel, every time
          Chan<Integer> closed = chan();
          closed.close();
          Integer[] v0 = {-1};
          Select nilAndClosed =
              select().send(nil, 5, () -> fail("nil send ran")).recv(closed, v -> v0[0] = v);
          for (int i = 0; i < 1000; i++) {
            assertEquals(1, nilAndClosed.run());
            assertNull(v0[0]);
            v0[0] = -1;
          }
        });
  }
}
