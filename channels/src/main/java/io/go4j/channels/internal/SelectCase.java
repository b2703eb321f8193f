package io.go4j.channels.internal;

import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import java.util.Objects;

/** One case of a select: a send of {@code value} or a receive, on a channel. */
public final class SelectCase {
  /** Null for a nil channel: never ready. */
  final Channel<?> ch;

  final boolean send;
  final Object value;
  private Object received;
  private boolean ok;

  private SelectCase(Channel<?> ch, boolean send, Object value) {
    this.ch = ch.isNil() ? null : ch;
    this.send = send;
    this.value = value;
  }

  public static SelectCase recv(RecvChan<?> ch) {
    return new SelectCase(unwrap(ch), false, null);
  }

  public static SelectCase send(SendChan<?> ch, Object value) {
    Objects.requireNonNull(value, Channel::nullMessage);
    return new SelectCase(unwrap(ch), true, value);
  }

  private static Channel<?> unwrap(Object ch) {
    Objects.requireNonNull(ch, "channel (use Chan.nil() for a case that is never ready)");
    if (ch instanceof Channel<?> c) {
      return c;
    }
    throw new IllegalArgumentException(
        "select works on go4j channels only, not on " + ch.getClass().getName());
  }

  /** After a receive case won: the value (null if closed), then cleared. */
  public Object takeReceived() {
    Object v = received;
    received = null;
    return v;
  }

  /** After a receive case won: false if the channel was closed and drained. */
  public boolean ok() {
    return ok;
  }

  /** Records what the case received: a value, or {@code Channel.CLOSED}. */
  void received(Object v) {
    this.ok = !Channel.isClosed(v);
    this.received = ok ? v : null;
  }
}
