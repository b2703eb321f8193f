package io.go4j.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH state: the least a virtual-thread scheduler can be, as a floor for go4j's. One platform
 * carrier thread runs submitted tasks from one FIFO queue; virtual threads are made with the same
 * JDK constructor go4j uses. No processors, no stealing, no registry, no timers: what a park/unpark
 * costs here is the JDK's own continuation switch and park protocol.
 */
@State(Scope.Benchmark)
public class TrivialScheduler implements Executor, Spawner {
  private static final MethodHandle NEW_VIRTUAL_THREAD;

  static {
    try {
      NEW_VIRTUAL_THREAD =
          MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
              .findConstructor(
                  Class.forName("java.lang.VirtualThread"),
                  MethodType.methodType(
                      void.class, Executor.class, String.class, int.class, Runnable.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ArrayDeque<Runnable> queue = new ArrayDeque<>(); // guarded by itself
  private Thread carrier;

  @Setup(Level.Trial)
  public void start() {
    carrier = Thread.ofPlatform().daemon().name("trivial-carrier").start(this::drain);
  }

  @TearDown(Level.Trial)
  public void stop() {
    carrier.interrupt();
  }

  private void drain() {
    while (true) {
      Runnable task;
      synchronized (queue) {
        while ((task = queue.poll()) == null) {
          try {
            queue.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      task.run();
    }
  }

  @Override
  public void execute(Runnable task) {
    synchronized (queue) {
      queue.add(task);
      queue.notifyAll();
    }
  }

  @Override
  public void go(Runnable body) {
    newThread(body).start();
  }

  @Override
  public <T> T main(String what, Watchdog.Body<T> body) throws Exception {
    return Watchdog.virtual(what, this::newThread, body);
  }

  /** An unstarted virtual thread scheduled by this scheduler. */
  Thread newThread(Runnable body) {
    try {
      return (Thread) NEW_VIRTUAL_THREAD.invoke(this, "", 0, body);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
