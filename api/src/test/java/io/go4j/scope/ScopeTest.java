package io.go4j.scope;

import static io.go4j.Go.chan;
import static io.go4j.Go.checkpoint;
import static io.go4j.Go.go;
import static io.go4j.Go.main;
import static io.go4j.Go.scope;
import static io.go4j.Go.select;
import static io.go4j.Go.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.CancelContext;
import io.go4j.Context;
import io.go4j.Scope;
import io.go4j.ScopeFailedException;
import io.go4j.channels.Chan;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.sync.Mutex;
import io.go4j.sync.Semaphore;
import io.go4j.sync.WaitGroup;
import io.go4j.testsupport.Waits;
import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every rule of {@link Scope}: ordering, failure, cancellation, nesting, limits. */
@Timeout(60)
class ScopeTest {
  @Test
  void defersRunLifoAfterEveryChildFinished() {
    List<String> events = new CopyOnWriteArrayList<>();
    Chan<Boolean> gate = chan();
    scope(
        s -> {
          s.defer(() -> events.add("defer 1"));
          s.go(() -> events.add("child a " + gate.recvOk().ok()));
          s.defer(() -> events.add("defer 2"));
          s.go(() -> events.add("child b " + gate.recvOk().ok()));
          events.add("body end");
          gate.close(); // the children finish only after the body returned
        });
    assertEquals("body end", events.get(0));
    assertEquals(
        List.of("child a false", "child b false"), events.subList(1, 3).stream().sorted().toList());
    assertEquals(List.of("defer 2", "defer 1"), events.subList(3, 5));
  }

  @Test
  void valueScopeReturnsTheBodysResult() {
    AtomicInteger sum = new AtomicInteger();
    int n =
        scope(
            s -> {
              for (int i = 1; i <= 10; i++) {
                int k = i;
                s.go(() -> sum.addAndGet(k));
              }
              return 42;
            });
    assertEquals(42, n);
    assertEquals(55, sum.get());
  }

  @Test
  void firstFailureIsRethrownLaterOnesSuppressedEchoesDropped() {
    Chan<String> never = chan();
    Chan<Boolean> started = chan(2);
    RuntimeException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                scope(
                    s -> {
                      s.go(
                          () -> {
                            started.send(true);
                            never.recv(); // cancelled: an echo, not a failure
                          });
                      s.go(
                          () -> {
                            started.send(true);
                            try {
                              never.recv();
                            } catch (CancelledException e) {
                              throw new IllegalArgumentException("cleanup failed", e);
                            }
                          });
                      s.go(
                          () -> {
                            started.recv();
                            started.recv();
                            throw new IllegalStateException("boom");
                          });
                    }));
    assertEquals("boom", thrown.getMessage());
    assertEquals(1, thrown.getSuppressed().length);
    assertEquals("cleanup failed", thrown.getSuppressed()[0].getMessage());
  }

  @Test
  void checkedFailureIsWrapped() {
    ScopeFailedException e =
        assertThrows(
            ScopeFailedException.class,
            () ->
                scope(
                    s ->
                        s.go(
                            () -> {
                              throw new IOException("disk full");
                            })));
    assertInstanceOf(IOException.class, e.getCause());
    assertEquals("scope failed: java.io.IOException: disk full", e.getMessage());
  }

  @Test
  void throwingDeferIsSuppressedAndTheOthersStillRun() {
    List<String> ran = new CopyOnWriteArrayList<>();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                scope(
                    s -> {
                      s.defer(() -> ran.add("d1"));
                      s.defer(
                          () -> {
                            ran.add("d2");
                            throw new IOException("d2 failed");
                          });
                      s.defer(() -> ran.add("d3"));
                      throw new IllegalArgumentException("body failed");
                    }));
    assertEquals(List.of("d3", "d2", "d1"), ran);
    assertEquals("body failed", e.getMessage());
    assertEquals("d2 failed", e.getSuppressed()[0].getMessage());

    ScopeFailedException alone =
        assertThrows(
            ScopeFailedException.class,
            () ->
                scope(
                    s ->
                        s.defer(
                            () -> {
                              throw new IOException("only the defer failed");
                            })));
    assertEquals("only the defer failed", alone.getCause().getMessage());
  }

  /** A child blocked in each kind of go4j wait, all cancelled by a sibling's failure. */
  @Test
  void aFailingChildCancelsSiblingsBlockedAnywhere() {
    main(
        () -> {
          Chan<String> unbuffered = chan();
          Chan<String> full = chan(1);
          full.send("x");
          Map<String, String> outcome = new ConcurrentHashMap<>();
          Map<String, Goroutine> blocked = new ConcurrentHashMap<>();
          Mutex held = new Mutex();
          held.lock();
          WaitGroup pending = new WaitGroup();
          pending.add(1);
          Semaphore none = new Semaphore(1);
          none.acquire(1);
          Map<String, Scope.Task> waits =
              Map.of(
                  "chan send", () -> full.send("lost"),
                  "chan receive", unbuffered::recv,
                  "select", () -> select().recv(unbuffered, v -> {}).send(full, "y", () -> {}).run(),
                  "sleep", () -> sleep(Duration.ofHours(1)),
                  "sync.Mutex.Lock", held::lock,
                  "sync.WaitGroup.Wait", pending::await,
                  "semacquire", () -> none.acquire(1));
          RuntimeException e =
              assertThrows(
                  RuntimeException.class,
                  () ->
                      scope(
                          s -> {
                            waits.forEach(
                                (reason, op) ->
                                    s.go(
                                        () -> {
                                          blocked.put(reason, GoRuntime.current());
                                          try {
                                            op.run();
                                            outcome.put(reason, "completed");
                                          } catch (CancelledException c) {
                                            outcome.put(reason, c.getMessage());
                                            throw c;
                                          }
                                        }));
                            s.go(
                                () -> {
                                  while (blocked.size() < waits.size()) {
                                    sleep(Duration.ofMillis(1));
                                  }
                                  blocked.forEach((reason, g) -> Waits.until(g, reason));
                                  throw new RuntimeException("sibling failed");
                                });
                          }));
          assertEquals("sibling failed", e.getMessage());
          assertEquals(0, e.getSuppressed().length);
          assertEquals(waits.keySet(), outcome.keySet());
          outcome.forEach(
              (reason, message) -> assertTrue(message.contains("interrupted"), reason + message));
          assertEquals(1, full.len()); // the cancelled send did not deliver
          assertEquals("x", full.recv());
          assertFalse(unbuffered.trySend("nobody receives any more"));
          held.unlock(); // still ours: the cancelled lock did not take it
          assertTrue(held.tryLock());
          assertFalse(none.tryAcquire(1)); // the cancelled acquire took nothing, ours is held
          none.release(1);
          assertTrue(none.tryAcquire(1));
          pending.done();
          pending.await();
        });
  }

  @Test
  void aChildThatNeverBlocksIsCancelledAtCheckpoint() {
    AtomicReference<String> seen = new AtomicReference<>();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                scope(
                    s -> {
                      Chan<Boolean> spinning = chan(1);
                      s.go(
                          () -> {
                            spinning.send(true);
                            try {
                              while (true) {
                                checkpoint();
                              }
                            } catch (CancelledException c) {
                              seen.set(c.getMessage());
                            }
                          });
                      s.go(
                          () -> {
                            spinning.recv();
                            throw new IllegalStateException("stop");
                          });
                    }));
    assertEquals("stop", e.getMessage());
    assertEquals("cancelled at checkpoint", seen.get());
  }

  @Test
  void theBodyBlockedInAReceiveIsCancelledByAFailingChild() {
    List<String> events = new CopyOnWriteArrayList<>();
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () ->
                scope(
                    s -> {
                      Chan<String> results = chan();
                      s.go(
                          () -> {
                            throw new UnsupportedOperationException("producer failed");
                          });
                      try {
                        results.recv();
                      } catch (CancelledException c) {
                        events.add("body cancelled");
                        throw c;
                      }
                    }));
    assertEquals("producer failed", e.getMessage());
    assertEquals(List.of("body cancelled"), events);
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void nestedScopesFailIndependentlyUnlessTheFailurePropagates() {
    main(
        () -> {
          List<String> events = new CopyOnWriteArrayList<>();
          Chan<Boolean> release = chan();
          scope(
              outer -> {
                outer.go(
                    () -> {
                      try {
                        scope(
                            inner ->
                                inner.go(
                                    () -> {
                                      throw new IllegalStateException("inner 1 failed");
                                    }));
                      } catch (IllegalStateException handled) {
                        events.add("handled " + handled.getMessage());
                      }
                      release.close();
                    });
                outer.go(
                    () ->
                        scope(
                            inner ->
                                inner.go(
                                    () -> {
                                      release.recv(); // not cancelled by inner 1's failure
                                      events.add("inner 2 finished");
                                    })));
              });
          assertEquals(List.of("handled inner 1 failed", "inner 2 finished"), events);
        });
  }

  @Test
  void anOuterFailureCancelsInnerScopesAndTheirContexts() {
    main(
        () -> {
          AtomicReference<Context> innerContext = new AtomicReference<>();
          AtomicReference<Throwable> innerEnd = new AtomicReference<>();
          Chan<Boolean> started = chan(1);
          IllegalStateException e =
              assertThrows(
                  IllegalStateException.class,
                  () ->
                      scope(
                          outer -> {
                            outer.go(
                                () -> {
                                  try {
                                    scope(
                                        inner -> {
                                          innerContext.set(inner.context());
                                          inner.go(
                                              () -> {
                                                started.send(true);
                                                chan().recv();
                                              });
                                        });
                                  } catch (RuntimeException ended) {
                                    innerEnd.set(ended);
                                    throw ended;
                                  }
                                });
                            outer.go(
                                () -> {
                                  started.recv();
                                  throw new IllegalStateException("outer failed");
                                });
                          }));
          assertEquals("outer failed", e.getMessage());
          assertEquals(0, e.getSuppressed().length);
          assertEquals(Context.CANCELED, innerContext.get().err());
          assertSame(e, innerContext.get().cause());
          assertInstanceOf(CancelledException.class, innerEnd.get());
          assertEquals("scope cancelled: context canceled", innerEnd.get().getMessage());
        });
  }

  @Test
  void plainGoInsideAScopeIsNotAChild() {
    main(
        () -> {
          Chan<Boolean> gate = chan();
          AtomicReference<Goroutine> orphan = new AtomicReference<>();
          AtomicReference<Context> scopeContext = new AtomicReference<>();
          AtomicReference<Context> orphanContext = new AtomicReference<>();
          scope(
              s -> {
                scopeContext.set(s.context());
                orphan.set(
                    go(
                        () -> {
                          try (Scope own = Scope.open()) {
                            orphanContext.set(own.context());
                          }
                          gate.recv();
                        }));
              });
          Waits.until(orphan.get(), "chan receive"); // the scope did not wait for it
          assertTrue(orphan.get().isAlive());
          assertEquals(
              "context.Background.WithCancel", orphanContext.get().toString()); // not nested
          assertEquals(Context.CANCELED, scopeContext.get().err()); // the scope ended
          gate.close();
          orphan.get().join();
        });
  }

  @Test
  void setLimitBlocksGoAndTryGoReportsFalse() {
    main(
        () -> {
          List<String> events = new CopyOnWriteArrayList<>();
          Chan<Boolean> gate = chan();
          scope(
              s -> {
                s.setLimit(2);
                s.go(() -> events.add("a " + gate.recv()));
                s.go(() -> events.add("b " + gate.recv()));
                assertFalse(s.tryGo(() -> events.add("never")));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.setLimit(5));
                assertEquals(
                    "errgroup: modify limit while 2 goroutines in the group are still active",
                    e.getMessage());
                Goroutine body = GoRuntime.current();
                go(
                    () -> {
                      Waits.until(body, "chan send"); // the third go waits for a slot
                      events.add("released one");
                      gate.send(true);
                    });
                s.go(() -> events.add("c " + gate.recv()));
                events.add("third started");
                gate.send(true);
                gate.send(true);
              });
          assertEquals(List.of("released one", "third started"), events.stream().filter(x -> !x.contains("true")).toList());
          assertEquals(5, events.size());
        });
  }

  @Test
  void theContextIsCancelledWhenTheScopeFailsOrEnds() {
    AtomicReference<Context> ok = new AtomicReference<>();
    scope(s -> ok.set(s.context()));
    assertSame(Context.CANCELED, ok.get().err());
    assertSame(Context.CANCELED, ok.get().cause());

    AtomicReference<Context> failed = new AtomicReference<>();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                scope(
                    s -> {
                      failed.set(s.context());
                      s.go(() -> s.context().done().recvOk()); // ends when the failure cancels
                      throw new IllegalStateException("body failed");
                    }));
    assertSame(Context.CANCELED, failed.get().err());
    assertSame(e, failed.get().cause());
  }

  @Test
  void aCancelledParentContextCancelsTheScope() {
    main(
        () -> {
          CancelContext parent = Context.background().withCancel();
          Chan<Boolean> started = chan(1);
          CancelledException e =
              assertThrows(
                  CancelledException.class,
                  () ->
                      scope(
                          parent,
                          s -> {
                            s.go(
                                () -> {
                                  started.send(true);
                                  chan().recv();
                                });
                            started.recv();
                            parent.cancel();
                            s.context().done().recvOk();
                          }));
          assertEquals("scope cancelled: context canceled", e.getMessage());
        });
  }

  @Test
  void cancelEndsTheScopeNormally() {
    List<String> events = new CopyOnWriteArrayList<>();
    String winner =
        scope(
            s -> {
              Chan<String> first = chan(3);
              for (String name : List.of("a", "b", "c")) {
                s.go(
                    () -> {
                      if (name.equals("b")) {
                        first.send(name);
                      } else {
                        chan().recv(); // the losers wait until cancelled
                      }
                    });
              }
              String w = first.recv();
              s.cancel();
              s.go(() -> events.add("not started: the scope is cancelled"));
              assertFalse(s.tryGo(() -> events.add("not started either")));
              return w;
            });
    assertEquals("b", winner);
    assertEquals(List.of(), events);
  }

  @Test
  void anInterruptedOwnerCancelsTheChildrenAndWaitsForThem() throws InterruptedException {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread owner =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    scope(
                        s ->
                            s.go(
                                () -> {
                                  events.add("child waiting");
                                  try {
                                    chan().recv();
                                  } finally {
                                    events.add("child cancelled");
                                  }
                                }));
                  } catch (Throwable t) {
                    events.add("scope ended");
                    ended.set(t);
                  }
                });
    while (events.isEmpty() || owner.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    owner.interrupt();
    owner.join();
    assertEquals(List.of("child waiting", "child cancelled", "scope ended"), events);
    assertEquals("scope cancelled: context canceled", ended.get().getMessage());
  }

  @Test
  void tryWithResourcesScope() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (Scope s = Scope.open()) {
      s.defer(() -> events.add("deferred"));
      s.go(() -> events.add("child"));
    }
    assertEquals(List.of("child", "deferred"), events);
  }

  @Test
  void misuse() throws InterruptedException {
    Scope closed;
    try (Scope s = Scope.open()) {
      closed = s;
    }
    assertEquals(
        "go on a closed scope",
        assertThrows(IllegalStateException.class, () -> closed.go(() -> {})).getMessage());
    assertEquals(
        "defer on a closed scope",
        assertThrows(IllegalStateException.class, () -> closed.defer(() -> {})).getMessage());
    closed.close(); // a second close does nothing

    AtomicReference<Throwable> wrongThread = new AtomicReference<>();
    try (Scope s = Scope.open()) {
      Thread t = Thread.ofPlatform().start(() -> wrongThread.set(catching(s::close)));
      t.join();
    }
    assertEquals(
        "a scope is closed by the thread that opened it", wrongThread.get().getMessage());
  }

  @Test
  void openIsAnnotatedMustBeClosedForErrorProne() throws IOException {
    byte[] bytes;
    try (var in = Scope.class.getResourceAsStream("Scope.class")) {
      bytes = in.readAllBytes();
    }
    ClassModel model = ClassFile.of().parse(bytes);
    List<String> annotated = new ArrayList<>();
    for (MethodModel m : model.methods()) {
      m.findAttribute(Attributes.runtimeInvisibleAnnotations())
          .ifPresent(
              a ->
                  a.annotations().stream()
                      .filter(
                          x ->
                              x.className()
                                  .stringValue()
                                  .equals("Lcom/google/errorprone/annotations/MustBeClosed;"))
                      .forEach(
                          x -> annotated.add(m.methodName() + m.methodType().stringValue())));
    }
    assertEquals(
        List.of("open()Lio/go4j/Scope;", "open(Lio/go4j/Context;)Lio/go4j/Scope;"),
        annotated.stream().sorted().toList());
  }

  @Test
  void aChildAfterTheOwnersBodyMaySpawnMoreChildren() {
    AtomicInteger ran = new AtomicInteger();
    scope(
        s ->
            s.go(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    s.go(ran::incrementAndGet);
                  }
                }));
    assertEquals(100, ran.get());
  }

  @Test
  void theOwnerWaitsForTheChildrenAsAWaitGroupWait() {
    main(
        () -> {
          Goroutine owner = GoRuntime.current();
          Chan<Boolean> gate = chan();
          go(
              () -> {
                Waits.until(owner, "sync.WaitGroup.Wait");
                gate.close();
              });
          scope(s -> s.go(gate::recv)); // returns once the watcher saw the owner's wait reason
        });
  }

  /** A cancelled scope's own CancelledException comes before what its children make of theirs. */
  @Test
  void anOutsideCancellationComesFirstAndDerivedContextsAreDoneBeforeTheInterrupt() {
    main(
        () -> {
          for (int round = 0; round < 50; round++) {
            CancelContext parent = Context.background().withCancel();
            Chan<Boolean> started = chan(2);
            List<String> seen = new CopyOnWriteArrayList<>();
            CancelledException e =
                assertThrows(
                    CancelledException.class,
                    () ->
                        scope(
                            parent,
                            s -> {
                              for (int i = 0; i < 2; i++) {
                                s.go(
                                    () -> {
                                      CancelContext own = s.context().withCancel();
                                      started.send(true);
                                      try {
                                        chan().recv();
                                      } catch (CancelledException c) {
                                        seen.add(String.valueOf(own.err()));
                                        throw new IllegalStateException("job failed", c);
                                      }
                                    });
                              }
                              started.recv();
                              started.recv();
                              parent.cancel();
                            }));
            assertEquals("scope cancelled: context canceled", e.getMessage());
            assertEquals(2, e.getSuppressed().length);
            assertEquals(List.of("context canceled", "context canceled"), seen);
          }
        });
  }

  @Test
  void childrenAreCreatedByTheCodeThatStartedThem() {
    main(
        () -> {
          Chan<Boolean> gate = chan();
          Map<String, String> createdBy = new ConcurrentHashMap<>();
          scope(
              s -> {
                startChild(s, gate, createdBy, "first");
                startOtherChild(s, gate, createdBy);
                while (createdBy.size() < 2) {
                  sleep(Duration.ofMillis(1));
                }
                gate.close();
              });
          assertEquals("io.go4j.scope.ScopeTest.startChild", createdBy.get("first"));
          assertEquals("io.go4j.scope.ScopeTest.startOtherChild", createdBy.get("other"));
        });
  }

  private static void startChild(
      Scope s, Chan<Boolean> gate, Map<String, String> createdBy, String key) {
    s.go(() -> {
      record(createdBy, key);
      gate.recvOk();
    });
  }

  private static void startOtherChild(Scope s, Chan<Boolean> gate, Map<String, String> createdBy) {
    s.go(() -> {
      record(createdBy, "other");
      gate.recvOk();
    });
  }

  private static void record(Map<String, String> createdBy, String key) {
    long self = GoRuntime.current().id();
    GoRuntime.ofCaller().goroutines().stream()
        .filter(g -> g.id() == self)
        .forEach(g -> createdBy.put(key, g.createdBy()));
  }

  // ---------------------------------------------------------------- go racing the scope's end

  @Test
  void aChildStartedWhileTheScopeWaitsForItsChildrenIsWaitedFor() {
    main(
        () -> {
          Goroutine owner = GoRuntime.current();
          List<String> events = new CopyOnWriteArrayList<>();
          scope(
              s ->
                  s.go(
                      () -> {
                        Waits.until(owner, "sync.WaitGroup.Wait"); // the owner is in close()
                        s.go(
                            () -> {
                              Waits.until(owner, "sync.WaitGroup.Wait");
                              events.add("late child ran");
                            });
                      }));
          events.add("scope ended");
          assertEquals(List.of("late child ran", "scope ended"), events);
        });
  }

  /**
   * A goroutine that is not a child calls {@code s.go} after the scope's join saw its last child
   * finish and before the scope cancelled its context: the owner is held there, at the context's
   * lock, which the test takes through reflection. The call must not start a child that nobody
   * waits for; it is refused.
   */
  @Test
  void goAfterTheLastChildFinishedIsRefused() throws Exception {
    AtomicReference<Scope> opened = new AtomicReference<>();
    CountDownLatch leave = new CountDownLatch(1);
    AtomicReference<Throwable> ownerFailed = new AtomicReference<>();
    Thread owner =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (Scope s = Scope.open()) {
                    opened.set(s);
                    leave.await();
                  } catch (Throwable t) {
                    ownerFailed.set(t);
                  }
                });
    while (opened.get() == null) {
      Thread.onSpinWait();
    }
    Scope s = opened.get();
    Object contextLock = privateField(s.context(), "lock");
    AtomicInteger ran = new AtomicInteger();
    Throwable refused;
    synchronized (contextLock) {
      leave.countDown();
      while (blockedOn(owner) != System.identityHashCode(contextLock)) {
        Thread.onSpinWait();
      }
      assertNull(s.context().err()); // not cancelled yet: the join is over
      refused = catching(() -> s.go(ran::incrementAndGet));
    }
    owner.join();
    assertNull(ownerFailed.get());
    assertInstanceOf(IllegalStateException.class, refused);
    assertEquals("go on a closing scope", refused.getMessage());
    assertEquals(0, ran.get());
    assertEquals("go on a closed scope", catching(() -> s.go(ran::incrementAndGet)).getMessage());
  }

  @Test
  void goFromADeferredActionIsRefused() {
    AtomicReference<Throwable> refused = new AtomicReference<>();
    scope(s -> s.defer(() -> refused.set(catching(() -> s.go(() -> {})))));
    assertInstanceOf(IllegalStateException.class, refused.get());
    assertEquals("go on a closing scope", refused.get().getMessage());
  }

  /** The identity hash code of the monitor {@code t} is blocked on, or 0. */
  private static int blockedOn(Thread t) {
    LockInfo lock = ManagementFactory.getThreadMXBean().getThreadInfo(t.threadId()).getLockInfo();
    return t.getState() == Thread.State.BLOCKED && lock != null ? lock.getIdentityHashCode() : 0;
  }

  private static Object privateField(Object o, String name) throws ReflectiveOperationException {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  // ---------------------------------------------------------------- try-with-resources

  /**
   * What try-with-resources does with an exception escaping the block: {@code close()} cannot see
   * it, so the children are not cancelled, {@code close()} waits for them, and the block's
   * exception propagates with the scope's own failure suppressed.
   */
  @Test
  void anExceptionEscapingATryWithResourcesBlockIsNotAFailureOfTheScope() {
    main(
        () -> {
          Goroutine owner = GoRuntime.current();
          Chan<String> gate = chan();
          List<String> events = new CopyOnWriteArrayList<>();
          AtomicReference<Context> context = new AtomicReference<>();
          go(
              () -> { // opens the gate once the owner waits for the child in close()
                Waits.until(owner, "sync.WaitGroup.Wait");
                gate.send("go");
              });
          IOException e =
              assertThrows(
                  IOException.class,
                  () -> {
                    try (Scope s = Scope.open()) {
                      context.set(s.context());
                      s.defer(() -> events.add("deferred, context " + s.context().err()));
                      s.go(
                          () -> {
                            String got = gate.recv();
                            events.add("child got " + got + ", context " + s.context().err());
                            throw new IllegalStateException("child failed");
                          });
                      throw new IOException("escapes the block");
                    }
                  });
          assertEquals("escapes the block", e.getMessage());
          assertEquals(
              List.of("child got go, context null", "deferred, context context canceled"), events);
          assertEquals(1, e.getSuppressed().length);
          assertEquals("child failed", e.getSuppressed()[0].getMessage());
          assertSame(e.getSuppressed()[0], context.get().cause()); // the child's failure, not e
        });
  }

  /** The way out that the javadoc shows: cancel the scope in a catch, then rethrow. */
  @Test
  void cancellingOnTheWayOutOfATryWithResourcesBlockCancelsTheChildren() {
    main(
        () -> {
          List<String> events = new CopyOnWriteArrayList<>();
          Chan<Boolean> started = chan(2);
          IOException e =
              assertThrows(
                  IOException.class,
                  () -> {
                    try (Scope s = Scope.open()) {
                      try {
                        s.go(
                            () -> {
                              started.send(true);
                              try {
                                chan().recv();
                              } catch (CancelledException c) {
                                events.add("cancelled");
                                throw c; // an echo
                              }
                            });
                        s.go(
                            () -> {
                              started.send(true);
                              try {
                                chan().recv();
                              } catch (CancelledException c) {
                                throw new IllegalStateException("cleanup failed", c);
                              }
                            });
                        started.recv();
                        started.recv();
                        throw new IOException("escapes the block");
                      } catch (Throwable t) {
                        s.cancel();
                        throw t;
                      }
                    }
                  });
          assertEquals("escapes the block", e.getMessage());
          assertEquals(List.of("cancelled"), events);
          assertEquals(1, e.getSuppressed().length);
          assertEquals("cleanup failed", e.getSuppressed()[0].getMessage());
        });
  }

  // ---------------------------------------------------------------- which failures are suppressed

  /**
   * The body cancelled the scope through its parent context, on its own thread, so the
   * cancellation did not interrupt it; then something else did. Its CancelledException is not an
   * echo: it is attached to the scope's own.
   */
  @Test
  void aCancelledExceptionTheCancellationDidNotCauseIsAFailure() {
    main(
        () -> {
          CancelContext parent = Context.background().withCancel();
          Goroutine body = GoRuntime.current();
          CancelledException e =
              assertThrows(
                  CancelledException.class,
                  () ->
                      scope(
                          parent,
                          s -> {
                            parent.cancel();
                            go(
                                () -> { // not a child, and not the scope
                                  Waits.until(body, "chan receive");
                                  body.interrupt();
                                });
                            chan().recv();
                          }));
          assertEquals("scope cancelled: context canceled", e.getMessage());
          assertEquals(
              List.of("chan receive interrupted; nothing was received"),
              messages(e.getSuppressed()));
        });
  }

  /**
   * An inner scope that cancelled itself (first result wins) is then cancelled from outside: its
   * owner, a child of the outer scope, is interrupted in the inner body. The inner scope must
   * throw that CancelledException, not swallow it as an echo of its own cancellation and return
   * normally, which would let the outer child run on. For the outer scope it is an echo.
   */
  @Test
  void aScopeThatCancelledItselfDoesNotSwallowAnOuterCancellation() {
    main(
        () -> {
          List<String> events = new CopyOnWriteArrayList<>();
          Chan<Goroutine> inner = chan(1);
          IllegalStateException e =
              assertThrows(
                  IllegalStateException.class,
                  () ->
                      scope(
                          outer -> {
                            outer.go(
                                () -> {
                                  try {
                                    scope(
                                        s -> {
                                          s.cancel();
                                          inner.send(GoRuntime.current());
                                          chan().recv();
                                        });
                                    events.add("inner scope returned");
                                  } catch (CancelledException c) {
                                    events.add("inner scope threw " + c.getMessage());
                                    throw c;
                                  }
                                });
                            outer.go(
                                () -> {
                                  Waits.until(inner.recv(), "chan receive");
                                  throw new IllegalStateException("outer failed");
                                });
                          }));
          assertEquals("outer failed", e.getMessage());
          assertEquals(0, e.getSuppressed().length);
          assertEquals(
              List.of("inner scope threw chan receive interrupted; nothing was received"), events);
        });
  }

  /**
   * Exactly what is attached, in order: the failures the scope saw after the first, in the order
   * it saw them, then the deferred actions' (LIFO), a CancelledException among them included; the
   * echoes of the children cancelled by the first failure are not.
   */
  @Test
  void laterFailuresAreSuppressedInOrderEchoesLeftOut() {
    Chan<Boolean> started = chan(2);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                scope(
                    s -> {
                      s.defer(
                          () -> {
                            throw new IOException("defer 1 failed");
                          });
                      s.defer(
                          () -> {
                            throw new CancelledException("defer 2 cancelled");
                          });
                      s.go(
                          () -> {
                            started.send(true);
                            chan().recv(); // cancelled: an echo
                          });
                      s.go(
                          () -> {
                            started.send(true);
                            try {
                              chan().recv();
                            } catch (CancelledException c) {
                              throw new IllegalArgumentException("cleanup failed", c);
                            }
                          });
                      s.go(
                          () -> {
                            started.recv();
                            started.recv();
                            throw new IllegalStateException("first");
                          });
                      chan().recv(); // cancelled: an echo
                    }));
    assertEquals("first", e.getMessage());
    assertEquals(
        List.of("cleanup failed", "defer 2 cancelled", "defer 1 failed"),
        messages(e.getSuppressed()));
  }

  private static List<String> messages(Throwable[] all) {
    return Arrays.stream(all).map(Throwable::getMessage).toList();
  }

  private static Throwable catching(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
