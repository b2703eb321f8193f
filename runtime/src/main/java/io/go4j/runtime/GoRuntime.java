package io.go4j.runtime;

import io.go4j.runtime.internal.Sched;
import io.go4j.runtime.spi.Decider;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A go4j runtime: GOMAXPROCS processors (Ps) with local run queues and work stealing, carrier
 * threads (Ms) created on demand up to {@code maxThreads}, a sysmon thread and a timer thread.
 * Goroutines are virtual threads scheduled by it. Most programs use {@link #getDefault()} through
 * {@code io.go4j.Go}; tests build their own and {@link #close()} them.
 *
 * <p>System properties read by {@link #builder()}: {@code go4j.maxprocs} (else env {@code
 * GOMAXPROCS}, else the number of processors), {@code go4j.maxthreads}, {@code go4j.schedtrace}
 * (ms between {@code SCHED} lines on stderr), {@code go4j.scheddetail=1}, {@code go4j.panic=exit}.
 * The JVM must run with {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 */
public final class GoRuntime implements AutoCloseable {
  /** Go's default {@code debug.SetMaxThreads}. */
  public static final int DEFAULT_MAX_THREADS = 10_000;

  /** Go's {@code _MaxGomaxprocs}. */
  public static final int MAX_PROCS = 1024;

  private static final AtomicInteger COUNT = new AtomicInteger();

  /** Built and not closed yet: {@link #openRuntimes()}. */
  private static final Set<GoRuntime> OPEN = ConcurrentHashMap.newKeySet();

  /** The names of the open runtimes ({@link #uniqueName}); guarded by itself. */
  private static final Set<String> OPEN_NAMES = new HashSet<>();

  private static final class DefaultHolder {
    static final GoRuntime INSTANCE = builder().name("go4j").build();

    static {
      Sched.setDefault(INSTANCE.sched);
    }
  }

  private final Sched sched;

  private GoRuntime(Builder b) {
    String name = uniqueName(b.name);
    try {
      this.sched =
          new Sched(
              this,
              name,
              b.maxProcs,
              b.maxThreads,
              b.schedtraceMillis,
              b.scheddetail,
              b.preemption,
              b.splitPairs,
              b.traceOut,
              b.panicOut,
              b.exitOnPanic,
              b.virtualTime,
              b.decider);
    } catch (RuntimeException | Error e) {
      releaseName(name); // never built: its name is free again
      throw e;
    }
    OPEN.add(this);
  }

  /**
   * {@code requested}, or, while an open runtime has that name already, {@code requested#2} (#3,
   * ...): the first free one, now taken until {@link #close}. So thread names, dumps and the leak
   * reports that span runtimes tell apart two runtimes built with the same name.
   */
  private static String uniqueName(String requested) {
    synchronized (OPEN_NAMES) {
      String name = requested;
      for (int n = 2; !OPEN_NAMES.add(name); n++) {
        name = requested + "#" + n;
      }
      return name;
    }
  }

  private static void releaseName(String name) {
    synchronized (OPEN_NAMES) {
      OPEN_NAMES.remove(name);
    }
  }

  /**
   * Every runtime built and not closed yet, the default one included once it exists: where a leak
   * check attributed to one test (the testkit's {@code @VerifyNoLeaks}) looks for that test's
   * goroutines, whichever runtime it started them on.
   */
  public static List<GoRuntime> openRuntimes() {
    return List.copyOf(OPEN);
  }

  /** A builder with defaults from system properties and the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The runtime of the calling goroutine, or {@link #getDefault()} on other threads. */
  public static GoRuntime ofCaller() {
    return Sched.forCaller().owner;
  }

  /** The process-wide runtime, built on first use from system properties. */
  public static GoRuntime getDefault() {
    return DefaultHolder.INSTANCE;
  }

  /** Starts {@code body} as a new goroutine. */
  public Goroutine go(Runnable body) {
    return spawn().start(body);
  }

  /** Starts {@code body} as a new goroutine named {@code name}. */
  public Goroutine go(String name, Runnable body) {
    return spawn().name(name).start(body);
  }

  /** A builder for a goroutine with a name and a priority. */
  public GoroutineBuilder spawn() {
    return new GoroutineBuilder(sched);
  }

  /**
   * Runs {@code body} as a goroutine (Go's {@code func main}) and returns when it returns. An
   * exception it throws is rethrown here (a checked one wrapped in {@link IllegalStateException}).
   * If every goroutine ends up blocked on go4j primitives with no timer pending, throws {@link
   * DeadlockException} with the dump. The runtime's first {@code main} runs as goroutine 1, as Go's
   * main goroutine does, even if goroutines were started before it (they are numbered from 2); a
   * later {@code main} gets the next id.
   */
  public void main(Runnable body) {
    Objects.requireNonNull(body, "body");
    sched.main(body);
  }

  /**
   * The runtime's name ({@link Builder#name}): its threads' name prefix, and what {@link
   * GoroutineInfo#runtime()} tells goroutines of different runtimes apart by, whose ids each start
   * at 1 (the first {@link #main}'s) or 2. The default runtime is {@code go4j}; an unnamed one
   * {@code go4j-N}, N a sequence number. Names are unique among open runtimes: one built with the
   * name of a runtime still open gets {@code #2} appended ({@code #3}, ... if that is taken too).
   */
  public String name() {
    return sched.namePrefix();
  }

  /** GOMAXPROCS of this runtime. */
  public int maxProcs() {
    return sched.gomaxprocs();
  }

  /** Live goroutines of this runtime. */
  public int numGoroutine() {
    return sched.numGoroutine();
  }

  /**
   * Declares that code outside this runtime's goroutines may still wake them: no deadlock is
   * declared until the returned {@link ExternalWaker} is closed, and a virtual-time runtime's clock
   * does not jump to its next timer while every goroutine waits (the outside code may come first).
   * Without it, a {@link #main} whose goroutines all wait for a platform thread's send fails with
   * {@link DeadlockException}, as Go's rule says.
   */
  public ExternalWaker externalWaker() {
    sched.holdExternal();
    return new ExternalWaker(sched::releaseExternal);
  }

  /** A Go-format dump of every live goroutine (the caller's first). */
  public String dump() {
    return sched.dump();
  }

  /** Snapshots of every live goroutine, by id. */
  public List<GoroutineInfo> goroutines() {
    return sched.goroutines();
  }

  /** Scheduler counters. */
  public RuntimeStats stats() {
    return sched.stats();
  }

  /** Exceptions that escaped plain goroutines (Go panics), oldest first. */
  public List<Throwable> panics() {
    return sched.panics();
  }

  /**
   * Stops the carriers, sysmon and timers. Goroutines still running finish their current run;
   * parked ones are abandoned; spawning afterwards throws {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (OPEN.remove(this)) {
      releaseName(name());
    }
    sched.close();
  }

  // ------------------------------------------------------------ the current goroutine

  /** The goroutine running the caller (of any go4j runtime), or null on other threads. */
  public static Goroutine current() {
    return Sched.current();
  }

  /** {@code runtime.Gosched}: yields; the goroutine goes to the back of the global run queue. */
  public static void gosched() {
    Sched.gosched();
  }

  /**
   * A cheap preemption point: yields only when sysmon asked the goroutine to. Also a cancellation
   * point: an interrupted caller gets {@link CancelledException}.
   */
  public static void checkpoint() {
    Sched.checkpoint();
  }

  /** {@code time.Sleep} on the runtime's clock. A non-positive duration returns at once. */
  public static void sleep(Duration d) {
    Objects.requireNonNull(d, "duration");
    Sched.sleep(d);
  }

  /**
   * Go's {@code time.Now()}: the current instant on the clock of the calling goroutine's runtime
   * (the default runtime's on other threads): real time, or in a virtual-time runtime (a testkit
   * bubble) the virtual clock, which starts at 2000-01-01T00:00Z and moves only when every
   * goroutine is blocked. Consecutive readings never go backwards.
   */
  public static Instant now() {
    Sched s = Sched.forCaller();
    return s.instant(s.nanoTime());
  }

  /** Configures a {@link GoRuntime}. */
  public static final class Builder {
    private String name;
    private int maxProcs;
    private int maxThreads;
    private long schedtraceMillis;
    private boolean scheddetail;
    private boolean exitOnPanic;
    private boolean preemption;
    private boolean splitPairs;
    private PrintStream traceOut = System.err;
    private PrintStream panicOut = System.err;
    private boolean virtualTime;
    private Decider decider;

    private Builder() {
      name = "go4j-" + COUNT.incrementAndGet();
      maxProcs = defaultMaxProcs();
      maxThreads = Integer.getInteger("go4j.maxthreads", DEFAULT_MAX_THREADS);
      schedtraceMillis = Long.getLong("go4j.schedtrace", 0L);
      scheddetail = "1".equals(System.getProperty("go4j.scheddetail"));
      exitOnPanic = "exit".equals(System.getProperty("go4j.panic"));
      preemption = !"1".equals(System.getProperty("go4j.preemptoff"));
      splitPairs = Boolean.parseBoolean(System.getProperty("go4j.splitpairs", "true"));
    }

    private static int defaultMaxProcs() {
      int n = parseProcs(System.getProperty("go4j.maxprocs"));
      if (n == 0) {
        n = parseProcs(System.getenv("GOMAXPROCS"));
      }
      return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }

    /**
     * A GOMAXPROCS setting: at least 1, at most {@link #MAX_PROCS}; 0 if absent or malformed,
     * which Go ignores.
     */
    static int parseProcs(String p) {
      if (p != null && !p.isBlank()) {
        try {
          int n = Integer.parseInt(p.trim());
          if (n >= 1) {
            return Math.min(n, MAX_PROCS);
          }
        } catch (NumberFormatException e) {
          // ignored, as Go ignores a malformed GOMAXPROCS
        }
      }
      return 0;
    }

    /**
     * The runtime's {@link GoRuntime#name() name}, prefix of its thread names. While a runtime of
     * that name is open, the new one is named {@code name#2} ({@code #3}, ...), so that reports
     * spanning runtimes (a leak check over several) tell their goroutines apart.
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** GOMAXPROCS: 1 to {@value #MAX_PROCS}. */
    public Builder maxProcs(int n) {
      if (n < 1 || n > MAX_PROCS) {
        throw new IllegalArgumentException(
            "maxProcs must be between 1 and " + MAX_PROCS + ", got " + n);
      }
      this.maxProcs = n;
      return this;
    }

    /**
     * {@code debug.SetMaxThreads}: at most this many carrier threads. Go crashes a program that
     * needs more; here a processor that needs a carrier beyond the limit (sysmon handing it off
     * from a carrier stuck in one goroutine) waits until a carrier frees up, and the first time
     * that happens the runtime prints one line naming the limit to its {@link #traceOutput}.
     */
    public Builder maxThreads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxThreads must be at least 1, got " + n);
      }
      this.maxThreads = n;
      return this;
    }

    /** Print a {@code SCHED} line every {@code millis} ms (0: off), like {@code GODEBUG=schedtrace}. */
    public Builder schedtrace(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("schedtrace must be >= 0 ms, got " + millis);
      }
      this.schedtraceMillis = millis;
      return this;
    }

    /** Add per-P, per-M and per-G lines to each schedtrace, like {@code scheddetail=1}. */
    public Builder scheddetail(boolean on) {
      this.scheddetail = on;
      return this;
    }

    /**
     * Whether sysmon asks goroutines that ran 10 ms to yield at their next preemption point, and
     * a goroutine that filled its processor's local run queue (256 goroutines, started or readied
     * by it) is asked the same (default on; {@code -Dgo4j.preemptoff=1} turns it off, like Go's
     * {@code GODEBUG=asyncpreemptoff=1}). Off, the order in which goroutines run depends only on the
     * program, which tests of scheduling order rely on; a goroutine blocked in the JDK still
     * loses its P.
     */
    public Builder preemption(boolean on) {
      this.preemption = on;
      return this;
    }

    /**
     * Whether two goroutines taking turns (one readies the other, then waits for it) may move to
     * two carriers and hand over there by spinning instead of parking, as the JDK's {@code
     * SynchronousQueue} does (default on; {@code -Dgo4j.splitpairs=false} turns it off). Go keeps
     * such a pair on one P; go4j does too when this is off. A goroutine waiting for the peer queued
     * next on its own P offers it to an idle P that looks for work, and spins for at most 8 µs
     * while it has nothing else to run. Where the CPUs pass a cache line quickly the pair's hand-offs
     * then cost less than two continuation switches; where they pass it slowly, or the host often
     * stalls a virtual CPU, they can cost more. Has no effect with one P or one CPU.
     */
    public Builder splitPairs(boolean on) {
      this.splitPairs = on;
      return this;
    }

    /** Where schedtrace lines and the thread-limit warning go (default stderr). */
    public Builder traceOutput(PrintStream out) {
      this.traceOut = Objects.requireNonNull(out, "out");
      return this;
    }

    /** Where panic reports go (default stderr). */
    public Builder panicOutput(PrintStream out) {
      this.panicOut = Objects.requireNonNull(out, "out");
      return this;
    }

    /** Exit the process with status 2 on a panic, like Go ({@code -Dgo4j.panic=exit}). */
    public Builder exitOnPanic(boolean exit) {
      this.exitOnPanic = exit;
      return this;
    }

    /**
     * Virtual time, Go's synctest bubble: the clock starts at 2000-01-01T00:00:00Z and moves only
     * when every goroutine is durably blocked (parked in a go4j operation: channels, select,
     * sleep, timers, sync; not in the JDK), then jumps to the next timer, so {@code sleep(1h)}
     * returns at once with the clock 1 h later. {@link #main} then also waits for every goroutine
     * to end, and fails with {@link DeadlockException} when all are blocked with no timer pending
     * ({@code deadlock: all goroutines in bubble are blocked}, or, after the body returned, {@code
     * deadlock: main bubble goroutine has exited but blocked goroutines remain}), or with an
     * {@link IllegalStateException} when a goroutine panics.
     */
    public Builder virtualTime(boolean on) {
      this.virtualTime = on;
      return this;
    }

    /**
     * Deterministic scheduling, for the testkit's schedule exploration: one P and one carrier,
     * virtual time, no preemption, and every choice of the next goroutine (and select's random
     * choice) taken by {@code decider}, so the same decisions give the same run.
     */
    @SuppressWarnings("exports") // Decider is the testkit's SPI, exported to go4j's modules only
    public Builder deterministic(Decider decider) {
      this.decider = Objects.requireNonNull(decider, "decider");
      return this;
    }

    /**
     * Builds and starts the runtime.
     *
     * @throws IllegalStateException naming the missing {@code --add-opens} flag if the JVM lacks it
     */
    public GoRuntime build() {
      if (maxThreads < maxProcs && decider == null) {
        throw new IllegalArgumentException(
            "maxThreads (" + maxThreads + ") must be at least maxProcs (" + maxProcs + ")");
      }
      return new GoRuntime(this);
    }
  }
}
