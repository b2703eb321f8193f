package io.go4j.samples;

import static io.go4j.Go.after;

import io.go4j.CancelContext;
import io.go4j.Context;
import io.go4j.Go;
import io.go4j.ScopeFailedException;
import io.go4j.runtime.GoRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A worker pool with {@code golang.org/x/sync/errgroup} and per-job context timeouts, line by line:
 * at most {@code limit} jobs run at once, each under its own {@code context.WithTimeout}, and the
 * first failure cancels the rest.
 *
 * <pre>
 * type Job struct {                           record Job(String name, Duration timeout,
 *     Name    string                                     Work work) {}
 *     Timeout time.Duration                   interface Work {
 *     Work    func(context.Context)                String run(Context ctx) throws Exception;
 *                 (string, error)             }
 * }
 * func process(ctx context.Context,           static List&lt;String&gt; process(Context parent,
 *         jobs []Job, limit int)                      List&lt;Job&gt; jobs, int limit) {
 *         ([]string, error) {
 *     results := make([]string, len(jobs))      String[] results = new String[jobs.size()];
 *     g, ctx := errgroup.WithContext(ctx)       Go.scope(parent, g -&gt; {
 *                                                 Context ctx = g.context();
 *     g.SetLimit(limit)                           g.setLimit(limit);
 *     for i, job := range jobs {                  for (int i = 0; i &lt; jobs.size(); i++) {
 *                                                   int idx = i; // a final copy for the lambda
 *                                                   Job job = jobs.get(i);
 *         g.Go(func() error {                       g.go(() -&gt; {
 *             jctx, cancel := context.                try (CancelContext jctx =
 *                 WithTimeout(ctx, job.Timeout)            ctx.withTimeout(job.timeout())) {
 *             defer cancel()                            // close() is the deferred cancel
 *             r, err := job.Work(jctx)                  String r;
 *             if err != nil {                           try { r = job.work().run(jctx); }
 *                 return fmt.Errorf("%s: %w",           catch (Exception err) {
 *                     job.Name, err)                      throw new JobException(job.name(), err);
 *             }                                         }
 *             results[i] = r                            results[idx] = r;
 *             return nil                              }
 *         })                                        });
 *     }                                           }
 *     return results, g.Wait()                  }); // g.Wait(): throws the first failure
 * }                                             return List.of(results);
 *                                             }
 * func simulated(latency time.Duration,       static Work simulated(Duration latency,
 *         r string) func(context.Context)             String r) {
 *         (string, error) {
 *     return func(ctx context.Context)          return ctx -&gt;
 *             (string, error) {
 *         select {                                  Go.&lt;String&gt;selectValue()
 *         case &lt;-time.After(latency):                 .recv(after(latency), t -&gt; r)
 *             return r, nil
 *         case &lt;-ctx.Done():                          .recv(ctx.done(), x -&gt; {
 *             return "", ctx.Err()                       throw ctx.err(); })
 *         }                                             .get();
 *     }
 * }                                           }
 * </pre>
 *
 * <p>{@link #main} runs six jobs three at a time, then the same batch with job 4 failing and with
 * job 5 running past its timeout, and prints what {@code process} returns or the error, as a Go
 * {@code main} printing {@code err} would. What a porter must know, all shown here:
 *
 * <ul>
 *   <li>{@code errgroup.WithContext} is {@code Go.scope(ctx, g -> ...)} and {@code g.Wait()} is the
 *       end of the scope, which waits for the children and <em>throws</em> the first failure: an
 *       unchecked one as it is, a checked one (such as {@link JobException}, Go's {@code error})
 *       wrapped in {@link ScopeFailedException}.
 *   <li>Go's errgroup only cancels {@code ctx}; a go4j scope also interrupts its children, so a
 *       child blocked anywhere in go4j (here in {@code select}) gets a {@code CancelledException}
 *       even if it never looks at {@code ctx.done()}.
 *   <li>errgroup keeps the first error and drops the others; a go4j scope attaches the later
 *       failures to the first as suppressed exceptions (the jobs cancelled because of it, whose
 *       {@code CancelledException} this pool wraps, are among them).
 *   <li>Once the scope is cancelled, {@code g.go} starts nothing more: a job waiting for a slot is
 *       never run, as with errgroup, where {@code g.Go}'s jobs check {@code ctx} themselves.
 * </ul>
 */
public final class WorkerPool implements Sample {
  /** How many jobs run at once in {@link #main}. */
  static final int LIMIT = 3;

  /** A job: a name, its own timeout, and the work, which runs under a context with that timeout. */
  public record Job(String name, Duration timeout, Work work) {
    public Job {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(work, "work");
    }
  }

  /** Go's {@code func(ctx context.Context) (string, error)}: a result, or a thrown error. */
  @FunctionalInterface
  public interface Work {
    String run(Context ctx) throws Exception;
  }

  /** Go's {@code fmt.Errorf("%s: %w", job.Name, err)}: the job's name and its error, as the cause. */
  public static final class JobException extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    JobException(String job, Throwable err) {
      super(job + ": " + err.getMessage(), err);
    }
  }

  /** The sample as the launcher runs it. */
  public WorkerPool() {}

  @Override
  public String name() {
    return "workerpool";
  }

  @Override
  public String description() {
    return "errgroup worker pool: SetLimit, a timeout per job, the first error cancels the rest";
  }

  @Override
  public void run(PrintStream out) {
    try (GoRuntime rt = GoRuntime.builder().name("workerpool").build()) {
      rt.main(() -> main(out));
    }
  }

  /**
   * Runs {@code jobs}, at most {@code limit} at a time, each under {@code
   * parent}'s scope context with its own timeout: the results in job order.
   *
   * @throws ScopeFailedException whose cause is the first job's {@link JobException}; the later
   *     failures are suppressed exceptions of it
   * @throws io.go4j.runtime.CancelledException if {@code parent} was cancelled (or its deadline
   *     passed) before every job finished
   */
  public static List<String> process(Context parent, List<Job> jobs, int limit) {
    String[] results = new String[jobs.size()];
    Go.scope(
        parent,
        g -> {
          Context ctx = g.context();
          g.setLimit(limit);
          for (int i = 0; i < jobs.size(); i++) {
            int idx = i;
            Job job = jobs.get(i);
            g.go(
                () -> {
                  try (CancelContext jctx = ctx.withTimeout(job.timeout())) {
                    String r;
                    try {
                      r = job.work().run(jctx);
                    } catch (Exception err) {
                      throw new JobException(job.name(), err);
                    }
                    results[idx] = r;
                  }
                });
          }
        });
    return List.of(results);
  }

  /** Work that takes {@code latency} (on the runtime clock) and returns {@code r}, unless cancelled. */
  public static Work simulated(Duration latency, String r) {
    return ctx ->
        Go.<String>selectValue()
            .recv(after(latency), t -> r)
            .recv(
                ctx.done(),
                x -> {
                  throw ctx.err();
                })
            .get();
  }

  /** Work that fails at once with {@code message}, as an I/O error would. */
  static Work failing(String message) {
    return ctx -> {
      throw new IOException(message);
    };
  }

  /** The jobs of {@link #main}: job i squares i after 5 ms, with 10 s to do it. */
  static List<Job> batch() {
    List<Job> jobs = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      jobs.add(
          new Job(
              "job " + i, Duration.ofSeconds(10), simulated(Duration.ofMillis(5), "" + i * i)));
    }
    return jobs;
  }

  /** Go's {@code main}: the batch, then with a failing job, then with a job past its timeout. */
  static void main(PrintStream out) {
    report(out, "six jobs, " + LIMIT + " at a time", batch());

    List<Job> failing = batch();
    failing.set(3, new Job("job 4", Duration.ofSeconds(10), failing("connection refused")));
    report(out, "job 4 fails", failing);

    List<Job> slow = batch();
    slow.set(
        4, new Job("job 5", Duration.ofMillis(100), simulated(Duration.ofMinutes(1), "25")));
    report(out, "job 5 takes a minute, its timeout is 100ms", slow);
  }

  /** {@code results, err := process(...); if err != nil { fmt.Println(err) }}. */
  private static void report(PrintStream out, String title, List<Job> jobs) {
    try {
      List<String> results = process(Context.background(), jobs, LIMIT);
      out.println(title + ": " + results);
    } catch (ScopeFailedException e) {
      out.println(title + ": error: " + e.getCause().getMessage());
    }
  }
}
