package io.go4j.chan;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static io.go4j.Go.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.channels.ClosedChannelException;
import io.go4j.channels.Received;
import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import io.go4j.channels.Ticker;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.Goroutine;
import io.go4j.testsupport.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** API.md §2 and §3: Go's channel semantics and every error path with its message. */
@Timeout(60)
class ChannelSemanticsTest {
  @Test
  void errorsCarryGosMessages() {
    assertEquals(
        "makechan: size out of range (-1 < 0)",
        assertThrows(IllegalArgumentException.class, () -> chan(-1)).getMessage());
    Chan<String> ch = chan(1);
    NullPointerException npe = assertThrows(NullPointerException.class, () -> ch.send(null));
    assertTrue(npe.getMessage().startsWith("null cannot be sent on a channel"), npe.getMessage());
    assertThrows(NullPointerException.class, () -> ch.trySend(null));
    NullPointerException inSelect =
        assertThrows(NullPointerException.class, () -> select().send(ch, null, () -> {}));
    assertTrue(
        inSelect.getMessage().startsWith("null cannot be sent on a channel"),
        inSelect.getMessage());
    assertEquals(0, ch.len(), "nothing was sent");
    ch.close();
    assertEquals(
        "close of closed channel",
        assertThrows(IllegalStateException.class, ch::close).getMessage());
    assertEquals(
        "send on closed channel",
        assertThrows(ClosedChannelException.class, () -> ch.send("x")).getMessage());
    assertThrows(ClosedChannelException.class, () -> ch.trySend("x"));
    assertEquals(
        "send on closed channel",
        assertThrows(
                ClosedChannelException.class,
                () -> select().send(ch, "x", () -> {}).otherwise(() -> {}).run())
            .getMessage());
    assertEquals(
        "close of nil channel",
        assertThrows(IllegalStateException.class, () -> Chan.nil().close()).getMessage());
    assertEquals(
        "select: multiple defaults",
        assertThrows(
                IllegalStateException.class,
                () -> select().otherwise(() -> {}).otherwise(() -> {}))
            .getMessage());
    assertTrue(
        assertThrows(NullPointerException.class, () -> select().recv(null, () -> {}))
            .getMessage()
            .contains("Chan.nil()"));
    assertEquals(
        "non-positive interval for NewTicker",
        assertThrows(IllegalArgumentException.class, () -> Ticker.newTicker(Duration.ZERO))
            .getMessage());
  }

  @Test
  void closedChannelDrainsItsBufferThenReturnsZero() {
    Chan<Integer> ch = chan(3);
    ch.send(1);
    ch.send(2);
    ch.send(3);
    ch.close();
    assertEquals(3, ch.len());
    assertEquals(new Received<>(1, true), ch.recvOk());
    assertEquals(2, ch.recv());
    assertEquals(new Received<>(3, true), ch.tryRecv());
    assertEquals(Received.closed(), ch.recvOk());
    assertNull(ch.recv());
    assertEquals(Received.closed(), ch.tryRecv());
    assertEquals(0, ch.len());
    assertEquals(3, ch.cap());
  }

  @Test
  void senderBlockedAtCloseGetsClosedChannelExceptionAndItsValueIsNotDelivered() {
    main(
        () -> {
          Chan<String> ch = chan();
          AtomicReference<Throwable> thrown = new AtomicReference<>();
          Goroutine sender =
              go(
                  () -> {
                    try {
                      ch.send("lost?");
                    } catch (ClosedChannelException e) {
                      thrown.set(e);
                    }
                  });
          Waits.until(sender, "chan send");
          ch.close();
          sender.join();
          assertEquals("send on closed channel", thrown.get().getMessage());
          assertEquals(Received.closed(), ch.recvOk());
        });
  }

  @Test
  void receiversBlockedAtCloseGetZeroAndNotOk() {
    main(
        () -> {
          Chan<String> ch = chan(2);
          List<Received<String>> got = Collections.synchronizedList(new ArrayList<>());
          List<Goroutine> rs = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            Goroutine r = go(() -> got.add(ch.recvOk()));
            Waits.until(r, "chan receive");
            rs.add(r);
          }
          ch.close();
          rs.forEach(Goroutine::join);
          assertEquals(Collections.nCopies(3, Received.<String>closed()), got);
        });
  }

  @Test
  void receiverOfAFullBufferPullsTheFirstWaitingSendersValueIn() {
    main(
        () -> {
          Chan<Integer> ch = chan(2);
          ch.send(1);
          ch.send(2);
          Goroutine s3 = go(() -> ch.send(3));
          Waits.until(s3, "chan send");
          Goroutine s4 = go(() -> ch.send(4));
          Waits.until(s4, "chan send");
          assertEquals(1, ch.recv());
          assertEquals(2, ch.len(), "3 moved from the waiting sender into the buffer");
          s3.join();
          assertTrue(s4.isAlive());
          assertEquals(List.of(2, 3, 4), List.of(ch.recv(), ch.recv(), ch.recv()));
          s4.join();
          assertEquals(0, ch.len());
        });
  }

  @Test
  void senderHandsItsValueDirectlyToAWaitingReceiver() {
    main(
        () -> {
          Chan<Integer> ch = chan(5);
          AtomicReference<Integer> got = new AtomicReference<>();
          Goroutine r = go(() -> got.set(ch.recv()));
          Waits.until(r, "chan receive");
          ch.send(7);
          assertEquals(0, ch.len(), "the value bypassed the buffer");
          r.join();
          assertEquals(7, got.get());
        });
  }

  @Test
  void blockedSendersAndReceiversAreServedInFifoOrder() {
    main(
        () -> {
          Chan<Integer> ch = chan();
          for (int i = 0; i < 5; i++) {
            int v = i;
            Waits.until(go(() -> ch.send(v)), "chan send");
          }
          assertEquals(
              List.of(0, 1, 2, 3, 4), IntStream.range(0, 5).mapToObj(i -> ch.recv()).toList());
          List<Integer> order = Collections.synchronizedList(new ArrayList<>());
          List<Goroutine> rs = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            int id = i;
            Goroutine r =
                go(
                    () -> {
                      ch.recv();
                      order.add(id);
                    });
            Waits.until(r, "chan receive");
            rs.add(r);
          }
          for (int i = 0; i < 5; i++) {
            ch.send(i);
            rs.get(i).join(); // the i-th queued receiver took the i-th value
          }
          assertEquals(List.of(0, 1, 2, 3, 4), order);
        });
  }

  @Test
  void nilChannelNeverReadyAndBlocksWithGosWaitReasons() {
    main(
        () -> {
          Chan<String> nil = Chan.nil();
          assertFalse(nil.trySend("x"));
          assertNull(nil.tryRecv());
          assertEquals(0, nil.len());
          assertEquals(0, nil.cap());
          assertSame(nil, Chan.<Integer>nil());
          assertTrue(nil.isNil());
          assertTrue(nil.sendOnly().isNil());
          assertTrue(nil.recvOnly().isNil());
          assertFalse(Chan.make().isNil());
          assertFalse(Chan.make(1).recvOnly().isNil());
          List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
          Goroutine s = go(() -> catching(errors, () -> nil.send("x")));
          Goroutine r = go(() -> catching(errors, nil::recv));
          Goroutine ranger = go(() -> catching(errors, () -> nil.forEach(v -> {})));
          Waits.until(s, "chan send (nil chan)");
          Waits.until(r, "chan receive (nil chan)");
          Waits.until(ranger, "chan receive (nil chan)");
          List.of(s, r, ranger).forEach(Goroutine::interrupt);
          List.of(s, r, ranger).forEach(Goroutine::join);
          assertEquals(
              List.of(
                  "chan receive (nil chan) interrupted",
                  "chan receive (nil chan) interrupted",
                  "chan send (nil chan) interrupted"),
              errors.stream().map(Throwable::getMessage).sorted().toList());
          assertTrue(errors.stream().allMatch(CancelledException.class::isInstance));
          int chosen = select().recv(nil, () -> {}).send(nil, "x", () -> {}).otherwise(() -> {}).run();
          assertEquals(2, chosen, "only default is ever ready");
        });
  }

  private static void catching(List<Throwable> errors, Runnable op) {
    try {
      op.run();
    } catch (RuntimeException e) {
      errors.add(e);
    }
  }

  @Test
  void rangeAndStreamReceiveUntilClosed() {
    main(
        () -> {
          Chan<Integer> ch = chan(4);
          go(
              () -> {
                for (int i = 1; i <= 100; i++) {
                  ch.send(i);
                }
                ch.close();
              });
          int sum = 0;
          int n = 0;
          for (int v : ch) {
            sum += v;
            n++;
            if (n == 50) {
              break;
            }
          }
          assertEquals(1275, sum);
          assertEquals(
              IntStream.rangeClosed(51, 100).boxed().toList(),
              ch.stream().collect(Collectors.toList()));
          assertFalse(ch.iterator().hasNext());
        });
  }

  @Test
  void directionalViewsAreTheChannel() {
    Chan<String> ch = chan(2);
    SendChan<String> out = ch.sendOnly();
    RecvChan<String> in = ch.recvOnly();
    out.send("a");
    assertEquals(1, in.len());
    assertEquals(2, out.cap());
    assertEquals("a", in.recv());
    out.close();
    assertNull(in.recv());
  }

  /** {@code case <-ch:} and {@code case ch <- v:} with no statements still receive and send. */
  @Test
  void selectCasesWithoutStatementsStillCommunicate() {
    Chan<String> in = chan(1);
    Chan<String> out = chan(1);
    Chan<String> never = chan();
    in.send("dropped");
    assertEquals(1, select().recv(never).recv(in).run());
    assertEquals(0, in.len(), "the value was received");
    assertEquals(0, select().send(out, "sent").recv(never).run());
    assertEquals("sent", out.tryRecv().value());
    assertEquals(2, select().recv(in).send(never, "x").otherwise(() -> {}).run(), "nothing ready");
  }

  @Test
  void platformThreadsCanUseChannelsToo() throws InterruptedException {
    Chan<String> ch = chan();
    Thread t = Thread.ofPlatform().start(() -> ch.send("from a platform thread"));
    assertEquals("from a platform thread", ch.recv());
    t.join();
  }
}
