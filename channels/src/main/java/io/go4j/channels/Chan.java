package io.go4j.channels;

import io.go4j.channels.internal.Channel;

/**
 * A Go channel ({@code chan T}): unbuffered or buffered, FIFO, with Go's semantics and memory model
 * (a send happens-before the matching receive completes; a close happens-before a receive that
 * returns because of it).
 */
public interface Chan<T> extends SendChan<T>, RecvChan<T> {
  /** Go's {@code make(chan T)}: unbuffered. */
  static <T> Chan<T> make() {
    return new Channel<>(0);
  }

  /**
   * Go's {@code make(chan T, n)}.
   *
   * @throws IllegalArgumentException if {@code capacity < 0}
   */
  static <T> Chan<T> make(int capacity) {
    return new Channel<>(capacity);
  }

  /**
   * Go's nil channel ({@code var ch chan T}): never ready. Send and receive block forever, a select
   * never chooses its cases, close throws.
   */
  static <T> Chan<T> nil() {
    return Channel.nil();
  }

  /** This channel as send-only (Go's {@code chan<- T}). */
  SendChan<T> sendOnly();

  /** This channel as receive-only (Go's {@code <-chan T}). */
  RecvChan<T> recvOnly();
}
