package io.go4j.runtime;

/**
 * A declaration that code outside a runtime's goroutines (a platform thread, a virtual thread of
 * the JDK's own scheduler, a callback of some library) may still wake its goroutines, for example
 * by sending on a channel they wait on. Go's deadlock detection knows every thread of a program;
 * a Java program can have threads go4j knows nothing of, so while one of these is open the runtime
 * does not declare a deadlock ({@link GoRuntime#main} and the testkit's bubbles wait instead),
 * and a virtual-time runtime (a bubble) does not move its clock to the next timer: as in Go's
 * synctest, a goroutine that something outside may wake is not durably blocked, so a timeout does
 * not race ahead of the outside code. Closing the last one lets the runtime look again. Take it
 * before the outside code can be needed (before starting its thread) and close it when that code
 * is done; {@link #close} is idempotent.
 */
public final class ExternalWaker implements AutoCloseable {
  private final Runnable release;
  private boolean closed;

  ExternalWaker(Runnable release) {
    this.release = release;
  }

  /** Ends this declaration; a deadlock can be declared again once none is open. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    release.run();
  }
}
