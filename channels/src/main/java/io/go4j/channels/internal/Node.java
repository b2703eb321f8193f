package io.go4j.channels.internal;

/**
 * A blocked operation's place in one channel's wait queue: Go's {@code sudog}. A select has one per
 * case; they share the {@link Blocker}.
 *
 * <p>Fields other than {@code blocker} and {@code index} are guarded by the lock of the channel
 * whose queue holds the node, except that the blocked thread reads {@code elem} and {@code closed}
 * after its blocker was claimed for this node (the claim's CAS publishes them), and may read
 * {@code queued} without the lock: it only ever goes from true to false.
 */
final class Node {
  final Blocker blocker;
  final int index;

  /** A sender's value; for a receiver, the value handed to it. */
  Object elem;

  /** Completed by {@code close} rather than by a counterpart. */
  boolean closed;

  Node prev;
  Node next;
  boolean queued;

  Node(Blocker blocker, int index, Object elem) {
    this.blocker = blocker;
    this.index = index;
    this.elem = elem;
  }

  /** For the blocked receiver, after its claim: the value handed to it, or {@code CLOSED}. */
  Object received() {
    return closed ? Channel.CLOSED : elem;
  }
}
