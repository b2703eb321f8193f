package io.go4j.channels.internal;

import io.go4j.channels.ClosedChannelException;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.spi.Park;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Go's {@code selectgo} over a fixed list of cases, reusable by one thread at a time.
 *
 * <p>Implementation notes. Pass 1 locks every distinct channel in ascending {@code id} order (so
 * two selects never wait for each other's locks) and polls the cases in a fresh uniformly random
 * order: the first ready case wins, which makes the choice among ready cases uniform. Pass 2, with
 * the locks still held, queues one {@link Node} per case, all sharing the first one's {@link
 * Blocker}; no counterpart can complete any of them before the locks are released, so the select
 * needs no claim of its own. The first counterpart to claim the blocker wins. Pass 3 unlinks the
 * other nodes, one channel at a time. Nil channels are left out: never ready.
 */
public final class Selector {
  private final SelectCase[] cases;
  private final Channel<?>[] lockOrder;
  private final int[] order;

  public Selector(List<SelectCase> cases) {
    this.cases = cases.toArray(new SelectCase[0]);
    this.lockOrder =
        cases.stream()
            .map(c -> c.ch)
            .filter(ch -> ch != null)
            .distinct()
            .sorted(Comparator.comparingLong((Channel<?> ch) -> ch.id))
            .toArray(Channel<?>[]::new);
    this.order = new int[this.cases.length];
  }

  /**
   * Runs the select: the index of the case that completed, or -1 if none was ready and {@code
   * block} is false. A winning receive case holds its value ({@link SelectCase#takeReceived}).
   *
   * @throws ClosedChannelException if a send case's channel is closed
   * @throws CancelledException if interrupted while blocked; no case happened
   */
  public int select(boolean block) {
    Park.step("select");
    int n = cases.length;
    int rotation = n > 1 ? Park.decide(n) : 0;
    if (rotation >= 0) { // deterministic scheduling: one decision, which case is polled first
      for (int i = 0; i < n; i++) {
        order[i] = (i + rotation) % n;
      }
    } else {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      for (int i = 0; i < n; i++) { // inside-out Fisher-Yates
        int j = rnd.nextInt(i + 1);
        order[i] = order[j];
        order[j] = i;
      }
    }
    lockAll();
    for (int k = 0; k < n; k++) {
      int i = order[k];
      SelectCase c = cases[i];
      Channel<?> ch = c.ch;
      if (ch == null) {
        continue;
      }
      if (c.send) {
        if (ch.closed) {
          unlockAll();
          throw new ClosedChannelException();
        }
        Object r = ch.offer(c.value);
        if (r != null) {
          unlockAll();
          Channel.wakeReceiver(r);
          return i;
        }
      } else {
        Object r = ch.poll();
        if (r != null) {
          unlockAll();
          c.received(Channel.completed(r));
          return i;
        }
      }
    }
    if (!block) {
      unlockAll();
      return -1;
    }
    if (lockOrder.length == 0) { // Go's block(), or selectgo with only nil cases
      Channel.blockForever(n == 0 ? "select (no cases)" : "select");
    }
    Node[] nodes = new Node[n];
    Node first = null;
    for (int i = 0; i < n; i++) {
      SelectCase c = cases[i];
      Channel<?> ch = c.ch;
      if (ch == null) {
        continue;
      }
      Node node;
      if (first == null) {
        node = new Node(i, c.value, true);
        first = node;
      } else {
        node = new Node(first, i, c.value);
      }
      nodes[i] = node;
      if (c.send) {
        ch.enqueue(WaitQueues.SENDERS, node);
      } else {
        ch.enqueue(WaitQueues.RECEIVERS, node);
        if (ch.timer != null) {
          ch.timer.arm();
        }
      }
    }
    unlockAll();
    int won = first.await("select", true);
    for (int i = 0; i < n; i++) {
      Node node = nodes[i];
      if (node != null && i != won && node.queued) {
        Channel<?> ch = cases[i].ch;
        if (cases[i].send) {
          ch.withdrawSender(node);
        } else {
          ch.withdrawReceiver(node);
        }
      }
    }
    if (won == Blocker.CANCELLED) {
      throw new CancelledException("select interrupted; no case happened");
    }
    Node w = nodes[won];
    SelectCase c = cases[won];
    if (c.send) {
      if (w.closed) {
        throw new ClosedChannelException();
      }
    } else {
      c.received(w.received());
    }
    return won;
  }

  private void lockAll() {
    for (Channel<?> ch : lockOrder) {
      ch.lock();
    }
  }

  private void unlockAll() {
    for (int i = lockOrder.length - 1; i >= 0; i--) {
      lockOrder[i].unlock();
    }
  }
}
