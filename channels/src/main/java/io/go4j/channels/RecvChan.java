package io.go4j.channels;

import java.util.stream.Stream;

/**
 * The receiving side of a channel (Go's {@code <-chan T}). Iterating it is Go's {@code for v :=
 * range ch}: it receives until the channel is closed and drained.
 */
public interface RecvChan<T> extends Iterable<T> {
  /**
   * Go's {@code v := <-ch}: blocks until a value arrives; null once the channel is closed and
   * drained.
   *
   * @throws io.go4j.runtime.CancelledException if interrupted while blocked; nothing was received
   */
  T recv();

  /** Go's {@code v, ok := <-ch}. */
  Received<T> recvOk();

  /**
   * A receive that does not block: the value (or {@link Received#closed()} on a closed, drained
   * channel), or null when a receive would block.
   */
  Received<T> tryRecv();

  /** Values in the buffer (Go's {@code len(ch)}), read without synchronization. */
  int len();

  /** Buffer capacity (Go's {@code cap(ch)}). */
  int cap();

  /** Go's {@code ch == nil}: whether this is {@link Chan#nil()} (or a view of it). */
  boolean isNil();

  /** The values received until the channel is closed and drained, as an ordered stream. */
  Stream<T> stream();
}
