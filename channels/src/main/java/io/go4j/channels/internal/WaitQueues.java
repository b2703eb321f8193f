package io.go4j.channels.internal;

import io.go4j.runtime.spi.SpinLock;

/**
 * A channel's two FIFOs of blocked operations, senders and receivers: Go's {@code sendq} and
 * {@code recvq}, doubly linked so a cancelled or losing select node leaves in O(1). Guarded by the
 * channel's lock.
 *
 * <p>Implementation notes. The queues' ends are fields of the channel itself, and fields of a
 * superclass come first in an object: they sit right after the lock word, most often in its cache
 * line. A goroutine handing a value to a counterpart that waits on another carrier takes the lock
 * and reads the head in one cache miss; queue objects of their own cost a second, dependent one
 * on every such hand-over.
 */
abstract sealed class WaitQueues extends SpinLock permits Channel {
  /** Selects the senders' queue. */
  static final boolean SENDERS = true;

  /** Selects the receivers' queue. */
  static final boolean RECEIVERS = false;

  private Node sendHead;
  private Node sendTail;
  private Node recvHead;
  private Node recvTail;

  final boolean isEmpty(boolean senders) {
    return (senders ? sendHead : recvHead) == null;
  }

  final void enqueue(boolean senders, Node n) {
    Node tail = senders ? sendTail : recvTail;
    n.queued = true;
    n.prev = tail;
    if (tail == null) {
      setHead(senders, n);
    } else {
      tail.next = n;
    }
    setTail(senders, n);
  }

  /** Unlinks {@code n} if it is still queued. */
  final void remove(boolean senders, Node n) {
    if (!n.queued) {
      return;
    }
    n.queued = false;
    if (n.prev == null) {
      setHead(senders, n.next);
    } else {
      n.prev.next = n.next;
    }
    if (n.next == null) {
      setTail(senders, n.prev);
    } else {
      n.next.prev = n.prev;
    }
    n.prev = null;
    n.next = null;
  }

  /**
   * The first node whose operation this caller completes, unlinked and claimed; a receiver's
   * {@code elem} is set to {@code elem} first (a sender's, its value, stays). Nodes whose select
   * already completed elsewhere, or that were cancelled, are dropped on the way (Go's {@code
   * dequeue}); what was written into them is never read.
   */
  final Node take(boolean senders, Object elem) {
    for (Node n = head(senders); n != null; n = head(senders)) {
      remove(senders, n);
      if (!senders) {
        n.elem = elem;
      }
      if (n.claim()) {
        return n;
      }
    }
    return null;
  }

  /** Claims the first live node as completed by close (its {@code closed} set), or null. */
  final Node takeClosed(boolean senders) {
    for (Node n = head(senders); n != null; n = head(senders)) {
      remove(senders, n);
      n.closed = true;
      if (n.claim()) {
        return n;
      }
    }
    return null;
  }

  private Node head(boolean senders) {
    return senders ? sendHead : recvHead;
  }

  private void setHead(boolean senders, Node n) {
    if (senders) {
      sendHead = n;
    } else {
      recvHead = n;
    }
  }

  private void setTail(boolean senders, Node n) {
    if (senders) {
      sendTail = n;
    } else {
      recvTail = n;
    }
  }
}
