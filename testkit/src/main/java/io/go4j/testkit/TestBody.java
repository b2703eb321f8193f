package io.go4j.testkit;

/** A test's code, run as a goroutine by the testkit; it may throw anything. */
@FunctionalInterface
public interface TestBody {
  void run() throws Throwable;
}
