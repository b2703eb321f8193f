package io.go4j.runtime;

import java.util.List;

/**
 * Scheduler counters at one instant.
 *
 * @param goroutines live goroutines
 * @param procs GOMAXPROCS
 * @param idleProcs Ps with no M
 * @param threads carrier threads (Ms) plus sysmon and the timer thread
 * @param spinningThreads Ms looking for work
 * @param idleThreads Ms parked with no P
 * @param globalRunQueue goroutines on the global run queue
 * @param localRunQueues each P's local run queue length (ring plus {@code runnext})
 * @param spawned goroutines created since the runtime started
 * @param handoffs Ps taken by sysmon from an M stuck in one goroutine
 * @param preemptions preemption requests made by sysmon
 * @param panics goroutines that ended with an uncaught exception
 * @param timers timers in the runtime's timer heap that have not been stopped and whose action has
 *     not returned: a fired timer counts until its action (readying a sleeper, say) is done, so
 *     deadlock detection never misses a wake-up on its way; a channel timer is there only while a
 *     goroutine waits for it
 * @param starvingBands priority bands that have had runnable goroutines but run none of them for
 *     100 ms, lowest first: bands are strict, so busy goroutines of a higher band can starve
 *     lower ones (the runtime does not age priorities)
 * @param boosts goroutines running above their base priority (priority inheritance), by id
 */
public record RuntimeStats(
    int goroutines,
    int procs,
    int idleProcs,
    int threads,
    int spinningThreads,
    int idleThreads,
    int globalRunQueue,
    List<Integer> localRunQueues,
    long spawned,
    long handoffs,
    long preemptions,
    long panics,
    int timers,
    List<Priority> starvingBands,
    List<RuntimeStats.Boost> boosts) {

  /**
   * A goroutine boosted by a priority-inheritance lock.
   *
   * @param goroutine its id
   * @param base the priority it was started with
   * @param effective the priority it runs at
   * @param boostedBy who boosts it: which goroutine waits for which lock
   */
  public record Boost(long goroutine, Priority base, Priority effective, String boostedBy) {}
}
