package io.go4j.runtime;

import java.io.Serial;

/**
 * Every goroutine is blocked and nothing can wake any of them. The message starts with Go's
 * {@code all goroutines are asleep - deadlock!} and carries the goroutine dump. Code outside the
 * runtime that will still wake a goroutine (a platform thread that sends on a channel) is unknown
 * to go4j: it must hold {@link GoRuntime#externalWaker()}, or its goroutines look deadlocked.
 */
public class DeadlockException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  public DeadlockException(String message) {
    super(message);
  }
}
