package io.go4j.samples;

import static io.go4j.Go.after;
import static io.go4j.Go.afterFunc;
import static io.go4j.Go.chan;
import static io.go4j.Go.checkpoint;
import static io.go4j.Go.go;
import static io.go4j.Go.gomaxprocs;
import static io.go4j.Go.gosched;
import static io.go4j.Go.numGoroutine;
import static io.go4j.Go.select;
import static io.go4j.Go.sleep;
import static io.go4j.Go.ticker;
import static io.go4j.Go.timer;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.CancelContext;
import io.go4j.Context;
import io.go4j.Go;
import io.go4j.Scope;
import io.go4j.ScopeFailedException;
import io.go4j.channels.Chan;
import io.go4j.channels.ClosedChannelException;
import io.go4j.channels.RecvChan;
import io.go4j.channels.Received;
import io.go4j.channels.SendChan;
import io.go4j.channels.Ticker;
import io.go4j.channels.Timer;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.DeadlockException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import io.go4j.select.Select;
import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import io.go4j.sync.Once;
import io.go4j.sync.RWMutex;
import io.go4j.sync.Semaphore;
import io.go4j.sync.WaitGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every snippet of {@code docs/PORTING.md}, compiled and run: one test per section of the guide,
 * each snippet as it is printed there (the guide's tables abbreviate; the code here is what they
 * stand for). Orders come from channels and locks; durations are either far longer than the test
 * (a timer that must not fire) or the only thing the code waits for.
 */
class PortingGuideTest {
  private static final Duration LONG = Duration.ofMinutes(1);

  // ------------------------------------------------------------------ 1. goroutines, main

  @Test
  void goroutinesAndMain() {
    // func main() { ... }  ->  Go.main(() -> { ... }) on the default runtime; here a runtime of
    // the test's own, as a program that wants Go's "exit ends every goroutine" does
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).build()) {
      rt.main(
          () -> {
            Chan<String> ch = chan();
            go(() -> ch.send("hello")); // go f()
            Goroutine g = go("worker-1", () -> seen.add("named")); // a name for dumps
            seen.add(ch.recv());
            g.join();
            for (int i = 0; i < 3; i++) {
              int n = i; // the copy Go 1.22 makes for each iteration
              go(() -> seen.add("n=" + n));
            }
            gosched(); // runtime.Gosched()
            sleep(Duration.ofMillis(1)); // time.Sleep(time.Millisecond)
            assertTrue(numGoroutine() >= 1); // runtime.NumGoroutine()
            assertEquals(2, gomaxprocs()); // runtime.GOMAXPROCS(0)
          });
    }
    assertTrue(seen.containsAll(List.of("hello", "named")), seen.toString());

    // fatal error: all goroutines are asleep - deadlock!
    try (GoRuntime rt = GoRuntime.builder().maxProcs(2).maxThreads(100).build()) {
      DeadlockException e =
          assertThrows(DeadlockException.class, () -> rt.main(() -> Go.<Integer>chan().recv()));
      assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"));
      assertTrue(e.getMessage().contains("[chan receive]"), e.getMessage());
    }
    // select {}
    try (GoRuntime rt = GoRuntime.builder().build()) {
      DeadlockException e =
          assertThrows(DeadlockException.class, () -> rt.main(() -> select().run()));
      assertTrue(e.getMessage().contains("[select (no cases)]"), e.getMessage());
    }
  }

  @Test
  void panicAndRecoverInAGoroutine() {
    ByteArrayOutputStream panics = new ByteArrayOutputStream();
    try (GoRuntime rt =
        GoRuntime.builder().panicOutput(new PrintStream(panics, true, UTF_8)).build()) {
      AtomicReference<String> recovered = new AtomicReference<>();
      rt.main(
          () -> {
            // go func() { panic("boom") }(): printed as Go does, recorded; the program goes on
            Goroutine g =
                go(
                    () -> {
                      throw new IllegalStateException("boom");
                    });
            g.join();
            // defer func() { if r := recover(); r != nil { ... } }()
            Goroutine h =
                go(
                    () -> {
                      try {
                        throw new IllegalStateException("boom again");
                      } catch (RuntimeException r) {
                        recovered.set(r.getMessage());
                      }
                    });
            h.join();
          });
      assertEquals("boom again", recovered.get());
      assertEquals(1, rt.panics().size());
      String report = panics.toString(UTF_8);
      assertTrue(report.startsWith("panic: java.lang.IllegalStateException: boom"), report);
      assertTrue(report.contains("goroutine "), report);
    }
  }

  // ------------------------------------------------------------------ 2. channels

  @Test
  void channels() {
    InRuntime.main(
        () -> {
          Chan<Integer> unbuffered = chan(); // make(chan int)
          Chan<String> ch = chan(2); // make(chan string, 2)
          assertThrows(IllegalArgumentException.class, () -> chan(-1));
          ch.send("a"); // ch <- "a"
          ch.send("b");
          assertEquals(2, ch.len()); // len(ch)
          assertEquals(2, ch.cap()); // cap(ch)
          String v = ch.recv(); // v := <-ch
          assertEquals("a", v);
          ch.close(); // close(ch)
          Received<String> r = ch.recvOk(); // v, ok := <-ch
          assertEquals(new Received<>("b", true), r);
          Received<String> z = ch.recvOk();
          assertFalse(z.ok());
          assertNull(z.value()); // the zero value of a closed channel is null
          assertNull(ch.recv());

          // chan<- int and <-chan int
          SendChan<Integer> out = unbuffered.sendOnly();
          RecvChan<Integer> in = unbuffered.recvOnly();
          go(
              () -> {
                for (int i = 1; i <= 3; i++) {
                  out.send(i);
                }
                out.close();
              });
          int sum = 0;
          for (int n : in) { // for n := range in
            sum += n;
          }
          assertEquals(6, sum);

          // select { case ch <- v: default: } and select { case v := <-ch: ... default: }
          Chan<Integer> one = chan(1);
          assertTrue(one.trySend(1));
          assertFalse(one.trySend(2));
          assertEquals(new Received<>(1, true), one.tryRecv());
          assertNull(one.tryRecv()); // would block

          // var ch chan int: a nil channel, never ready
          Chan<Integer> nil = Chan.nil();
          assertNull(nil.tryRecv());
          assertFalse(nil.trySend(1));

          // chan struct{} closed as a signal, and a stream of values
          Chan<Void> done = chan();
          done.close();
          assertNull(done.recv()); // <-done
          Chan<Integer> nums = chan(3);
          nums.send(1);
          nums.send(2);
          nums.close();
          assertEquals(List.of(1, 2), nums.stream().toList());
          return null;
        });
  }

  @Test
  void channelPanics() {
    InRuntime.main(
        () -> {
          Chan<String> ch = chan(1);
          ch.close();
          ClosedChannelException send =
              assertThrows(ClosedChannelException.class, () -> ch.send("x"));
          assertEquals("send on closed channel", send.getMessage());
          IllegalStateException again = assertThrows(IllegalStateException.class, ch::close);
          assertEquals("close of closed channel", again.getMessage());
          IllegalStateException nil =
              assertThrows(IllegalStateException.class, () -> Chan.nil().close());
          assertEquals("close of nil channel", nil.getMessage());
          assertThrows(NullPointerException.class, () -> Go.<String>chan(1).send(null));
          return null;
        });
  }

  // ------------------------------------------------------------------ 3. select

  @Test
  void selectStatements() {
    InRuntime.main(
        () -> {
          Chan<String> a = chan(1);
          Chan<Integer> b = chan(1);
          Chan<String> c = chan(1);
          List<String> log = new ArrayList<>();

          a.send("x");
          int chosen =
              select()
                  .recv(a, v -> log.add("a " + v)) // case v := <-a:
                  .recvOk(b, (v, ok) -> log.add("b " + v + " " + ok)) // case v, ok := <-b:
                  .send(c, "y", () -> log.add("sent")) // case c <- "y":
                  .run();
          assertTrue(chosen == 0 || chosen == 2, "ready: a and c; chose " + chosen);

          Chan<Integer> empty = chan();
          int d =
              select()
                  .recv(empty, v -> log.add("never"))
                  .otherwise(() -> log.add("default")) // default:
                  .run();
          assertEquals(1, d); // the index counts otherwise too
          assertTrue(log.contains("default"));

          // a value out of a select: select { case v := <-words: return v; case <-timeout: ... }
          Chan<String> words = chan(1);
          words.send("hi");
          String s =
              Go.<String>selectValue()
                  .recv(words, w -> "word " + w)
                  .recv(after(LONG), t -> "timeout")
                  .get();
          assertEquals("word hi", s);

          // for a != nil || b != nil { select { case v, ok := <-a: if !ok { a = nil } ... } }
          Chan<Integer> ca = chan(2);
          Chan<Integer> cb = chan(2);
          ca.send(1);
          ca.close();
          cb.send(2);
          cb.send(3);
          cb.close();
          RecvChan<Integer> ra = ca;
          RecvChan<Integer> rb = cb;
          int[] sum = {0};
          boolean[] ok = {false};
          while (!ra.isNil() || !rb.isNil()) {
            int i =
                select()
                    .recvOk(
                        ra,
                        (v, k) -> {
                          ok[0] = k;
                          sum[0] += k ? v : 0;
                        })
                    .recvOk(
                        rb,
                        (v, k) -> {
                          ok[0] = k;
                          sum[0] += k ? v : 0;
                        })
                    .run();
            if (!ok[0]) { // closed: a = nil, and its case is never chosen again
              if (i == 0) {
                ra = Chan.nil();
              } else {
                rb = Chan.nil();
              }
            }
          }
          assertEquals(6, sum[0]);

          // cases built at run time (reflect.Select)
          List<Chan<Integer>> chans = List.of(chan(1), chan(1), chan(1));
          chans.get(1).send(7);
          AtomicInteger from1 = new AtomicInteger(-1);
          Select sel = select();
          for (int k = 0; k < chans.size(); k++) {
            int idx = k;
            sel.recv(chans.get(k), v -> from1.set(idx * 100 + v));
          }
          assertEquals(1, sel.run());
          assertEquals(107, from1.get());
          return null;
        });
  }

  // ------------------------------------------------------------------ 4. time

  @Test
  void timersAndTickers() {
    InRuntime.main(
        () -> {
          // <-time.After(d)
          Instant fired = after(Duration.ofMillis(1)).recv();
          assertNotNull(fired);

          // t := time.NewTimer(d); t.Stop(); t.Reset(d); <-t.C
          Timer t = timer(LONG);
          assertTrue(t.stop()); // stopped before it fired
          assertNull(t.c().tryRecv()); // and nothing is left to receive (Go 1.23)
          assertFalse(t.reset(Duration.ofMillis(1)));
          assertNotNull(t.c().recv());

          // tk := time.NewTicker(d); for range tk.C { ... }; tk.Stop()
          Ticker tk = ticker(Duration.ofMillis(1));
          int ticks = 0;
          for (Instant tick : tk.c()) {
            assertNotNull(tick);
            if (++ticks == 3) {
              break;
            }
          }
          tk.stop();
          assertEquals(3, ticks);
          assertThrows(IllegalArgumentException.class, () -> ticker(Duration.ZERO));

          // time.AfterFunc(d, f)
          Chan<String> ran = chan(1);
          afterFunc(Duration.ofMillis(1), () -> ran.send("ran"));
          assertEquals("ran", ran.recv());
          Timer never = afterFunc(LONG, () -> ran.send("never"));
          assertTrue(never.stop());
          return null;
        });
  }

  // ------------------------------------------------------------------ 5. sync

  @Test
  void waitGroup() {
    InRuntime.main(
        () -> {
          AtomicInteger n = new AtomicInteger();
          WaitGroup wg = new WaitGroup(); // var wg sync.WaitGroup
          for (int i = 0; i < 10; i++) {
            wg.add(1); // wg.Add(1)
            go(
                () -> {
                  try { // defer wg.Done()
                    n.incrementAndGet();
                  } finally {
                    wg.done();
                  }
                });
          }
          for (int i = 0; i < 10; i++) {
            wg.go(n::incrementAndGet); // Go 1.25: wg.Go(f)
          }
          wg.await(); // wg.Wait()
          assertEquals(20, n.get());
          IllegalStateException e = assertThrows(IllegalStateException.class, wg::done);
          assertEquals("sync: negative WaitGroup counter", e.getMessage());
          return null;
        });
  }

  @Test
  void mutexesAndOnce() {
    InRuntime.main(
        () -> {
          Mutex mu = new Mutex(); // var mu sync.Mutex
          int[] count = {0};
          WaitGroup wg = new WaitGroup();
          for (int i = 0; i < 4; i++) {
            wg.go(
                () -> {
                  for (int k = 0; k < 100; k++) {
                    mu.lock(); // mu.Lock(); defer mu.Unlock()
                    try {
                      count[0]++;
                    } finally {
                      mu.unlock();
                    }
                  }
                });
          }
          wg.await();
          assertEquals(400, count[0]);
          assertTrue(mu.tryLock()); // mu.TryLock()
          mu.unlock();
          assertThrows(IllegalStateException.class, mu::unlock); // unlock of unlocked mutex

          RWMutex rw = new RWMutex(); // var rw sync.RWMutex
          rw.rLock(); // rw.RLock(); defer rw.RUnlock()
          rw.rLock();
          assertFalse(rw.tryLock());
          rw.rUnlock();
          rw.rUnlock();
          rw.lock(); // rw.Lock(); defer rw.Unlock()
          assertFalse(rw.tryRLock());
          rw.unlock();
          rw.rLocker().lock(); // rw.RLocker().Lock()
          assertFalse(rw.tryLock());
          rw.rLocker().unlock();

          Once once = new Once(); // var once sync.Once
          AtomicInteger inits = new AtomicInteger();
          once.run(inits::incrementAndGet); // once.Do(f)
          once.run(inits::incrementAndGet);
          assertEquals(1, inits.get());
          Runnable init = Once.onceFunc(inits::incrementAndGet); // sync.OnceFunc(f)
          init.run();
          init.run();
          assertEquals(2, inits.get());
          Supplier<String> config = Once.onceValue(() -> "loaded " + inits.incrementAndGet());
          assertEquals("loaded 3", config.get()); // sync.OnceValue(f)
          assertEquals("loaded 3", config.get());
          return null;
        });
  }

  @Test
  void condAndSemaphore() {
    InRuntime.main(
        () -> {
          Mutex mu = new Mutex();
          Cond ready = new Cond(mu); // sync.NewCond(&mu)
          boolean[] isReady = {false};
          Goroutine waiter =
              go(
                  () -> {
                    mu.lock();
                    try {
                      while (!isReady[0]) { // for !ready { c.Wait() }
                        ready.await();
                      }
                    } finally {
                      mu.unlock();
                    }
                  });
          mu.lock();
          isReady[0] = true;
          ready.broadcast(); // c.Broadcast()
          ready.signal(); // c.Signal(): nobody waits any more, a no-op as in Go
          mu.unlock();
          waiter.join();
          assertSame(mu, ready.locker()); // c.L

          Semaphore sem = new Semaphore(3); // semaphore.NewWeighted(3)
          sem.acquire(Context.background(), 2); // sem.Acquire(ctx, 2)
          assertFalse(sem.tryAcquire(2)); // sem.TryAcquire(2)
          try (CancelContext ctx = Context.background().withTimeout(Duration.ofMillis(1))) {
            CancelledException late = assertThrows(CancelledException.class, () -> sem.acquire(ctx, 2));
            assertSame(Context.DEADLINE_EXCEEDED, late); // if err := sem.Acquire(ctx, 2); err != nil
          }
          sem.acquire(1); // no context: waits until the permits come, or until cancelled
          sem.release(3); // sem.Release(3)
          assertThrows(IllegalStateException.class, () -> sem.release(1));
          return null;
        });
  }

  // ------------------------------------------------------------------ 6. errgroup

  @Test
  void errgroupIsAScope() {
    InRuntime.main(
        () -> {
          // var g errgroup.Group; g.Go(f); g.Go(h); if err := g.Wait(); err != nil { ... }
          List<String> done = Collections.synchronizedList(new ArrayList<>());
          Go.scope(
              g -> {
                g.go(() -> done.add("f"));
                g.go(() -> done.add("h"));
              });
          assertEquals(2, done.size());

          // a checked error is wrapped; an unchecked one is thrown as it is
          ScopeFailedException wrapped =
              assertThrows(
                  ScopeFailedException.class,
                  () ->
                      Go.scope(
                          g -> {
                            g.go(
                                () -> {
                                  throw new IOException("disk full");
                                });
                          }));
          assertInstanceOf(IOException.class, wrapped.getCause());
          assertThrows(
              IllegalStateException.class,
              () ->
                  Go.scope(
                      g -> {
                        g.go(
                            () -> {
                              throw new IllegalStateException("bad state");
                            });
                      }));

          // g, ctx := errgroup.WithContext(parent); the first error cancels ctx, with it as cause
          AtomicReference<Context> groupCtx = new AtomicReference<>();
          assertThrows(
              ScopeFailedException.class,
              () ->
                  Go.scope(
                      Context.background(),
                      g -> {
                        Context ctx = g.context();
                        groupCtx.set(ctx);
                        g.go(
                            () -> {
                              throw new IOException("first");
                            });
                      }));
          assertSame(Context.CANCELED, groupCtx.get().err());
          assertEquals("first", groupCtx.get().cause().getMessage()); // context.Cause(ctx)

          // g.SetLimit(1); g.TryGo(f)
          Go.scope(
              g -> {
                g.setLimit(1);
                Chan<Void> release = chan();
                assertTrue(g.tryGo(() -> release.recv()));
                assertFalse(g.tryGo(() -> {})); // the one slot is taken
                release.close();
              });

          // a result: int n = Go.scope(s -> { ...; return 42; });
          int n =
              Go.scope(
                  s -> {
                    return 6 * 7;
                  });
          assertEquals(42, n);
          return null;
        });
  }

  // ------------------------------------------------------------------ 7. context

  @Test
  void contexts() {
    InRuntime.main(
        () -> {
          Context bg = Context.background(); // context.Background()
          assertNull(bg.err());
          assertNull(Context.todo().err()); // context.TODO()

          // ctx, cancel := context.WithCancel(bg); defer cancel()
          try (CancelContext ctx = bg.withCancel()) {
            Context child = ctx.withValue(Context.Key.of("x"), 1);
            ctx.cancel();
            assertNull(child.done().recv()); // <-ctx.Done(): closed
            assertSame(Context.CANCELED, child.err()); // errors.Is(err, context.Canceled)
            assertEquals("context canceled", child.err().getMessage());
          }

          // ctx, cancel := context.WithCancelCause(bg); cancel(err); context.Cause(ctx)
          CancelContext withCause = bg.withCancel();
          IOException why = new IOException("upstream closed");
          withCause.cancel(why);
          assertSame(Context.CANCELED, withCause.err());
          assertSame(why, withCause.cause());

          // context.WithTimeout / WithDeadline
          try (CancelContext ctx = bg.withTimeout(Duration.ofMillis(1))) {
            ctx.done().recv();
            assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
            assertEquals("context deadline exceeded", ctx.err().getMessage());
          }
          Instant at = Instant.now().plus(LONG);
          try (CancelContext ctx = bg.withDeadline(at)) {
            assertEquals(Optional.of(at), ctx.deadline()); // ctx.Deadline()
            assertNull(ctx.err());
          }

          // context.WithValue with an unexported key type: a Key is compared by identity
          Context.Key<String> user = Context.Key.of("user");
          Context withUser = bg.withValue(user, "alice");
          assertEquals("alice", withUser.value(user)); // ctx.Value(userKey).(string)
          assertNull(withUser.value(Context.Key.<String>of("user")));

          // stop := context.AfterFunc(ctx, f)
          CancelContext ctx = bg.withCancel();
          Chan<String> ran = chan(1);
          Context.AfterFunc stop = ctx.afterFunc(() -> ran.send("after"));
          ctx.cancel();
          assertEquals("after", ran.recv());
          assertFalse(stop.stop()); // it already ran

          // select { case <-ctx.Done(): return ctx.Err(); case v := <-work: ... }
          CancelContext quick = bg.withTimeout(Duration.ofMillis(1));
          Chan<String> work = chan();
          CancelledException err =
              assertThrows(
                  CancelledException.class,
                  () ->
                      Go.<String>selectValue()
                          .recv(work, w -> w)
                          .recv(
                              quick.done(),
                              x -> {
                                throw quick.err();
                              })
                          .get());
          assertSame(Context.DEADLINE_EXCEEDED, err);
          return null;
        });
  }

  // ------------------------------------------------------------------ 8. defer

  @Test
  void deferInAScope() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    InRuntime.main(
        () -> {
          Chan<Integer> out = chan(3);
          Go.scope(
              s -> {
                s.defer(() -> log.add("first deferred, runs last"));
                s.defer(out::close); // defer close(out): after every child finished
                s.go(() -> out.send(1));
                s.go(() -> out.send(2));
              });
          int sum = 0;
          for (int v : out) {
            sum += v;
          }
          log.add("sum " + sum);
          return null;
        });
    assertEquals(List.of("first deferred, runs last", "sum 3"), log);
  }

  // ------------------------------------------------------------------ 9. differences

  @Test
  void nullIsTheZeroValueAndCannotBeSent() {
    InRuntime.main(
        () -> {
          Chan<Integer> ch = chan(1);
          ch.close();
          assertThrows(NullPointerException.class, () -> useInt(ch.recv())); // int v = <-ch
          Integer boxed = ch.recv(); // fine: null
          assertNull(boxed);

          // errc <- nil (a nil error meaning "no error"): send an Optional instead
          Chan<Optional<IOException>> errc = chan(1);
          errc.send(Optional.empty());
          assertTrue(errc.recv().isEmpty());
          // done <- struct{}{}: Void has no value to send; signal with true, or close a Chan<Void>
          Chan<Boolean> signal = chan(1);
          signal.send(true);
          assertTrue(signal.recv());
          return null;
        });
  }

  private static void useInt(int v) {
    assertTrue(v >= 0);
  }

  @Test
  void aLambdaThatFitsBothBodiesIsABody() {
    int n =
        InRuntime.main(
            () -> {
              // int n = Go.scope(s -> compute(s));   does not compile: void is not an int
              Go.scope(s -> compute(s)); // a Body: the value is dropped
              return Go.scope(
                  s -> {
                    return compute(s);
                  });
            });
    assertEquals(42, n);
  }

  private static int compute(Scope s) {
    return s.context().err() == null ? 42 : -1;
  }

  @Test
  void cancellationIsACancelledException() {
    ConcurrentLinkedQueue<String> saw = new ConcurrentLinkedQueue<>();
    InRuntime.main(
        () -> {
          Chan<Boolean> started = chan(2);
          IllegalStateException e =
              assertThrows(
                  IllegalStateException.class,
                  () ->
                      Go.scope(
                          s -> {
                            s.go(
                                () -> { // blocked in a channel: the scope's interrupt ends it
                                  started.send(true);
                                  try {
                                    Go.<String>chan().recv();
                                  } catch (CancelledException c) {
                                    saw.add("blocked child cancelled");
                                    throw c; // rethrow: swallowing it would hide the cancellation
                                  }
                                });
                            s.go(
                                () -> { // a CPU loop: checkpoint() is its cancellation point
                                  started.send(true);
                                  try {
                                    while (true) {
                                      checkpoint();
                                    }
                                  } catch (CancelledException c) {
                                    saw.add("busy child cancelled");
                                    throw c;
                                  }
                                });
                            started.recv();
                            started.recv();
                            throw new IllegalStateException("the body failed");
                          }));
          assertEquals("the body failed", e.getMessage());
          assertEquals(0, e.getSuppressed().length); // the children's echoes are not failures
          return null;
        });
    assertEquals(2, saw.size(), saw.toString());
  }

  @Test
  void aTryWithResourcesScopeIsNotCancelledByAnEscapingException() {
    AtomicReference<String> child = new AtomicReference<>();
    IOException e =
        InRuntime.main(
            () -> {
              Goroutine owner = GoRuntime.current();
              Chan<String> gate = chan();
              go(
                  () -> { // opens the gate once the owner waits for the child in close()
                    awaitClosing(owner);
                    gate.send("not cancelled");
                  });
              return assertThrows(IOException.class, () -> openScopeAndThrow(gate, child));
            });
    assertEquals("escapes the block", e.getMessage());
    assertEquals("not cancelled", child.get());

    // Go.scope with the same body: the exception cancels the child
    ScopeFailedException f =
        InRuntime.main(
            () -> {
              Chan<Boolean> started = chan(1);
              return assertThrows(
                  ScopeFailedException.class,
                  () ->
                      Go.scope(
                          s -> {
                            s.go(
                                () -> {
                                  started.send(true);
                                  try {
                                    child.set(Go.<String>chan().recv());
                                  } catch (CancelledException c) {
                                    child.set("cancelled");
                                    throw c;
                                  }
                                });
                            started.recv();
                            throw new IOException("escapes the body");
                          }));
            });
    assertEquals("escapes the body", f.getCause().getMessage());
    assertEquals("cancelled", child.get());
  }

  private static void openScopeAndThrow(Chan<String> gate, AtomicReference<String> child)
      throws IOException {
    try (Scope s = Scope.open()) {
      s.go(() -> child.set(gate.recv()));
      throw new IOException("escapes the block"); // close() waits for the child, uncancelled
    }
  }

  /** Yields until {@code owner} waits for its scope's children (in {@code close()}). */
  private static void awaitClosing(Goroutine owner) {
    while (!(owner.state() == GoroutineState.WAITING
        && owner.waitReason().equals("sync.WaitGroup.Wait"))) {
      gosched();
    }
  }
}
