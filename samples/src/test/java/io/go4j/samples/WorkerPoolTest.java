package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.gosched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Context;
import io.go4j.ScopeFailedException;
import io.go4j.channels.Chan;
import io.go4j.runtime.CancelledException;
import io.go4j.samples.WorkerPool.Job;
import io.go4j.samples.WorkerPool.JobException;
import io.go4j.samples.WorkerPool.Work;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code workerpool} sample: errgroup's limit, the first failure cancelling the rest, and a
 * job's own timeout. Orders come from channels between the jobs, never from durations; the only
 * durations are timeouts that must not fire (a minute) or that are the only way out (100 ms).
 */
class WorkerPoolTest {
  private static final Duration NEVER = Duration.ofMinutes(1);

  @Test
  void printsWhatTheGoProgramPrints() {
    String out = Output.of(new WorkerPool()::run);
    assertEquals(
        List.of(
            "six jobs, 3 at a time: [1, 4, 9, 16, 25, 36]",
            "job 4 fails: error: job 4: connection refused",
            "job 5 takes a minute, its timeout is 100ms: error: job 5: context deadline exceeded"),
        out.lines().toList());
  }

  @Test
  void runsAtMostLimitJobsAtOnceAndReturnsResultsInJobOrder() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String r = "r" + i;
      jobs.add(
          new Job(
              "job " + i,
              NEVER,
              ctx -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                gosched(); // let the others run meanwhile
                running.decrementAndGet();
                return r;
              }));
    }

    List<String> results = InRuntime.main(() -> WorkerPool.process(Context.background(), jobs, 3));

    assertEquals(IntStream.range(0, 20).mapToObj(i -> "r" + i).toList(), results);
    assertTrue(most.get() >= 1 && most.get() <= 3, "at most 3 at once, saw " + most.get());
  }

  @Test
  void theFirstFailureCancelsTheOthersAndNoJobStartsAfterIt() {
    Queue<String> log = new ConcurrentLinkedQueue<>();
    Map<String, CancelledException> saw = new ConcurrentHashMap<>();
    Chan<String> started = chan(2);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String name = "job " + i;
      Work work =
          switch (i) {
            case 0, 1 -> // run until cancelled
                ctx -> {
                  log.add("start " + name);
                  started.send(name);
                  try {
                    ctx.done().recv(); // <-ctx.Done()
                    throw ctx.err();
                  } catch (CancelledException e) { // ctx.done(), or the scope's interrupt
                    saw.put(name, e);
                    throw e;
                  }
                };
            case 2 -> // fail once jobs 0 and 1 run
                ctx -> {
                  log.add("start " + name);
                  started.recv();
                  started.recv();
                  log.add("fail " + name);
                  throw new IOException("disk full");
                };
            default ->
                ctx -> {
                  log.add("start " + name);
                  return name;
                };
          };
      jobs.add(new Job(name, NEVER, work));
    }

    ScopeFailedException e =
        InRuntime.main(
            () ->
                assertThrows(
                    ScopeFailedException.class,
                    () -> WorkerPool.process(Context.background(), jobs, 3)));

    // the scope's exception is the first failure
    JobException first = assertInstanceOf(JobException.class, e.getCause());
    assertEquals("job 2: disk full", first.getMessage());
    assertInstanceOf(IOException.class, first.getCause());
    // the other running jobs saw the cancellation...
    assertEquals(Set.of("job 0", "job 1"), saw.keySet());
    // ...and their failures, which the pool wraps like any error, are attached to the first
    List<String> suppressed =
        Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).sorted().toList();
    assertEquals(2, suppressed.size(), suppressed.toString());
    assertTrue(suppressed.get(0).startsWith("job 0: "), suppressed.toString());
    assertTrue(suppressed.get(1).startsWith("job 1: "), suppressed.toString());
    for (Throwable t : e.getSuppressed()) {
      assertInstanceOf(CancelledException.class, t.getCause());
    }
    // no job started after the failure: jobs 3 to 9 waited for a slot and never ran
    List<String> events = List.copyOf(log);
    assertEquals(4, events.size(), events.toString());
    assertEquals(
        Set.of("start job 0", "start job 1", "start job 2"), Set.copyOf(events.subList(0, 3)));
    assertEquals("fail job 2", events.get(3));
  }

  @Test
  void aJobPastItsTimeoutReportsContextDeadlineExceeded() {
    Chan<String> finished = chan(5);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "job " + i;
      jobs.add(
          new Job(
              name,
              NEVER,
              ctx -> {
                finished.send(name);
                return name;
              }));
    }
    Work aMinute = WorkerPool.simulated(NEVER, "too late");
    jobs.add(
        2,
        new Job(
            "slow",
            Duration.ofMillis(100),
            ctx -> {
              for (int i = 0; i < 5; i++) {
                finished.recv(); // the others are done: nothing else can fail first
              }
              return aMinute.run(ctx); // ends only at the deadline
            }));

    ScopeFailedException e =
        InRuntime.main(
            () ->
                assertThrows(
                    ScopeFailedException.class,
                    () -> WorkerPool.process(Context.background(), jobs, jobs.size())));

    JobException failure = assertInstanceOf(JobException.class, e.getCause());
    assertEquals("slow: context deadline exceeded", failure.getMessage());
    assertSame(Context.DEADLINE_EXCEEDED, failure.getCause()); // errors.Is(err, DeadlineExceeded)
    assertEquals(0, e.getSuppressed().length);
  }
}
