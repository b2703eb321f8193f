package io.go4j.channels;

/**
 * The result of Go's {@code v, ok := <-ch}: {@code ok} is false, and {@code value} null (the zero
 * value), when the channel is closed and drained.
 *
 * @param value the received value, or null when {@code ok} is false
 * @param ok whether a sent value was received
 */
public record Received<T>(T value, boolean ok) {
  private static final Received<?> CLOSED = new Received<>(null, false);

  /** The result of a receive from a closed, drained channel. */
  @SuppressWarnings("unchecked")
  public static <T> Received<T> closed() {
    return (Received<T>) CLOSED;
  }
}
