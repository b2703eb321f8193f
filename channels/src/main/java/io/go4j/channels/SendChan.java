package io.go4j.channels;

/**
 * The sending side of a channel (Go's {@code chan<- T}).
 *
 * <p>{@code null} is never a value (it is what a closed channel's receive returns): sending it
 * throws {@link NullPointerException}.
 */
public interface SendChan<T> {
  /**
   * Go's {@code ch <- v}: blocks until a receiver takes {@code v} or the buffer has room.
   *
   * @throws ClosedChannelException if the channel is or becomes closed; {@code v} was not sent
   * @throws io.go4j.runtime.CancelledException if interrupted while blocked; {@code v} was not
   *     sent
   */
  void send(T v);

  /** A send that does not block (Go's {@code select} with {@code default}): true if sent. */
  boolean trySend(T v);

  /**
   * Go's {@code close(ch)}: receivers drain the buffer, then get null / {@code ok == false};
   * blocked senders get {@link ClosedChannelException}.
   *
   * @throws IllegalStateException {@code close of closed channel}, {@code close of nil channel}
   */
  void close();

  /** Values in the buffer (Go's {@code len(ch)}), read without synchronization. */
  int len();

  /** Buffer capacity (Go's {@code cap(ch)}). */
  int cap();

  /** Go's {@code ch == nil}: whether this is {@link Chan#nil()} (or a view of it). */
  boolean isNil();
}
