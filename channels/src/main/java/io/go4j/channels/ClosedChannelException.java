package io.go4j.channels;

/**
 * Go's {@code panic: send on closed channel}: a send on a closed channel, also thrown to a sender
 * that was blocked when the channel was closed (its value was not delivered).
 */
public class ClosedChannelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClosedChannelException() {
    super("send on closed channel");
  }
}
