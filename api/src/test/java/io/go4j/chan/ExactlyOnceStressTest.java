package io.go4j.chan;

import static io.go4j.Go.chan;
import static io.go4j.Go.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.channels.ClosedChannelException;
import io.go4j.channels.Received;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.runtime.GoroutineState;
import io.go4j.select.Select;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly-once delivery under load, cancellation and a racing close.
 *
 * <p>Each round makes a few channels (unbuffered, capacity 1 and other capacities) and starts
 * senders, receivers and "mixed" goroutines that both send and receive. They use every way in:
 * plain {@code send}/{@code recv}/{@code recvOk}, {@code trySend}/{@code tryRecv}, iteration,
 * and random selects over several channels mixing send and receive cases (the same channel may
 * appear twice), with or without {@code otherwise} and with nil-channel cases. An interrupter
 * goroutine interrupts random goroutines (mostly blocked ones) through their virtual threads; two
 * closers race to close every channel at a random moment (at once, midway, after a stall, or after
 * every value was sent). Goroutines end when they have seen every channel closed and drained.
 *
 * <p>A value is a {@code Long} carrying its sender, its channel and the sender's sequence number.
 * Checked: every value whose send returned normally (or whose select case ran) is received exactly
 * once; every value whose send failed ({@link ClosedChannelException}, {@link CancelledException},
 * a {@code trySend} that returned false, a select case that lost or an {@code otherwise}) is never
 * received; a value arrives on the channel it was sent on; each receiver sees each sender's
 * sequence numbers increasing per channel (FIFO); each channel is closed exactly once by the two
 * closers; closed channels are left empty (nothing buffered was dropped); the index {@code
 * Select.run} returns names the case whose body ran; nil cases never run; nothing hangs (a join
 * that times out fails the test with a goroutine dump).
 *
 * <p>{@link #cancellationRacingCompletionIsAllOrNothing} aims at the narrowest window: one
 * blocked operation interrupted while its counterpart arrives, many times over.
 *
 * <p>Sizes: about a million channel operations per GOMAXPROCS (1, 2, 4) and 40,000 cancellation
 * races in normal builds; with {@code -Pstress} ({@code go4j.stress=true}) at least 100 million
 * channel operations in total and a million races per GOMAXPROCS, with the counts and times
 * printed at the end.
 */
class ExactlyOnceStressTest {
  private static final boolean STRESS = Boolean.getBoolean("go4j.stress");

  /** Channel operations (API calls) per GOMAXPROCS setting; three settings. */
  private static final long OPS_PER_SETTING = STRESS ? 34_000_000L : 1_000_000L;

  /** Sequence numbers per sending goroutine and round. */
  private static final int BUDGET = STRESS ? 20_000 : 2_000;

  /** A join that takes longer than this is a hang. */
  private static final Duration HANG = Duration.ofMinutes(STRESS ? 5 : 2);

  private static final int MAX_CASES = 3;
  private static final int[] CAPACITIES = {0, 1, 2, 3, 8, 64};
  private static final byte SENT = 1;
  private static final byte FAILED = 2;
  private static final int NONE = -9;
  private static final int OTHERWISE = -1;
  private static final int NIL_CASE = -2;
  private static final long SEQ_MASK = (1L << 40) - 1;

  private static final LongAdder TOTAL_OPS = new LongAdder();
  private static final LongAdder TOTAL_VALUES = new LongAdder();
  private static final LongAdder TOTAL_NANOS = new LongAdder();
  private static final Queue<String> REPORTS = new ConcurrentLinkedQueue<>();

  @ParameterizedTest(name = "GOMAXPROCS={0}")
  @ValueSource(ints = {1, 2, 4})
  @Timeout(value = 60, unit = TimeUnit.MINUTES) // a backstop: a hang fails earlier, with a dump
  void everySentValueIsReceivedExactlyOnce(int procs) {
    Stats st = new Stats();
    long t0 = System.nanoTime();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(procs).build()) {
      while (st.ops.sum() < OPS_PER_SETTING) {
        new Round(rt, st).run();
      }
      assertTrue(rt.panics().isEmpty(), () -> "panics: " + rt.panics());
    }
    long nanos = System.nanoTime() - t0;
    TOTAL_OPS.add(st.ops.sum());
    TOTAL_VALUES.add(st.delivered.sum());
    TOTAL_NANOS.add(nanos);
    String report = "GOMAXPROCS=" + procs + ": " + st + String.format(" in %.1f s", nanos / 1e9);
    REPORTS.add(report);
    System.out.println(report);

    // the interesting paths were taken (counts, not timing: each is common in every run)
    assertTrue(st.delivered.sum() > 0, st::toString);
    assertTrue(st.sendCancelled.sum() > 0, () -> "no send was cancelled: " + st);
    assertTrue(st.recvCancelled.sum() > 0, () -> "no receive was cancelled: " + st);
    assertTrue(st.selectCancelled.sum() > 0, () -> "no select was cancelled: " + st);
    assertTrue(st.sendClosed.sum() > 0, () -> "no send failed on close: " + st);
    assertTrue(st.otherwise.sum() > 0, () -> "no otherwise ran: " + st);
    assertTrue(st.bufferedAtClose.sum() > 0, () -> "never closed a non-empty buffer: " + st);
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "ExactlyOnceStressTest%s: %,d channel operations, %,d values delivered, in %.1f s%n",
        STRESS ? " (stress)" : "",
        TOTAL_OPS.sum(),
        TOTAL_VALUES.sum(),
        TOTAL_NANOS.sum() / 1e9);
    REPORTS.forEach(System.out::println);
  }

  /** Iterations of {@link #cancellationRacingCompletionIsAllOrNothing}, over its four races. */
  private static final int RACES = STRESS ? 1_000_000 : 40_000;

  private static final String[] RACE_NAMES = {
    "receive vs send (unbuffered)",
    "send vs receive (unbuffered)",
    "send on a full buffer vs receive",
    "select of two receives vs two sends"
  };

  /** What a goroutine's blocking operation did: {@code kase} -1 when it was cancelled. */
  private record Outcome(int kase, Long value, boolean interrupted) {
    static final Outcome CANCELLED = new Outcome(-1, null, false);
  }

  /**
   * One blocked (or about to block) operation is interrupted while a counterpart completes it:
   * either it completed (it returns normally and the interrupt flag stays set) or it was cancelled
   * and did not happen at all: a cancelled receive consumed nothing (the value is still there for
   * the next receiver), a cancelled send delivered nothing (the receiver gets the next value
   * instead), a cancelled select did none of its cases. Four races, many times each, with and
   * without waiting for the operation to block first.
   */
  @ParameterizedTest(name = "GOMAXPROCS={0}")
  @ValueSource(ints = {1, 2, 4})
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void cancellationRacingCompletionIsAllOrNothing(int procs) {
    long[] cancelled = new long[4];
    long[] completed = new long[4];
    long[] flagKept = new long[4];
    long t0 = System.nanoTime();
    try (GoRuntime rt = GoRuntime.builder().maxProcs(procs).build()) {
      rt.main(
          () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < RACES; i++) {
              int kind = i % 4;
              long v = 2L * i;
              boolean waitBlocked = rnd.nextBoolean();
              int yields = rnd.nextInt(3);
              Outcome o =
                  switch (kind) {
                    case 0 -> receiveRace(rt, v, waitBlocked, yields);
                    case 1 -> sendRace(rt, v, false, waitBlocked, yields);
                    case 2 -> sendRace(rt, v, true, waitBlocked, yields);
                    default -> selectRace(rt, v, waitBlocked, yields);
                  };
              if (o.kase() < 0) {
                cancelled[kind]++;
              } else {
                completed[kind]++;
                if (o.interrupted()) {
                  flagKept[kind]++;
                }
              }
            }
          });
      assertTrue(rt.panics().isEmpty(), () -> "panics: " + rt.panics());
    }
    StringBuilder report =
        new StringBuilder(
            String.format(
                "GOMAXPROCS=%d: %,d cancellation races in %.1f s:",
                procs, RACES, (System.nanoTime() - t0) / 1e9));
    for (int k = 0; k < 4; k++) {
      report.append(
          String.format(
              "%n  %s: %,d cancelled, %,d completed (%,d with the interrupt still set)",
              RACE_NAMES[k], cancelled[k], completed[k], flagKept[k]));
    }
    REPORTS.add(report.toString());
    System.out.println(report);
    for (int k = 0; k < 4; k++) {
      assertTrue(cancelled[k] > 0, RACE_NAMES[k] + ": never cancelled\n" + report);
      assertTrue(completed[k] > 0, RACE_NAMES[k] + ": never completed\n" + report);
    }
  }

  /** The goroutine's thread, once its body has recorded it. */
  private static Thread threadOf(AtomicReference<Thread> ref) {
    Thread t;
    while ((t = ref.get()) == null) {
      GoRuntime.gosched();
    }
    return t;
  }

  /** Lets {@code g} run until it parks (once parked in a channel operation, it is queued). */
  private static void awaitWaiting(Goroutine g) {
    while (g.state() != GoroutineState.WAITING && g.isAlive()) {
      GoRuntime.gosched();
    }
  }

  private static void yields(int n) {
    for (int i = 0; i < n; i++) {
      GoRuntime.gosched();
    }
  }

  /** A receive on an unbuffered channel, interrupted while a sender arrives. */
  private static Outcome receiveRace(GoRuntime rt, long v, boolean waitBlocked, int yields) {
    Chan<Long> c = chan();
    Chan<Outcome> result = chan(1);
    AtomicReference<Thread> th = new AtomicReference<>();
    Goroutine r =
        rt.go(
            () -> {
              th.set(Thread.currentThread());
              Outcome o;
              try {
                Long got = c.recv();
                o = new Outcome(0, got, Thread.interrupted());
              } catch (CancelledException e) {
                o = Outcome.CANCELLED;
              }
              result.send(o);
            });
    Thread t = threadOf(th);
    if (waitBlocked) {
      awaitWaiting(r);
    }
    Goroutine s = rt.go(() -> c.send(v));
    yields(yields);
    t.interrupt();
    Outcome o = result.recv();
    if (o.kase() >= 0) {
      assertEquals(v, o.value(), "the receive completed with the value sent");
    } else {
      assertEquals(v, c.recv(), "the cancelled receive did not take the value");
    }
    s.join();
    r.join();
    assertNull(c.tryRecv());
    return o;
  }

  /**
   * A send interrupted while a receiver arrives: on an unbuffered channel, or blocked on a full
   * one-slot buffer whose value the receiver takes (which moves the sender's value into the
   * buffer).
   */
  private static Outcome sendRace(
      GoRuntime rt, long v, boolean fullBuffer, boolean waitBlocked, int yields) {
    Chan<Long> c = fullBuffer ? chan(1) : chan();
    if (fullBuffer) {
      c.send(-1L);
    }
    Chan<Outcome> result = chan(1);
    AtomicReference<Thread> th = new AtomicReference<>();
    Goroutine s =
        rt.go(
            () -> {
              th.set(Thread.currentThread());
              Outcome o;
              try {
                c.send(v);
                o = new Outcome(0, v, Thread.interrupted());
              } catch (CancelledException e) {
                o = Outcome.CANCELLED;
              }
              result.send(o);
            });
    Thread t = threadOf(th);
    if (waitBlocked) {
      awaitWaiting(s);
    }
    Chan<Long> got = chan(1);
    Goroutine r = rt.go(() -> got.send(c.recv()));
    yields(yields);
    t.interrupt();
    Outcome o = result.recv();
    if (fullBuffer) {
      assertEquals(-1L, got.recv(), "the receiver took the buffered value");
      Received<Long> left = c.tryRecv();
      if (o.kase() >= 0) {
        assertNotNull(left, "the completed send's value is in the buffer");
        assertEquals(v, left.value());
      } else {
        assertNull(left, "the cancelled send left nothing in the buffer: " + left);
      }
    } else if (o.kase() >= 0) {
      assertEquals(v, got.recv(), "the completed send delivered its value");
    } else {
      c.send(-2L);
      assertEquals(-2L, got.recv(), "the cancelled send delivered nothing");
    }
    r.join();
    s.join();
    assertNull(c.tryRecv());
    return o;
  }

  /** A select of receives on two unbuffered channels, interrupted while both get a sender. */
  private static Outcome selectRace(GoRuntime rt, long v, boolean waitBlocked, int yields) {
    Chan<Long> a = chan();
    Chan<Long> b = chan();
    Chan<Outcome> result = chan(1);
    AtomicReference<Thread> th = new AtomicReference<>();
    Goroutine g =
        rt.go(
            () -> {
              th.set(Thread.currentThread());
              Long[] got = {null};
              Outcome o;
              try {
                int k = select().recv(a, x -> got[0] = x).recv(b, x -> got[0] = x).run();
                o = new Outcome(k, got[0], Thread.interrupted());
              } catch (CancelledException e) {
                o = Outcome.CANCELLED;
              }
              result.send(o);
            });
    Thread t = threadOf(th);
    if (waitBlocked) {
      awaitWaiting(g);
    }
    Goroutine sa = rt.go(() -> a.send(v));
    Goroutine sb = rt.go(() -> b.send(v + 1));
    yields(yields);
    t.interrupt();
    Outcome o = result.recv();
    switch (o.kase()) {
      case 0 -> {
        assertEquals(v, o.value());
        assertEquals(v + 1, b.recv(), "the case not chosen did not take b's value");
      }
      case 1 -> {
        assertEquals(v + 1, o.value());
        assertEquals(v, a.recv(), "the case not chosen did not take a's value");
      }
      default -> {
        assertEquals(v, a.recv(), "the cancelled select did not take a's value");
        assertEquals(v + 1, b.recv(), "the cancelled select did not take b's value");
      }
    }
    sa.join();
    sb.join();
    g.join();
    assertNull(a.tryRecv());
    assertNull(b.tryRecv());
    return o;
  }

  /** Counters of one GOMAXPROCS setting, over its rounds. */
  private static final class Stats {
    final LongAdder rounds = new LongAdder();
    final LongAdder heldRounds = new LongAdder();
    final LongAdder ops = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder sendClosed = new LongAdder();
    final LongAdder sendCancelled = new LongAdder();
    final LongAdder trySendMiss = new LongAdder();
    final LongAdder recvCancelled = new LongAdder();
    final LongAdder tryRecvMiss = new LongAdder();
    final LongAdder selectCancelled = new LongAdder();
    final LongAdder selectClosed = new LongAdder();
    final LongAdder otherwise = new LongAdder();
    final LongAdder interrupts = new LongAdder();
    final LongAdder completedInterrupted = new LongAdder();
    final LongAdder closeLost = new LongAdder();
    final LongAdder bufferedAtClose = new LongAdder();

    @Override
    public String toString() {
      return String.format(
          "%,d rounds (%,d holding receivers until the close), %,d ops, %,d values delivered (%,d sends completed), send failed: %,d"
              + " closed / %,d cancelled / %,d trySend false; receive: %,d cancelled / %,d"
              + " tryRecv empty; select: %,d cancelled / %,d closed / %,d otherwise;"
              + " %,d interrupts, %,d ops completed with the interrupt set, %,d close races lost,"
              + " about %,d values buffered when closing began",
          rounds.sum(),
          heldRounds.sum(),
          ops.sum(),
          delivered.sum(),
          sent.sum(),
          sendClosed.sum(),
          sendCancelled.sum(),
          trySendMiss.sum(),
          recvCancelled.sum(),
          tryRecvMiss.sum(),
          selectCancelled.sum(),
          selectClosed.sum(),
          otherwise.sum(),
          interrupts.sum(),
          completedInterrupted.sum(),
          closeLost.sum(),
          bufferedAtClose.sum());
    }
  }

  /** One round: fresh channels and goroutines, closed and checked at the end. */
  private static final class Round {
    final GoRuntime rt;
    final Stats st;
    final int nCh;
    final int[] caps;
    final List<Chan<Long>> chans = new ArrayList<>();
    final Chan<Long> nil = Chan.nil();

    /** Set (before closing) by a closer: senders stop using the channel. */
    final AtomicIntegerArray closing;

    final AtomicIntegerArray closeWins;
    final int senders;
    final int receivers;
    final int mixed;
    final int sending;
    final int workers;

    /** [sending goroutine][seq]: SENT or FAILED, written by the sender. */
    final byte[][] outcome;

    /** [sending goroutine * BUDGET + seq]: times received. */
    final AtomicIntegerArray received;

    final AtomicReferenceArray<Thread> threads;
    final Goroutine[] goroutines;
    final AtomicInteger sendersLive;
    final LongAdder progress = new LongAdder();
    final LongAdder seqsUsed = new LongAdder();
    final Queue<String> errors = new ConcurrentLinkedQueue<>();
    final AtomicInteger errorCount = new AtomicInteger();
    volatile boolean closeNow;
    volatile boolean stop;

    /**
     * Receiving goroutines wait for the close to begin: senders fill the buffers and block, so the
     * close finds full buffers and blocked senders.
     */
    final boolean holdReceivers;

    final String description;

    Round(GoRuntime rt, Stats st) {
      this.rt = rt;
      this.st = st;
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      nCh = 2 + rnd.nextInt(4);
      caps = new int[nCh];
      caps[0] = 0;
      caps[1] = 1;
      for (int i = 2; i < nCh; i++) {
        caps[i] = CAPACITIES[rnd.nextInt(CAPACITIES.length)];
      }
      // create in random order, so that the lock order (creation order) varies
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < nCh; i++) {
        order.add(i);
        chans.add(null);
      }
      Collections.shuffle(order, rnd);
      for (int i : order) {
        chans.set(i, chan(caps[i]));
      }
      closing = new AtomicIntegerArray(nCh);
      closeWins = new AtomicIntegerArray(nCh);
      senders = 1 + rnd.nextInt(6);
      receivers = 1 + rnd.nextInt(4);
      mixed = rnd.nextInt(4);
      holdReceivers = rnd.nextInt(8) == 0;
      sending = senders + mixed;
      workers = sending + receivers;
      outcome = new byte[sending][BUDGET];
      received = new AtomicIntegerArray(sending * BUDGET);
      threads = new AtomicReferenceArray<>(workers);
      goroutines = new Goroutine[workers];
      sendersLive = new AtomicInteger(sending);
      description =
          "round: capacities "
              + Arrays.toString(caps)
              + ", "
              + senders
              + " senders, "
              + mixed
              + " mixed, "
              + receivers
              + " receivers"
              + (holdReceivers ? " (held until the close)" : "");
    }

    Chan<Long> ch(int c) {
      return chans.get(c);
    }

    void error(String msg) {
      if (errorCount.incrementAndGet() <= 30) {
        errors.add(msg);
      }
    }

    static long encode(int sender, int c, int seq) {
      return ((long) sender << 48) | ((long) c << 40) | seq;
    }

    void run() {
      rt.main(
          () -> {
            // workers 0..senders-1 send; senders..sending-1 are mixed; the rest receive
            for (int i = 0; i < workers; i++) {
              Worker w = new Worker(i, i < sending ? i : -1);
              Runnable body =
                  i < senders ? () -> sender(w) : i < sending ? () -> mixed(w) : () -> receiver(w);
              goroutines[i] = rt.go("worker-" + i, () -> guarded(w, body));
            }
            List<Goroutine> closers =
                List.of(
                    rt.go("closer-0", () -> closer(true)), rt.go("closer-1", () -> closer(false)));
            Goroutine interrupter = rt.go("interrupter", this::interrupter);
            List<Goroutine> all = new ArrayList<>(Arrays.asList(goroutines));
            all.addAll(closers);
            for (Goroutine g : all) {
              if (!g.join(HANG)) {
                stop = true;
                throw new AssertionError(
                    "hang: goroutine "
                        + g.id()
                        + " ("
                        + g.name()
                        + ") still running after "
                        + HANG
                        + "; "
                        + description
                        + "; channels "
                        + chans
                        + "\n"
                        + rt.dump());
              }
            }
            stop = true;
            assertTrue(interrupter.join(HANG), "interrupter ended");
            verify();
          });
      st.rounds.increment();
      if (holdReceivers) {
        st.heldRounds.increment();
      }
    }

    void verify() {
      for (int c = 0; c < nCh; c++) {
        Received<Long> r = ch(c).tryRecv();
        if (r == null || r.ok()) {
          error(
              "channel "
                  + c
                  + " (cap "
                  + caps[c]
                  + ") not closed and empty at the end: tryRecv gave "
                  + r
                  + (r != null && r.ok() ? " " + describe(r.value()) : ""));
        }
        if (closeWins.get(c) != 1) {
          error("channel " + c + " closed " + closeWins.get(c) + " times");
        }
      }
      int lost = 0;
      int wrongly = 0;
      for (int s = 0; s < sending; s++) {
        for (int seq = 0; seq < BUDGET; seq++) {
          int n = received.get(s * BUDGET + seq);
          byte o = outcome[s][seq];
          if (o == SENT && n != 1) {
            if (n == 0) {
              lost++;
            }
            error("sender " + s + " seq " + seq + ": sent, received " + n + " times");
          } else if (o != SENT && n != 0) {
            wrongly++;
            error(
                "sender "
                    + s
                    + " seq "
                    + seq
                    + ": "
                    + (o == FAILED ? "send failed" : "never sent")
                    + ", yet received "
                    + n
                    + " times");
          }
        }
      }
      if (errorCount.get() > 0) {
        throw new AssertionError(
            errorCount.get()
                + " errors ("
                + lost
                + " values lost, "
                + wrongly
                + " failed sends delivered) in "
                + description
                + "; "
                + st
                + ":\n  "
                + String.join("\n  ", errors));
      }
    }

    String describe(long v) {
      return "value(sender "
          + (v >>> 48)
          + ", channel "
          + ((v >>> 40) & 0xFF)
          + ", seq "
          + (v & SEQ_MASK)
          + ")";
    }

    /** Runs a worker's body; anything it throws is an error of the round. */
    void guarded(Worker w, Runnable body) {
      threads.set(w.index, Thread.currentThread());
      w.rnd = ThreadLocalRandom.current();
      try {
        body.run();
      } catch (Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        error("worker " + w.index + " threw " + sw);
      } finally {
        if (w.sendingNow) {
          w.sendingNow = false;
          sendersLive.decrementAndGet();
        }
        st.ops.add(w.ops);
        st.delivered.add(w.delivered);
        st.sent.add(w.sent);
        st.sendClosed.add(w.sendClosed);
        st.sendCancelled.add(w.sendCancelled);
        st.trySendMiss.add(w.trySendMiss);
        st.recvCancelled.add(w.recvCancelled);
        st.tryRecvMiss.add(w.tryRecvMiss);
        st.selectCancelled.add(w.selectCancelled);
        st.selectClosed.add(w.selectClosed);
        st.otherwise.add(w.otherwise);
        st.completedInterrupted.add(w.completedInterrupted);
      }
    }

    // ------------------------------------------------------------------ goroutines

    void sender(Worker w) {
      while (w.seq + MAX_CASES <= BUDGET && anyOpenForSend()) {
        w.step();
        int c = w.openForSend();
        switch (w.rnd.nextInt(10)) {
          case 0, 1, 2, 3 -> send(w, c);
          case 4 -> trySend(w, c);
          default -> selectOp(w, true, false);
        }
      }
    }

    void receiver(Worker w) {
      hold();
      while (w.drainedCount < nCh) {
        w.step();
        int c = w.undrained();
        switch (w.rnd.nextInt(10)) {
          case 0, 1 -> recv(w, c);
          case 2, 3 -> recvOk(w, c);
          case 4 -> tryRecv(w, c);
          case 5, 6, 7 -> selectOp(w, false, true);
          default -> iterate(w, c);
        }
      }
    }

    void mixed(Worker w) {
      hold();
      while (w.drainedCount < nCh) {
        w.step();
        boolean canSend = w.seq + MAX_CASES <= BUDGET && anyOpenForSend();
        if (!canSend && w.sendingNow) {
          w.sendingNow = false;
          sendersLive.decrementAndGet();
        }
        if (w.rnd.nextInt(8) == 0) {
          tryRecv(w, w.undrained());
        } else {
          selectOp(w, canSend, true);
        }
      }
    }

    boolean buffersFull() {
      for (int c = 0; c < nCh; c++) {
        if (ch(c).len() < caps[c]) {
          return false;
        }
      }
      return true;
    }

    /** In a round that holds receivers, waits until the close begins. */
    void hold() {
      while (holdReceivers && !closeNow) {
        try {
          GoRuntime.sleep(Duration.ofNanos(50_000));
        } catch (CancelledException e) {
          // interrupted while sleeping: keep waiting
        }
      }
    }

    /** Closes every channel once triggered; the other closer races it on the same channels. */
    void closer(boolean triggers) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      if (triggers) {
        int mode = rnd.nextInt(8);
        long target =
            mode == 0
                ? 0 // at once
                : mode == 1
                    ? Long.MAX_VALUE // after every value was sent
                    : (long) (rnd.nextDouble(0.05, 0.9) * sending * BUDGET);
        long last = -1;
        long since = System.nanoTime();
        while (seqsUsed.sum() < target && sendersLive.get() > 0) {
          if (holdReceivers && buffersFull()) {
            // let senders block on the full buffers, then close
            GoRuntime.sleep(Duration.ofNanos(rnd.nextInt(20_000, 500_000)));
            break;
          }
          long p = progress.sum();
          if (p != last) {
            last = p;
            since = System.nanoTime();
          } else if (System.nanoTime() - since > 20_000_000L) {
            break; // stalled: every goroutine waits on a channel nobody else uses
          }
          GoRuntime.sleep(Duration.ofNanos(rnd.nextInt(20_000, 200_000)));
        }
        int buffered = 0;
        for (Chan<Long> c : chans) {
          buffered += c.len();
        }
        st.bufferedAtClose.add(buffered); // racy, a statistic: values the close must not drop
        closeNow = true;
      } else {
        while (!closeNow) {
          GoRuntime.sleep(Duration.ofNanos(rnd.nextInt(20_000, 100_000)));
        }
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < nCh; i++) {
        order.add(i);
      }
      Collections.shuffle(order, rnd);
      for (int c : order) {
        closing.set(c, 1);
        if (rnd.nextBoolean()) {
          GoRuntime.gosched();
        }
        try {
          ch(c).close();
          closeWins.incrementAndGet(c);
        } catch (IllegalStateException e) {
          st.closeLost.increment(); // the other closer was first
        }
      }
    }

    /** Interrupts random workers, mostly blocked ones, until the workers are done. */
    void interrupter() {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      long n = 0;
      while (!stop) {
        int i = rnd.nextInt(workers);
        Thread t = threads.get(i);
        if (t != null
            && (rnd.nextInt(4) == 0 || goroutines[i].state() == GoroutineState.WAITING)) {
          t.interrupt();
          n++;
        }
        if (rnd.nextInt(4) == 0) {
          GoRuntime.sleep(Duration.ofNanos(rnd.nextInt(1_000, 100_000)));
        } else {
          GoRuntime.gosched();
        }
      }
      st.interrupts.add(n);
    }

    // ------------------------------------------------------------------ operations

    boolean anyOpenForSend() {
      for (int c = 0; c < nCh; c++) {
        if (closing.get(c) == 0) {
          return true;
        }
      }
      return false;
    }

    void send(Worker w, int c) {
      int seq = w.seq++;
      seqsUsed.increment();
      w.ops++;
      try {
        ch(c).send(encode(w.sid, c, seq));
        outcome[w.sid][seq] = SENT;
        w.sent++;
        w.afterBlockingOp();
      } catch (ClosedChannelException e) {
        outcome[w.sid][seq] = FAILED;
        w.sendClosed++;
      } catch (CancelledException e) {
        outcome[w.sid][seq] = FAILED;
        w.sendCancelled++;
      }
    }

    void trySend(Worker w, int c) {
      int seq = w.seq++;
      seqsUsed.increment();
      w.ops++;
      try {
        if (ch(c).trySend(encode(w.sid, c, seq))) {
          outcome[w.sid][seq] = SENT;
          w.sent++;
        } else {
          outcome[w.sid][seq] = FAILED;
          w.trySendMiss++;
        }
      } catch (ClosedChannelException e) {
        outcome[w.sid][seq] = FAILED;
        w.sendClosed++;
      }
    }

    void recv(Worker w, int c) {
      w.ops++;
      Long v;
      try {
        v = ch(c).recv();
      } catch (CancelledException e) {
        w.recvCancelled++;
        return;
      }
      w.afterBlockingOp();
      if (v == null) {
        w.drained(c);
      } else {
        onReceive(w, c, v);
      }
    }

    void recvOk(Worker w, int c) {
      w.ops++;
      Received<Long> r;
      try {
        r = ch(c).recvOk();
      } catch (CancelledException e) {
        w.recvCancelled++;
        return;
      }
      w.afterBlockingOp();
      got(w, c, r);
    }

    void tryRecv(Worker w, int c) {
      w.ops++;
      Received<Long> r = ch(c).tryRecv();
      if (r == null) {
        w.tryRecvMiss++;
      } else {
        got(w, c, r);
      }
    }

    void got(Worker w, int c, Received<Long> r) {
      if (r.ok()) {
        onReceive(w, c, r.value());
      } else {
        if (r.value() != null) {
          error("(" + r.value() + ", false) from channel " + c);
        }
        w.drained(c);
      }
    }

    /** Receives up to 16 values by iterating, as {@code for v := range ch} with a break. */
    void iterate(Worker w, int c) {
      Iterator<Long> it = ch(c).iterator();
      int n = 1 + w.rnd.nextInt(16);
      try {
        for (int i = 0; i < n; i++) {
          w.ops++;
          if (!it.hasNext()) {
            w.drained(c);
            return;
          }
          onReceive(w, c, it.next());
        }
      } catch (CancelledException e) {
        w.recvCancelled++;
      }
    }

    /**
     * A select of 1 to 3 cases (sends if {@code sends}, receives if {@code recvs}, on random
     * channels, possibly the same one twice), sometimes with {@code otherwise} and a nil case at
     * random positions.
     */
    void selectOp(Worker w, boolean sends, boolean recvs) {
      ThreadLocalRandom rnd = w.rnd;
      int k = 1 + rnd.nextInt(MAX_CASES);
      Select s = select();
      int[] caseCh = new int[k];
      int[] caseSeq = new int[k]; // -1: a receive case
      int[] ran = {NONE};
      Object[] got = {null};
      boolean[] gotOk = {false};
      int otherwisePos = rnd.nextInt(3) == 0 ? rnd.nextInt(k + 1) : -1;
      int nilPos = rnd.nextInt(4) == 0 ? rnd.nextInt(k + 1) : -1;
      int[] indexToCase = new int[k + 2];
      int index = 0;
      for (int i = 0; ; i++) {
        if (i == nilPos) {
          if (rnd.nextBoolean()) {
            s.send(nil, 0L, () -> ran[0] = NIL_CASE);
          } else {
            s.recv(nil, v -> ran[0] = NIL_CASE);
          }
          indexToCase[index++] = NIL_CASE;
        }
        if (i == otherwisePos) {
          s.otherwise(() -> ran[0] = OTHERWISE);
          indexToCase[index++] = OTHERWISE;
        }
        if (i == k) {
          break;
        }
        boolean send = sends && (!recvs || rnd.nextBoolean());
        int c = send ? w.openForSend() : w.undrained();
        int ci = i;
        caseCh[i] = c;
        if (send) {
          int seq = w.seq++;
          caseSeq[i] = seq;
          s.send(ch(c), encode(w.sid, c, seq), () -> ran[0] = ci);
        } else {
          caseSeq[i] = -1;
          if (rnd.nextBoolean()) {
            s.recvOk(
                ch(c),
                (v, ok) -> {
                  ran[0] = ci;
                  got[0] = v;
                  gotOk[0] = ok;
                });
          } else {
            s.recv(
                ch(c),
                v -> {
                  ran[0] = ci;
                  got[0] = v;
                  gotOk[0] = v != null;
                });
          }
        }
        indexToCase[index++] = i;
      }
      w.ops++;
      int r;
      try {
        r = s.run();
      } catch (ClosedChannelException e) {
        w.selectClosed++;
        failSends(w, caseSeq, -1);
        if (ran[0] != NONE) {
          error("select threw ClosedChannelException after running case " + ran[0]);
        }
        return;
      } catch (CancelledException e) {
        w.selectCancelled++;
        failSends(w, caseSeq, -1);
        if (ran[0] != NONE) {
          error("select threw CancelledException after running case " + ran[0]);
        }
        return;
      }
      int which = indexToCase[r];
      if (ran[0] != which) {
        error("select returned " + r + " (case " + which + ") but ran case " + ran[0]);
      }
      if (which == NIL_CASE) {
        error("a nil channel's case ran");
        failSends(w, caseSeq, -1);
      } else if (which == OTHERWISE) {
        w.otherwise++;
        failSends(w, caseSeq, -1);
      } else {
        if (otherwisePos < 0) {
          w.afterBlockingOp();
        }
        failSends(w, caseSeq, which);
        if (caseSeq[which] >= 0) {
          outcome[w.sid][caseSeq[which]] = SENT;
          w.sent++;
        } else if (gotOk[0]) {
          onReceive(w, caseCh[which], (Long) got[0]);
        } else {
          if (got[0] != null) {
            error("select: (" + got[0] + ", false) from channel " + caseCh[which]);
          }
          w.drained(caseCh[which]);
        }
      }
    }

    /** Marks the values of a select's send cases, but {@code except}'s, as not sent. */
    void failSends(Worker w, int[] caseSeq, int except) {
      for (int i = 0; i < caseSeq.length; i++) {
        if (caseSeq[i] >= 0) {
          seqsUsed.increment();
          if (i != except) {
            outcome[w.sid][caseSeq[i]] = FAILED;
          }
        }
      }
    }

    void onReceive(Worker w, int c, long v) {
      int s = (int) (v >>> 48);
      int vc = (int) ((v >>> 40) & 0xFF);
      int seq = (int) (v & SEQ_MASK);
      if (s >= sending || vc >= nCh || seq >= BUDGET) {
        error("worker " + w.index + " received garbage " + v + " from channel " + c);
        return;
      }
      if (vc != c) {
        error("worker " + w.index + " received " + describe(v) + " from channel " + c);
      }
      if (w.drained[c]) {
        error(
            "worker "
                + w.index
                + " received "
                + describe(v)
                + " after channel "
                + c
                + " was closed and drained");
      }
      if (seq <= w.last[c][s]) {
        error(
            "FIFO: worker "
                + w.index
                + " received "
                + describe(v)
                + " from channel "
                + c
                + " (cap "
                + caps[c]
                + ") after seq "
                + w.last[c][s]
                + " of the same sender");
      }
      w.last[c][s] = seq;
      int n = received.incrementAndGet(s * BUDGET + seq);
      if (n != 1) {
        error("worker " + w.index + " received " + describe(v) + " for the " + n + "th time");
      }
      w.delivered++;
    }

    /** A goroutine's own state: counters and the receive-side bookkeeping. */
    final class Worker {
      final int index;
      final int sid;
      ThreadLocalRandom rnd; // set on the goroutine: each thread has its own seed
      int seq;
      boolean sendingNow;
      final boolean[] drained = new boolean[nCh];
      int drainedCount;
      final int[][] last = new int[nCh][sending];
      long ops;
      long delivered;
      long sent;
      long sendClosed;
      long sendCancelled;
      long trySendMiss;
      long recvCancelled;
      long tryRecvMiss;
      long selectCancelled;
      long selectClosed;
      long otherwise;
      long completedInterrupted;

      Worker(int index, int sid) {
        this.index = index;
        this.sid = sid;
        this.sendingNow = sid >= 0;
        for (int[] l : last) {
          Arrays.fill(l, -1);
        }
      }

      /**
       * Before each operation: progress, a preemption and cancellation point, and the interrupt
       * flag: a leftover interrupt is consumed by the checkpoint, then half the time set again, to
       * cancel the next op that blocks.
       */
      void step() {
        progress.increment();
        try {
          GoRuntime.checkpoint();
        } catch (CancelledException leftover) {
          if (rnd.nextBoolean()) {
            Thread.currentThread().interrupt();
          }
        }
      }

      /** A blocking operation completed: count it if the interrupt flag is set (then or since). */
      void afterBlockingOp() {
        if (Thread.currentThread().isInterrupted()) {
          completedInterrupted++;
        }
      }

      void drained(int c) {
        if (!drained[c]) {
          drained[c] = true;
          drainedCount++;
        }
      }

      /** A random channel not known to be closed and drained (there is one). */
      int undrained() {
        int n = rnd.nextInt(nCh - drainedCount);
        for (int c = 0; ; c++) {
          if (!drained[c] && n-- == 0) {
            return c;
          }
        }
      }

      /** A random channel no closer has started closing, or any channel if there is none. */
      int openForSend() {
        int start = rnd.nextInt(nCh);
        for (int i = 0; i < nCh; i++) {
          int c = (start + i) % nCh;
          if (closing.get(c) == 0) {
            return c;
          }
        }
        return start;
      }
    }
  }
}
