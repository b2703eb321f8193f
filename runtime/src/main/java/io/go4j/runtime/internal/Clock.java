package io.go4j.runtime.internal;

/** The runtime's time source: the real monotonic clock, or the testkit's virtual one. */
interface Clock {
  Clock REAL = System::nanoTime;

  /** Monotonic nanoseconds. */
  long nanoTime();
}
