package io.go4j.channels.internal;

/**
 * A blocked operation's place in one channel's wait queue: Go's {@code sudog}. A single operation's
 * node is its own {@link Blocker} (one allocation per blocked operation); a select has one node per
 * case, all sharing the first one's.
 *
 * <p>Fields other than {@code blocker} and {@code index} are guarded by the lock of the channel
 * whose queue holds the node, except that the blocked thread reads {@code elem} and {@code closed}
 * after its blocker was claimed for this node (the claim's CAS publishes them), and may read
 * {@code queued} without the lock: it only ever goes from true to false.
 */
final class Node extends Blocker {
  final Blocker blocker;
  final int index;

  /** A sender's value; for a receiver, the value handed to it. */
  Object elem;

  /** Completed by {@code close} rather than by a counterpart. */
  boolean closed;

  /** Set by the claim that took the node: its blocked thread must be woken ({@link #wake}). */
  boolean wakeNeeded;

  Node prev;
  Node next;
  boolean queued;

  /** A single operation's node, or a select's first: its own blocker. */
  Node(int index, Object elem, boolean spin) {
    super(spin);
    this.blocker = this;
    this.index = index;
    this.elem = elem;
  }

  /** A select's further node, completing {@code first}'s blocker. */
  Node(Node first, int index, Object elem) {
    super(first);
    this.blocker = first;
    this.index = index;
    this.elem = elem;
  }

  /** Claims the node's blocker for this node (the channel locked): false if it lost. */
  boolean claim() {
    int c = blocker.claim(index);
    if (c == CLAIMED_WAKE) {
      wakeNeeded = true; // only then: a spinning owner reads this line meanwhile
    }
    return c != LOST;
  }

  /** After a successful {@link #claim}, the channel unlocked: wakes the blocked thread if needed. */
  void wake() {
    if (wakeNeeded) {
      blocker.wakeThread();
    }
  }

  /** For the blocked receiver, after its claim: the value handed to it, or {@code CLOSED}. */
  Object received() {
    return closed ? Channel.CLOSED : elem;
  }
}
