package io.go4j.runtime;

import java.io.Serial;

/**
 * Thrown in a goroutine that was interrupted or cancelled while blocked in a go4j operation. The
 * operation did not happen.
 */
public class CancelledException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  public CancelledException(String message) {
    super(message);
  }

  public CancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
