package io.go4j.sync;

/** Go's {@code sync.Locker}: an object that can be locked and unlocked. */
public interface Locker {
  /** Acquires the lock, blocking the calling goroutine until it is available. */
  void lock();

  /** Releases the lock. */
  void unlock();
}
