package io.go4j.testkit.catalogue;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;

import io.go4j.channels.Chan;
import io.go4j.channels.ClosedChannelException;
import io.go4j.runtime.DeadlockException;
import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.testkit.Schedule;
import io.go4j.testkit.TestBody;
import java.util.List;

/**
 * A catalogue of planted concurrency bugs: small, realistic go4j programs, each a {@link TestBody}
 * that passes on the default schedule (no preemption, FIFO, select takes its first ready case) and
 * fails only under some other interleaving, so that finding it takes schedule exploration.
 *
 * <p>Each program's comment says what the bug is and which interleaving triggers it. Steps (where
 * the deterministic runtime may switch goroutines) are the go4j operations: a racy
 * read-modify-write straddles one, typically a log or audit send on a buffered channel, as in real
 * code. Plain field accesses are not steps.
 *
 * <p>{@link #all()} lists them with their depth (PCT's: how many ordering constraints the failure
 * needs), a minimal failing schedule, and the failure they end with.
 */
final class Catalogue {
  private Catalogue() {}

  /**
   * A planted bug.
   *
   * @param name short name, for reports
   * @param body the program
   * @param depth PCT's bug depth: the ordering constraints the failure needs (select's choices not
   *     counted), what the PCT strategy is run with; a depth-{@code d} bug needs {@code d - 1}
   *     preemptions
   * @param minimal a minimal failing schedule, with {@code depth - 1} preemptions
   * @param failure the type of the failure the run ends with (the explorer's cause)
   * @param message the first line of the failure's message, or null for a panic
   * @param panic for a goroutine's panic ({@link IllegalStateException} {@code goroutine N
   *     panicked: ...}): the type of what the goroutine threw; otherwise null
   * @param panicMessage the panic's message, or null
   */
  record Bug(
      String name,
      TestBody body,
      int depth,
      Schedule minimal,
      Class<? extends Throwable> failure,
      String message,
      Class<? extends Throwable> panic,
      String panicMessage) {
    static Bug failing(
        String name,
        TestBody body,
        int depth,
        Schedule minimal,
        Class<? extends Throwable> failure,
        String message) {
      return new Bug(name, body, depth, minimal, failure, message, null, null);
    }

    static Bug panicking(
        String name,
        TestBody body,
        int depth,
        Schedule minimal,
        Class<? extends Throwable> panic,
        String panicMessage) {
      return new Bug(
          name, body, depth, minimal, IllegalStateException.class, null, panic, panicMessage);
    }

    /** The preemptions of a minimal failing schedule: {@code depth - 1}. */
    int minPreemptions() {
      return depth - 1;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The bubble's deadlock, every goroutine blocked. */
  static final String DEADLOCK = "deadlock: all goroutines in bubble are blocked";

  /** The bubble's leak check: goroutines left blocked after the body returned. */
  static final String LEAK =
      "deadlock: main bubble goroutine has exited but blocked goroutines remain";

  /** Every bug of the catalogue, in the order of its documentation. */
  static List<Bug> all() {
    return List.of(
        Bug.failing(
            "lost update",
            Catalogue::lostUpdate,
            2,
            Schedule.choices(0, 0, 0, 0, 0, 1),
            AssertionError.class,
            "lost update: 2 hits counted as 1"),
        Bug.failing(
            "check-then-act",
            Catalogue::checkThenAct,
            2,
            Schedule.choices(0, 0, 0, 0, 0, 1),
            AssertionError.class,
            "overdraft: balance is -60"),
        Bug.failing(
            "lock-order deadlock",
            Catalogue::lockOrderDeadlock,
            2,
            Schedule.choices(0, 0, 0, 0, 0, 0, 1),
            DeadlockException.class,
            DEADLOCK),
        Bug.failing(
            "missed wake-up",
            Catalogue::missedWakeUp,
            2,
            Schedule.choices(0, 0, 0, 0, 0, 1),
            DeadlockException.class,
            DEADLOCK),
        Bug.panicking(
            "double close",
            Catalogue::doubleClose,
            2,
            Schedule.choices(0, 0, 0, 0, 0, 0, 1),
            IllegalStateException.class,
            "close of closed channel"),
        Bug.failing(
            "order assumption",
            Catalogue::orderAssumption,
            1,
            Schedule.choices(0, 0, 0, 1),
            AssertionError.class,
            "expected primary first, got replica then primary"),
        Bug.failing(
            "select starvation",
            Catalogue::selectStarvation,
            1,
            Schedule.choices(0, 0, 1, 1, 1, 1),
            AssertionError.class,
            "worker handled 4 jobs after quit was closed (at most 3 allowed)"),
        Bug.failing(
            "depth-3 lazy dial",
            Catalogue::lazyDial,
            3,
            Schedule.choices(0, 0, 0, 0, 0, 0, 0, 1, 1),
            AssertionError.class,
            "connection refused: 3 callers dialed, the server admits 2"),
        Bug.panicking(
            "WaitGroup.add in goroutine",
            Catalogue::addInsideGoroutine,
            1,
            Schedule.choices(0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1),
            ClosedChannelException.class,
            "send on closed channel"),
        Bug.failing(
            "leak after cancel",
            Catalogue::leakAfterCancel,
            1,
            Schedule.choices(0, 0, 0, 0, 1),
            DeadlockException.class,
            LEAK));
  }

  /** The bug named {@code name}. */
  static Bug named(String name) {
    return all().stream()
        .filter(b -> b.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no bug " + name));
  }

  /**
   * (1) Lost update. Two request handlers count hits with a read-modify-write that logs in
   * between: {@code v = hits; log <- ...; hits = v + 1}. Triggered when the first handler is
   * preempted at its log send (after reading {@code hits}) and the second runs its whole update;
   * the first then writes a stale value. One preemption.
   */
  static void lostUpdate() {
    int[] hits = {0};
    Chan<String> log = chan(16);
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < 2; i++) {
      int handler = i;
      wg.go(
          () -> {
            int v = hits[0];
            log.send("handler " + handler + ": hit " + (v + 1));
            hits[0] = v + 1;
          });
    }
    wg.await();
    if (hits[0] != 2) {
      throw new AssertionError("lost update: 2 hits counted as " + hits[0]);
    }
  }

  /**
   * (2) Check-then-act. Two withdrawals of 80 from a balance of 100, each checking the balance,
   * writing an audit record, then debiting, with no lock: the check's result is stale by the time
   * of the debit. Triggered when the first withdrawal is preempted at its audit send (after its
   * check passed) and the second one checks and debits; both debit, and the balance goes to -60.
   * One preemption.
   */
  static void checkThenAct() {
    int[] balance = {100};
    Chan<String> audit = chan(16);
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < 2; i++) {
      wg.go(
          () -> {
            int amount = 80;
            if (balance[0] >= amount) {
              audit.send("withdraw " + amount + " from " + balance[0]);
              balance[0] -= amount;
            }
          });
    }
    wg.await();
    if (balance[0] < 0) {
      throw new AssertionError("overdraft: balance is " + balance[0]);
    }
  }

  /**
   * (3) Lock-order deadlock. Two transfers between accounts A and B lock the source account, then
   * the destination: one takes A then B, the other B then A. Triggered when the first transfer is
   * preempted after locking A (at its lock of B) and the second locks B: each then waits for the
   * other's lock forever. One preemption; the bubble reports a deadlock.
   */
  static void lockOrderDeadlock() {
    Mutex a = new Mutex();
    Mutex b = new Mutex();
    int[] balances = {100, 100};
    WaitGroup wg = new WaitGroup();
    wg.go(() -> transfer(a, b, balances, 0, 1, 10));
    wg.go(() -> transfer(b, a, balances, 1, 0, 20));
    wg.await();
    if (balances[0] + balances[1] != 200) {
      throw new AssertionError("money created or lost: " + (balances[0] + balances[1]));
    }
  }

  private static void transfer(Mutex from, Mutex to, int[] balances, int src, int dst, int n) {
    from.lock();
    try {
      to.lock();
      try {
        balances[src] -= n;
        balances[dst] += n;
      } finally {
        to.unlock();
      }
    } finally {
      from.unlock();
    }
  }

  /**
   * (4) Missed wake-up. A waiter checks a {@code ready} flag without holding the lock and, seeing
   * it false, locks and waits on the condition once (no loop re-checking the flag under the lock).
   * Triggered when the waiter is preempted between its check and its lock (at the lock) and the
   * signaller sets the flag and signals while nobody waits: the waiter then waits for a signal that
   * already came. One preemption; the bubble reports a deadlock.
   */
  static void missedWakeUp() {
    Mutex mu = new Mutex();
    Cond cond = new Cond(mu);
    boolean[] ready = {false};
    WaitGroup wg = new WaitGroup();
    wg.go(
        () -> {
          if (!ready[0]) {
            mu.lock();
            try {
              cond.await();
            } finally {
              mu.unlock();
            }
          }
        });
    wg.go(
        () -> {
          mu.lock();
          try {
            ready[0] = true;
            cond.signal();
          } finally {
            mu.unlock();
          }
        });
    wg.await();
  }

  /**
   * (5) Double close. Two goroutines shut a service down with Go's racy idiom {@code select { case
   * <-quit: default: close(quit) }}: check whether {@code quit} is closed, and close it if not.
   * Triggered when the first is preempted between its check and its close (at the close) and the
   * second checks and closes: the first's close then panics with {@code close of closed channel}.
   * One preemption.
   */
  static void doubleClose() {
    Chan<Boolean> quit = chan();
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < 2; i++) {
      wg.go(() -> select().recv(quit, () -> {}).otherwise(quit::close).run());
    }
    wg.await();
  }

  /**
   * (6) Order assumption on an unbuffered channel. A caller queries the primary and a replica in
   * two goroutines, started in that order, and takes the first value received as the primary's.
   * Nothing orders the two sends; triggered when, with the caller blocked in its receive, the
   * replica's goroutine is picked to run before the primary's (no preemption: a choice of the next
   * goroutine after the caller blocked), or when the primary's is preempted at its send.
   */
  static void orderAssumption() {
    Chan<String> answers = chan();
    go(() -> answers.send("primary"));
    go(() -> answers.send("replica"));
    String first = answers.recv();
    String second = answers.recv();
    if (!first.equals("primary")) {
      throw new AssertionError("expected primary first, got " + first + " then " + second);
    }
  }

  /**
   * (7) A select that starves a case. A worker loops on {@code select { case <-quit: return; case
   * j := <-jobs: handle(j) }}, and the test assumes that once {@code quit} is closed the worker
   * stops within 3 more jobs. Go's select picks uniformly among ready cases, so with jobs always
   * queued it may pick the job case any number of times in a row. Triggered when select's random
   * choice picks the job case 4 times running (probability 1/16 per run); no preemption.
   */
  static void selectStarvation() {
    Chan<Integer> jobs = chan(8);
    for (int j = 0; j < 8; j++) {
      jobs.send(j);
    }
    Chan<Boolean> quit = chan();
    quit.close();
    Chan<Integer> handled = chan();
    go(
        () -> {
          int[] n = {0};
          boolean[] stop = {false};
          while (!stop[0]) {
            select().recv(quit, () -> stop[0] = true).recv(jobs, j -> n[0]++).run();
          }
          handled.send(n[0]);
        });
    int n = handled.recv();
    if (n > 3) {
      throw new AssertionError(
          "worker handled " + n + " jobs after quit was closed (at most 3 allowed)");
    }
  }

  /**
   * (8) A depth-3 bug: an unsynchronized lazy dial. Three callers share a client whose connection
   * is dialled on first use: {@code if conn == nil { dial; conn = c }}, with no lock. The server
   * admits 2 connections per client (a dial takes a permit, non-blocking), so one redundant dial is
   * tolerated (it only wastes a connection); the third is refused. Triggered only when all three
   * callers pass the {@code conn == nil} check before the first assignment: the first caller
   * preempted at its dial, the second preempted at its dial, the third dialling. A single
   * preemption lets at most two callers race (whoever runs next sees the connection set). Two
   * preemptions, three ordering constraints.
   */
  static void lazyDial() {
    Chan<Integer> permits = chan(2);
    String[] conn = {null};
    int[] refused = {0};
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < 3; i++) {
      int caller = i;
      wg.go(
          () -> {
            if (conn[0] == null) {
              if (!permits.trySend(caller)) {
                refused[0]++;
                return;
              }
              conn[0] = "conn-" + caller;
            }
          });
    }
    wg.await();
    if (refused[0] > 0) {
      throw new AssertionError("connection refused: 3 callers dialed, the server admits 2");
    }
  }

  /**
   * (9) {@code WaitGroup.add} inside the goroutine instead of before {@code go}. Two workers each
   * call {@code wg.add(1)} when they start, drain a job channel, report their count and call
   * {@code done}; the caller sends the jobs, closes, waits, then closes the report channel.
   * Triggered when the second worker has not run at all by the time the caller's {@code await}
   * finds the counter at 0 (the first worker took both jobs): the caller closes the report channel
   * and the late worker's report panics with {@code send on closed channel}. No preemption: three
   * choices of the next goroutine, each time another blocks or ends, that pass over the second
   * worker (runnable since its spawn) in favour of the caller or the first worker.
   */
  static void addInsideGoroutine() {
    Chan<Integer> jobs = chan();
    Chan<Integer> reports = chan(2);
    WaitGroup wg = new WaitGroup();
    for (int w = 0; w < 2; w++) {
      go(
          () -> {
            wg.add(1);
            int n = 0;
            for (Integer _ : jobs) {
              n++;
            }
            reports.send(n);
            wg.done();
          });
    }
    jobs.send(1);
    jobs.send(2);
    jobs.close();
    wg.await();
    reports.close();
    int total = 0;
    for (int n : reports) {
      total += n;
    }
    if (total != 2) {
      throw new AssertionError("jobs handled: " + total + ", want 2");
    }
  }

  /**
   * (10) A goroutine leaked after an early return. A request fetches a result in a goroutine that
   * sends it on an unbuffered channel, while the user may cancel; the caller selects on both and
   * returns at the first. Triggered when the cancel lands first (the canceller is picked to run
   * before the fetcher once the caller blocks in its select; no preemption): the caller returns and
   * the fetcher blocks forever on its send (the fix is a buffer of 1). The bubble reports the
   * goroutine left blocked.
   */
  static void leakAfterCancel() {
    Chan<String> result = chan();
    Chan<Boolean> cancel = chan();
    go(() -> result.send(fetch("select 1")));
    go(cancel::close);
    String[] got = {null};
    select().recv(result, r -> got[0] = r).recv(cancel, () -> got[0] = "cancelled").run();
    if (got[0] == null) {
      throw new AssertionError("select returned without a case");
    }
  }

  private static String fetch(String query) {
    return "rows of " + query;
  }
}
