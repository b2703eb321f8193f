package io.go4j.runtime.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * The two JDK entry points goroutines are built on: {@code java.lang.VirtualThread}'s constructor
 * that takes a scheduler, and {@code Thread.currentCarrierThread()}. Both are package-private in
 * {@code java.lang}, reached through a private lookup, which needs {@code --add-opens
 * java.base/java.lang=...}. Without the flag nothing here throws at class initialisation: {@link
 * #check()} throws one clear {@link IllegalStateException} at first use, every time.
 */
final class VirtualThreads {
  private static final MethodHandle NEW_THREAD;
  private static final MethodHandle CURRENT_CARRIER;
  private static final String FAILURE;

  static {
    MethodHandle newThread = null;
    MethodHandle currentCarrier = null;
    String failure = null;
    try {
      MethodHandles.Lookup lookup =
          MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
      Class<?> vt = Class.forName("java.lang.VirtualThread");
      newThread =
          lookup
              .findConstructor(
                  vt,
                  MethodType.methodType(
                      void.class, Executor.class, String.class, int.class, Runnable.class))
              .asType(
                  MethodType.methodType(
                      Thread.class, Executor.class, String.class, int.class, Runnable.class));
      currentCarrier =
          lookup.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
    } catch (IllegalAccessException e) {
      failure = missingFlagMessage();
    } catch (ReflectiveOperationException e) {
      failure =
          "go4j needs JDK 25's java.lang.VirtualThread(Executor, String, int, Runnable) constructor"
              + " and Thread.currentCarrierThread(); this JVM ("
              + Runtime.version()
              + ") does not have them: "
              + e;
    }
    NEW_THREAD = newThread;
    CURRENT_CARRIER = currentCarrier;
    FAILURE = failure;
  }

  private VirtualThreads() {}

  private static String missingFlagMessage() {
    Module module = VirtualThreads.class.getModule();
    String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
    String flag = "--add-opens java.base/java.lang=" + target;
    return "go4j cannot start goroutines: the JVM was started without "
        + flag
        + "\n  go4j runs goroutines as virtual threads on its own scheduler, which needs that flag."
        + "\n  Command line: java "
        + flag
        + " ..."
        + "\n  Maven tests:  maven-surefire-plugin <configuration><argLine>"
        + flag
        + "</argLine>"
        + "\n  Maven run:    exec-maven-plugin <arguments><argument>"
        + flag.replace(" ", "</argument><argument>")
        + "</argument>...";
  }

  /** Throws the clear "missing flag" failure if the JDK hooks are not reachable. */
  static void check() {
    if (FAILURE != null) {
      throw new IllegalStateException(FAILURE);
    }
  }

  /** A new, unstarted virtual thread whose scheduler is {@code scheduler}. */
  static Thread newThread(Executor scheduler, String name, Runnable task) {
    try {
      return (Thread) NEW_THREAD.invokeExact(scheduler, name, 0, task);
    } catch (Throwable t) {
      throw sneaky(t);
    }
  }

  /** The platform thread the caller runs on: the carrier when called from a virtual thread. */
  static Thread currentCarrier() {
    try {
      return (Thread) CURRENT_CARRIER.invokeExact();
    } catch (Throwable t) {
      throw sneaky(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
