package io.go4j.channels.internal;

/**
 * A channel's FIFO of blocked senders or receivers: Go's {@code waitq}, a doubly linked list so a
 * cancelled or losing select node leaves in O(1). Guarded by the channel's lock.
 */
final class WaitQueue {
  private Node head;
  private Node tail;

  boolean isEmpty() {
    return head == null;
  }

  void enqueue(Node n) {
    n.queued = true;
    n.prev = tail;
    if (tail == null) {
      head = n;
    } else {
      tail.next = n;
    }
    tail = n;
  }

  /** Unlinks {@code n} if it is still queued. */
  void remove(Node n) {
    if (!n.queued) {
      return;
    }
    n.queued = false;
    if (n.prev == null) {
      head = n.next;
    } else {
      n.prev.next = n.next;
    }
    if (n.next == null) {
      tail = n.prev;
    } else {
      n.next.prev = n.prev;
    }
    n.prev = null;
    n.next = null;
  }

  /**
   * The first node whose operation this caller completes, unlinked and claimed, after setting its
   * {@code elem} to {@code elem} (receivers) when {@code setElem}. Nodes whose select already
   * completed elsewhere, or that were cancelled, are dropped on the way (Go's {@code dequeue});
   * what was written into them is never read.
   */
  Node take(boolean setElem, Object elem) {
    for (Node n = head; n != null; n = head) {
      remove(n);
      if (setElem) {
        n.elem = elem;
      }
      if (n.claim()) {
        return n;
      }
    }
    return null;
  }

  /** Claims the first live node as completed by close (its {@code closed} set), or null. */
  Node takeClosed() {
    for (Node n = head; n != null; n = head) {
      remove(n);
      n.closed = true;
      if (n.claim()) {
        return n;
      }
    }
    return null;
  }
}
