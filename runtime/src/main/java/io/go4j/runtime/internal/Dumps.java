package io.go4j.runtime.internal;

import io.go4j.runtime.GoroutineInfo;
import io.go4j.runtime.GoroutineState;
import io.go4j.runtime.Priority;
import io.go4j.runtime.spi.GoDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Go-format goroutine dumps and panic reports (traceback.go): a {@code goroutine N [state]:}
 * header, the stack innermost first, then {@code created by F in goroutine P}; blocks separated by
 * a blank line. The wait duration appears only after one minute, in whole minutes, as in Go. A
 * goroutine blocked in JDK code shows what it waits for there ({@link G#jdkWait}) instead of
 * {@code running}, with no duration: go4j does not see it start waiting.
 */
final class Dumps {
  private Dumps() {}

  /**
   * The bracketed state of a dump header: Go's state label ({@code chan receive, 2 minutes}), then
   * the priority when it is not NORMAL or is boosted: {@code semacquire, priority HIGH (base LOW,
   * boosted by goroutine 7 waiting for PiMutex@1b6d3586)}.
   */
  static String stateLabel(G g, long now) {
    GoroutineState s = g.gstatus();
    String reason = g.waitReason(s);
    long waited = s == GoroutineState.WAITING ? now - g.waitSince() : 0;
    return stateLabel(s, reason, waited, false, g.priority(), g.effectivePriority(), g.boostedBy());
  }

  /**
   * A state label from its parts; {@code withAge}: a WAITING goroutine's wait time is shown even
   * under a minute, as Go's duration ({@code chan receive, 150ms}), for leak reports.
   */
  static String stateLabel(
      GoroutineState s,
      String reason,
      long waitedNanos,
      boolean withAge,
      Priority base,
      Priority effective,
      String boostedBy) {
    String state = goState(s, reason, waitedNanos, withAge);
    if (!boostedBy.isEmpty()) {
      return state
          + ", priority "
          + effective
          + " (base "
          + base
          + ", boosted by "
          + boostedBy
          + ")";
    }
    return effective == Priority.NORMAL ? state : state + ", priority " + effective;
  }

  private static String goState(GoroutineState s, String reason, long waited, boolean withAge) {
    return switch (s) {
      case RUNNING -> reason.isEmpty() ? "running" : reason; // blocked in the JDK
      case RUNNABLE -> "runnable";
      case DEAD -> "dead";
      case WAITING -> {
        long minutes = TimeUnit.NANOSECONDS.toMinutes(waited);
        if (minutes >= 1) {
          yield reason + ", " + minutes + " minutes";
        }
        yield withAge ? reason + ", " + GoDuration.format(Math.max(0, waited)) : reason;
      }
    };
  }

  /** One goroutine's block of a dump, from a snapshot. */
  static String block(GoroutineInfo info, boolean withAge) {
    StringBuilder out = new StringBuilder();
    String state =
        stateLabel(
            info.state(),
            info.waitReason(),
            info.waiting().toNanos(),
            withAge,
            info.priority(),
            info.effectivePriority(),
            info.boostedBy());
    block(out, info.id(), state, info.stack(), info.createdBy(), info.parentId(), info.creationStack());
    return out.toString();
  }

  static void block(StringBuilder out, G g, String state, List<StackTraceElement> frames) {
    block(out, g.id, state, frames, g.site.function(), g.parentId, g.site.stack());
  }

  private static void block(
      StringBuilder out,
      long id,
      String state,
      List<StackTraceElement> frames,
      String createdBy,
      long parentId,
      List<StackTraceElement> creationStack) {
    out.append("goroutine ").append(id).append(" [").append(state).append("]:\n");
    for (StackTraceElement f : frames) {
      appendFrame(out, f).append('\n');
    }
    if (createdBy.isEmpty()) {
      return;
    }
    out.append("created by ").append(createdBy);
    if (parentId != 0) {
      out.append(" in goroutine ").append(parentId);
    }
    out.append('\n');
    if (CreationSites.FULL_STACKS) {
      for (StackTraceElement f : creationStack) {
        appendFrame(out.append('\t'), f).append('\n');
      }
    }
  }

  static StringBuilder appendFrame(StringBuilder out, StackTraceElement f) {
    out.append(f.getClassName()).append('.').append(f.getMethodName()).append('(');
    if (f.isNativeMethod()) {
      out.append("Native Method");
    } else if (f.getFileName() == null) {
      out.append("Unknown Source");
    } else {
      out.append(f.getFileName());
      if (f.getLineNumber() >= 0) {
        out.append(':').append(f.getLineNumber());
      }
    }
    return out.append(')');
  }

  /**
   * A goroutine's frames without the plumbing around them: the JDK's park and continuation frames
   * and the runtime's park path on top, the virtual thread's entry and {@link G}'s wrapper at the
   * bottom.
   */
  static List<StackTraceElement> userFrames(StackTraceElement[] stack) {
    int from = 0;
    int to = stack.length;
    while (to > 0 && isBottomPlumbing(stack[to - 1].getClassName())) {
      to--;
    }
    int firstUser = from;
    while (firstUser < to && isTopPlumbing(stack[firstUser].getClassName())) {
      firstUser++;
    }
    // all plumbing (e.g. a goroutine not yet started): show nothing rather than JDK internals
    List<StackTraceElement> out = new ArrayList<>(to - firstUser);
    for (int i = firstUser; i < to; i++) {
      out.add(stack[i]);
    }
    return out;
  }

  private static boolean isTopPlumbing(String c) {
    return c.startsWith("java.lang.VirtualThread")
        || c.startsWith("jdk.internal.")
        || c.startsWith("java.lang.System$")
        || c.equals("java.lang.Thread")
        || c.equals("java.util.concurrent.locks.LockSupport")
        || c.startsWith("io.go4j.runtime.internal.")
        || c.startsWith("io.go4j.runtime.spi.");
  }

  /**
   * Frames below the goroutine's body: the virtual thread's entry and {@link G}'s wrapper, and for
   * a test run as a goroutine by the testkit, JUnit's reflective invocation of the test method.
   */
  private static boolean isBottomPlumbing(String c) {
    return c.startsWith("java.lang.VirtualThread")
        || c.startsWith("jdk.internal.vm.")
        || c.startsWith("io.go4j.runtime.internal.")
        || c.startsWith("io.go4j.testkit.internal.BubbleMain")
        || c.startsWith("org.junit.")
        || c.startsWith("jdk.internal.reflect.")
        || c.equals("java.lang.reflect.Method");
  }

  /** Go's panic report: {@code panic: <exception>}, a blank line, the failing goroutine's block. */
  static String panicReport(G g, Throwable t) {
    StringBuilder out = new StringBuilder();
    out.append("panic: ").append(t).append("\n\n");
    block(out, g, "running", userFrames(t.getStackTrace()));
    Throwable cause = t.getCause();
    for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
      out.append("caused by: ").append(cause).append('\n');
      for (StackTraceElement f : userFrames(cause.getStackTrace())) {
        appendFrame(out.append('\t'), f).append('\n');
      }
    }
    return out.toString();
  }
}
