package io.go4j.runtime;

import io.go4j.runtime.internal.Sched;
import java.time.Duration;
import java.util.List;

/**
 * A snapshot of one goroutine, as a dump shows it.
 *
 * @param id goroutine id
 * @param name name given at spawn, or {@code ""}
 * @param parentId id of the goroutine that started it, 0 when started from outside any goroutine
 * @param priority its priority
 * @param state its state at the snapshot
 * @param waitReason Go's wait reason when WAITING; when RUNNING but blocked in JDK code, what the
 *     JDK has it wait for ({@link Goroutine#waitReason()}); else {@code ""}
 * @param waiting how long it has been WAITING ({@link Duration#ZERO} otherwise); on the real clock
 *     its start is stamped from the runtime's monitor thread's last reading, so this may be up to
 *     10 ms long (exact on a virtual clock)
 * @param createdBy the function that started it ({@code com.example.Main.main}), or {@code ""}.
 *     To keep spawning cheap, it is found once per class of the goroutine's body (the function that
 *     first started one), except where it must be exact: for a goroutine attributed to a test
 *     ({@link io.go4j.runtime.spi.Origins}), in a runtime with a virtual clock, and with {@code
 *     -Dgo4j.creationstacks=true}, where every spawn walks the stack
 * @param creationStack where it was started: the spawning frame, or the whole spawning stack with
 *     {@code -Dgo4j.creationstacks=true}
 * @param stack its stack at the snapshot, innermost first, without the runtime's frames
 * @param effectivePriority the priority it runs at: {@code priority}, or higher while a
 *     priority-inheritance lock boosts it
 * @param boostedBy why it runs above {@code priority} (which goroutine waits for which lock), or
 *     {@code ""}
 * @param origin the attribution it inherited at spawn ({@link io.go4j.runtime.spi.Origins}), 0 when
 *     none was set
 * @param runtime the name of the runtime it runs on ({@link GoRuntime#name()}): ids are per
 *     runtime, so two runtimes each have a goroutine 1
 */
public record GoroutineInfo(
    long id,
    String name,
    long parentId,
    Priority priority,
    GoroutineState state,
    String waitReason,
    Duration waiting,
    String createdBy,
    List<StackTraceElement> creationStack,
    List<StackTraceElement> stack,
    Priority effectivePriority,
    String boostedBy,
    long origin,
    String runtime) {

  /** Its block of a Go-format dump: {@code goroutine 7 [chan receive]:}, its stack, its creator. */
  public String dump() {
    return Sched.dumpBlock(this, false);
  }

  /**
   * Its dump block with the wait time shown even under Go's one-minute threshold, as Go prints a
   * duration: {@code goroutine 7 [chan receive, 150ms]:}. For leak reports.
   */
  public String dumpWithAge() {
    return Sched.dumpBlock(this, true);
  }
}
