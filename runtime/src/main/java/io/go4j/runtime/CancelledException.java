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

  /**
   * For shared constants such as {@code Context.CANCELED}: without a stack trace and, when {@code
   * enableSuppression} is false, ignoring {@code addSuppressed}, so sharing leaks nothing.
   */
  protected CancelledException(
      String message, Throwable cause, boolean enableSuppression, boolean writableStackTrace) {
    super(message, cause, enableSuppression, writableStackTrace);
  }
}
