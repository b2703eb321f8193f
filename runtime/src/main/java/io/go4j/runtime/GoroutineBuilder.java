package io.go4j.runtime;

import io.go4j.runtime.internal.Sched;
import java.util.Objects;

/** Starts a goroutine with a name and a priority: {@code Go.spawn().name("audio").priority(HIGH).start(...)}. */
public final class GoroutineBuilder {
  private final Sched sched;
  private String name = "";
  private Priority priority = Priority.NORMAL;

  GoroutineBuilder(Sched sched) {
    this.sched = sched;
  }

  /**
   * The goroutine's name: its virtual thread's name, {@link Goroutine#name()} and {@link
   * GoroutineInfo#name()}. Dumps keep Go's header format, which has no name.
   */
  public GoroutineBuilder name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /** The goroutine's priority (default NORMAL). */
  public GoroutineBuilder priority(Priority priority) {
    this.priority = Objects.requireNonNull(priority, "priority");
    return this;
  }

  /** Starts {@code body} as a goroutine; an exception escaping it is a panic. */
  public Goroutine start(Runnable body) {
    Objects.requireNonNull(body, "body");
    return sched.spawn(name, priority, body);
  }
}
