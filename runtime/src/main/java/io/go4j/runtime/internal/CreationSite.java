package io.go4j.runtime.internal;

import java.util.List;

/**
 * Where a goroutine was started: the function with the {@code go} statement (Go's "created by")
 * and the stack at that point (one frame by default, the whole stack with {@code
 * -Dgo4j.creationstacks=true}).
 */
record CreationSite(String function, List<StackTraceElement> stack) {
  static final CreationSite UNKNOWN = new CreationSite("", List.of());
}
