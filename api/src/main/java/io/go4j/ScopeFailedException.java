package io.go4j;

import java.io.Serial;

/**
 * Thrown by a {@link Scope} whose first failure was a checked exception, which is its cause. Later
 * failures are attached to it as suppressed exceptions.
 */
public class ScopeFailedException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  public ScopeFailedException(Throwable cause) {
    super("scope failed: " + cause, cause);
  }
}
