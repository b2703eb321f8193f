package io.go4j.runtime.internal;

import io.go4j.runtime.spi.WrappedBody;
import java.util.List;

/**
 * Finds where {@code go} was called. A stack walk costs microseconds, far more than a spawn, so by
 * default the site is computed once per class of the goroutine's body and cached: a lambda or method
 * reference has one class per source location, so its first spawn names its site. A {@link
 * WrappedBody} (a scope's child, {@code WaitGroup.go}) is keyed by the user code it wraps.
 *
 * <p>Implementation notes. The cache is only right for a class started from one function: a body
 * class started from two (a named {@code Runnable}, a lambda a helper returns) gets the creator of
 * whichever started it first, so a leak filter by creator would depend on which test ran first.
 * Where such filters are used, the site is exact, walked on every spawn ({@code exact}): for a
 * goroutine attributed to a test ({@link io.go4j.runtime.spi.Origins}, as {@code @VerifyNoLeaks}
 * and {@code Leaks.track()} do) and in a runtime with a virtual clock (a testkit bubble or
 * deterministic run), where spawns pay the walk. With {@code -Dgo4j.creationstacks=true} every
 * spawn records its whole stack (Kotlin's DebugProbes makes the same trade).
 */
final class CreationSites {
  static final boolean FULL_STACKS = Boolean.getBoolean("go4j.creationstacks");

  private static final StackWalker WALKER = StackWalker.getInstance();

  private static final ClassValue<CreationSite> BY_BODY_CLASS =
      new ClassValue<>() {
        @Override
        protected CreationSite computeValue(Class<?> type) {
          return walk(false);
        }
      };

  private CreationSites() {}

  /** The site of the spawn of {@code body} in progress; {@code exact}: walked, not cached. */
  static CreationSite of(Runnable body, boolean exact) {
    if (FULL_STACKS || exact) {
      return walk(FULL_STACKS);
    }
    Object code = body instanceof WrappedBody w ? w.wrapped() : body;
    return BY_BODY_CLASS.get(code.getClass());
  }

  private static CreationSite walk(boolean full) {
    List<StackTraceElement> frames =
        WALKER.walk(
            s ->
                s.dropWhile(f -> isGo4jEntry(f.getClassName()))
                    .limit(full ? Long.MAX_VALUE : 1)
                    .map(StackWalker.StackFrame::toStackTraceElement)
                    .toList());
    if (frames.isEmpty()) {
      return CreationSite.UNKNOWN;
    }
    StackTraceElement top = frames.get(0);
    return new CreationSite(top.getClassName() + "." + top.getMethodName(), frames);
  }

  /** go4j's own spawning layers (and the cache's), skipped to reach the user's {@code go} call. */
  static boolean isGo4jEntry(String className) {
    return className.startsWith("io.go4j.runtime.internal.")
        || className.startsWith("java.lang.ClassValue")
        || className.startsWith("io.go4j.runtime.GoRuntime")
        || className.startsWith("io.go4j.runtime.GoroutineBuilder")
        || className.startsWith("io.go4j.internal.")
        || className.equals("io.go4j.Go")
        || className.startsWith("io.go4j.Go$")
        || className.startsWith("io.go4j.Scope")
        || className.startsWith("io.go4j.sync.");
  }
}
