package io.go4j.sync;

import io.go4j.runtime.CancelledException;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.Priority;
import io.go4j.runtime.spi.Park;
import io.go4j.runtime.spi.Priorities;
import io.go4j.runtime.spi.Timebase;
import io.go4j.sync.internal.WaitQueue;
import io.go4j.sync.internal.Waiter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link PiMutex} and {@link PiSemaphore} share: the priority-inheritance bookkeeping of
 * Linux's rt_mutex (Documentation/locking/rt-mutex-design.rst) for locks with one owner (a mutex)
 * or several (a semaphore's holders).
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>One global lock, {@link #PI} (a {@link WaitQueue} used for its lock and its list of
 *       goroutines to wake), guards every PI lock's owners, the registry of {@link Task}s and the
 *       edges of the wait graph: a task's {@code held} locks, and the lock it waits for with its
 *       {@code waiter}. A lock's {@link WaitQueue} is taken only nested in {@code PI} (order:
 *       {@code PI}, then one queue at a time), except by a waiter's own thread when interrupted
 *       and by a timer cancelling a timed-out wait: those take the queue alone and only unlink the
 *       waiter (their undo does nothing), so they cannot deadlock with the nested order. Grants
 *       happen under both locks; the granted goroutines are woken after {@code PI} is released
 *       ({@code unlockInto(PI)}, then {@code PI.unlockAndWake()}).
 *   <li>Queues are ranked by the waiter's effective priority ({@link WaitQueue#addByRank}), FIFO
 *       within a priority; a waiter whose priority changes while it waits is re-ranked.
 *   <li>A task's effective priority is max(base, rank of the top waiter of every lock it holds);
 *       plain threads (no goroutine) count as NORMAL and are never boosted. {@link #walk}
 *       recomputes it for a task and, if it changed while the task waits, re-ranks it in that
 *       lock's queue and continues with that lock's owners: the chain walk, transitive, a work
 *       list for the semaphores' several holders. Every change of the graph (a waiter queued or
 *       gone, a lock granted or released) ends with a walk from the tasks it affects, so the
 *       effective priorities always match the graph when {@code PI} is released.
 *       {@code Priorities.setEffective} is called under {@code PI}: it must not block.
 *   <li>Deadlock: before it queues, an acquirer asks whether every owner of the lock leads back
 *       to itself along wait edges (for a mutex, one owner: a cycle; for a semaphore, all
 *       holders, since a holder outside the cycle could still release). If so it gets {@link
 *       DeadlockException} naming the edges, and nothing is queued. Since only queueing adds a
 *       wait edge, a mutex-only graph stays acyclic. A semaphore can close a cycle with an escape
 *       (another holder); the walk then stops where nothing changes, and is bounded besides
 *       ({@code MAX_WALK}). In such a cycle boosts can hold each other up after their source left,
 *       until a lock of the cycle is released (Linux forbids the cycle instead; a semaphore has no
 *       single owner to forbid it with). A wait edge counts only while its waiter still waits: an
 *       interrupted or timed-out waiter is unlinked by its queue first and takes its edge out, and
 *       its boost, under {@code PI} right after (until then the owner keeps the boost).
 *   <li>A task is in the registry while it holds a PI lock or waits for one, and removed as soon as
 *       it does neither: nothing leaks per goroutine (a goroutine that ends holding a PI lock stays
 *       as long as the lock names it as owner, as the lock itself would).
 * </ul>
 */
abstract sealed class PiLock permits PiMutex, PiSemaphore {
  /** A goroutine's (or plain thread's) PI bookkeeping, under {@link #PI}. */
  static final class Task {
    final Object key;
    final Goroutine g;

    /** The PI locks it holds, with counts (a semaphore's permits). */
    final Map<PiLock, Integer> held = new LinkedHashMap<>();

    /** The lock it waits for and its waiter there, or null. */
    PiLock waitingFor;

    Waiter waiter;

    /** The boost's cause last set, "" at base. */
    String why = "";

    Task(Object key, Goroutine g) {
      this.key = key;
      this.g = g;
    }

    Priority base() {
      return g == null ? Priority.NORMAL : Priorities.base(g);
    }

    Priority effective() {
      return g == null ? Priority.NORMAL : Priorities.effective(g);
    }

    boolean waits() {
      return waitingFor != null && waiter.isWaiting();
    }

    @Override
    public String toString() {
      return describeKey(key);
    }
  }

  static final WaitQueue PI = new WaitQueue();

  /** Tasks that hold or wait for a PI lock, by goroutine (or plain thread). */
  private static final Map<Object, Task> TASKS = new HashMap<>();


  /** Steps of one chain walk, far above any real graph: a guard, never reached in practice. */
  private static final int MAX_WALK = 1 << 16;

  final WaitQueue queue = new WaitQueue();

  /** Under {@link #PI}: the tasks that hold this lock. */
  abstract List<Task> owners();

  /** Under {@link #PI}: takes the lock (a permit) now if it is free and nobody waits. */
  abstract boolean tryTake(Task me);

  /** Under {@link #PI}: {@code next}, its waiter just granted, now holds the lock (a permit). */
  abstract void handTo(Task next);

  /** The wait reason of a goroutine blocked here. */
  private final String waitReason;

  /** What the exception of an interrupted wait says. */
  private final String cancelledMessage;

  PiLock(String waitReason, String cancelledMessage) {
    this.waitReason = waitReason;
    this.cancelledMessage = cancelledMessage;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this));
  }

  // ------------------------------------------------------------------ acquiring

  /**
   * Takes the lock, waiting unless {@code timeoutNanos == 0} (< 0: no timeout): whether it did.
   *
   * @throws DeadlockException if waiting would close a cycle; nothing was queued
   * @throws CancelledException if interrupted while waiting; nothing was acquired
   */
  final boolean acquire(long timeoutNanos) {
    PI.lock();
    Task me = task();
    if (tryTake(me)) {
      PI.unlockAndWake();
      return true;
    }
    if (timeoutNanos == 0) {
      forgetIfIdle(me);
      PI.unlockAndWake();
      return false;
    }
    if (Thread.interrupted()) {
      forgetIfIdle(me);
      PI.unlockAndWake();
      throw new CancelledException(cancelledMessage);
    }
    String cycle = cycle(me);
    if (cycle != null) {
      forgetIfIdle(me);
      PI.unlockAndWake();
      throw new DeadlockException(cycle);
    }
    Waiter w = new Waiter(1);
    queue.lock();
    queue.addByRank(w, rank(me.effective()));
    queue.unlockInto(PI);
    me.waitingFor = this;
    me.waiter = w;
    propagateAll(owners());
    PI.unlockAndWake();

    Timebase.Scheduled timer = null;
    if (timeoutNanos > 0) {
      Timebase tb = Timebase.current();
      timer = tb.at(tb.nanoTime() + timeoutNanos, () -> queue.cancel(w, PiLock::nothing));
    }
    int outcome = queue.await(w, waitReason, PiLock::nothing);
    if (timer != null) {
      timer.cancel();
    }
    if (outcome == Waiter.GRANTED) {
      return true; // handTo made it the owner and re-walked, under PI
    }
    // Unlinked by the interrupt or the timer: take the edge out and withdraw the boost.
    PI.lock();
    me.waitingFor = null;
    me.waiter = null;
    propagateAll(owners());
    forgetIfIdle(me);
    PI.unlockAndWake();
    if (outcome == Waiter.WITHDRAWN) {
      throw new CancelledException(cancelledMessage);
    }
    return false;
  }

  /**
   * Under {@link #PI}, from a release by {@code me}: grants the top waiter, if any, and makes it an
   * owner ({@link #handTo}); then re-walks from {@code me}, which holds less now, and from every
   * owner (the new one, and a semaphore's other holders, whose top waiter changed). Whether a
   * waiter got it.
   */
  final boolean grantTop(Task me) {
    queue.lock();
    Waiter top = queue.first();
    if (top != null) {
      queue.grant(top);
    }
    queue.unlockInto(PI);
    boolean granted = top != null;
    if (granted) {
      Task next = TASKS.get(keyOf(top));
      next.waitingFor = null;
      next.waiter = null;
      handTo(next);
    }
    ArrayDeque<Task> work = new ArrayDeque<>(owners());
    work.add(me);
    walk(work);
    forgetIfIdle(me);
    return granted;
  }

  // ------------------------------------------------------------------ the registry

  /** The caller's registry key: its goroutine, or its thread outside goroutines. */
  static Object currentKey() {
    Goroutine g = Park.current();
    return g != null ? g : Thread.currentThread();
  }

  /** Under {@link #PI}: the caller's task, registered if new. */
  static Task task() {
    return taskOf(currentKey());
  }

  /** {@code key} (a goroutine or a thread) as dumps name it. */
  static String describeKey(Object key) {
    return key instanceof Goroutine g ? describe(g, null) : describe(null, (Thread) key);
  }

  /** Under {@link #PI}: the task of {@code key} (a goroutine or a thread), registered if new. */
  static Task taskOf(Object key) {
    return TASKS.computeIfAbsent(key, k -> new Task(k, k instanceof Goroutine g ? g : null));
  }

  /** Under {@link #PI}: the caller's task, or null if it holds and waits for nothing. */
  static Task existingTask() {
    Goroutine g = Park.current();
    return TASKS.get(g != null ? g : Thread.currentThread());
  }

  /** How many goroutines and threads the registry holds now (for tests: nothing leaks). */
  static int registeredTasks() {
    PI.lock();
    int n = TASKS.size();
    PI.unlockAndWake();
    return n;
  }

  /** Under {@link #PI}: drops {@code t} from the registry if it holds and waits for nothing. */
  static void forgetIfIdle(Task t) {
    if (t.held.isEmpty() && t.waitingFor == null) {
      TASKS.remove(t.key);
    }
  }

  private static Object keyOf(Waiter w) {
    return w.goroutine() != null ? w.goroutine() : w.thread();
  }

  // ------------------------------------------------------------------ the chain walk

  private static void propagateAll(List<Task> from) {
    walk(new ArrayDeque<>(from));
  }

  /**
   * Under {@link #PI}: the chain walk. Re-computes the effective priority of each task in {@code
   * work}; one that changed while it waits is re-ranked in that lock's queue, and the lock's owners
   * are walked next.
   */
  private static void walk(ArrayDeque<Task> work) {
    for (int steps = 0; !work.isEmpty() && steps < MAX_WALK; steps++) {
      Task t = work.poll();
      if (t.g == null) {
        continue; // a plain thread stays NORMAL
      }
      Priority p = t.base();
      String why = "";
      for (PiLock l : t.held.keySet()) {
        l.queue.lock();
        Waiter top = l.queue.first();
        int rank = top == null ? -1 : top.rank();
        String cause = top == null ? "" : describe(top.goroutine(), top.thread());
        l.queue.unlockInto(PI);
        if (rank > rank(p)) {
          p = priority(rank);
          why = cause + " waiting for " + l;
        }
      }
      Priority old = t.effective();
      if (p == old && why.equals(t.why)) {
        continue;
      }
      Priorities.setEffective(t.g, p, why);
      t.why = why;
      if (p != old && t.waitingFor != null) {
        WaitQueue q = t.waitingFor.queue;
        q.lock();
        q.rerank(t.waiter, rank(p));
        q.unlockInto(PI);
        work.addAll(t.waitingFor.owners());
      }
    }
  }

  // ------------------------------------------------------------------ deadlock detection

  /**
   * Under {@link #PI}: the cycle {@code me} would close by waiting for this lock, described, or
   * null if some owner does not lead back to {@code me}.
   */
  private String cycle(Task me) {
    List<String> edges = new ArrayList<>();
    Set<Task> path = new HashSet<>();
    if (!leadsBack(me, me, this, edges, path)) {
      return null;
    }
    return "sync: deadlock: " + String.join(", ", edges);
  }

  /**
   * Whether every owner of {@code l} is {@code me} or waits, along wait edges, for something
   * every owner of which leads back to {@code me}; {@code edges} gets the edges that show it.
   */
  private static boolean leadsBack(
      Task me, Task waiter, PiLock l, List<String> edges, Set<Task> path) {
    List<Task> owners = l.owners();
    if (owners.isEmpty()) {
      return false;
    }
    path.add(waiter);
    int mark = edges.size();
    for (Task o : owners) {
      edges.add(waiter + " waits for " + l + " held by " + o);
      boolean back =
          o == me || (o.waits() && !path.contains(o) && leadsBack(me, o, o.waitingFor, edges, path));
      if (!back) {
        edges.subList(mark, edges.size()).clear();
        path.remove(waiter);
        return false;
      }
    }
    path.remove(waiter);
    return true;
  }

  /** The undo of a withdrawn or cancelled wait: nothing (see the notes). */
  private static void nothing() {}

  /** A waiter's rank in a queue: higher priorities go first. */
  private static int rank(Priority p) {
    return switch (p) {
      case LOW -> 0;
      case NORMAL -> 1;
      case HIGH -> 2;
      case REALTIME -> 3;
    };
  }

  private static Priority priority(int rank) {
    return switch (rank) {
      case 0 -> Priority.LOW;
      case 1 -> Priority.NORMAL;
      case 2 -> Priority.HIGH;
      case 3 -> Priority.REALTIME;
      default -> throw new IllegalArgumentException("rank " + rank);
    };
  }

  static String describe(Goroutine g, Thread t) {
    return g != null ? "goroutine " + g.id() : "thread " + t.getName();
  }
}
