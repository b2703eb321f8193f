package io.go4j.channels.internal;

import io.go4j.channels.Chan;
import io.go4j.channels.ClosedChannelException;
import io.go4j.channels.Received;
import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import io.go4j.runtime.CancelledException;
import io.go4j.runtime.spi.Park;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A Go channel: chan.go's {@code hchan}.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Every field but {@code count}'s racy reads ({@link #len}) is guarded by the {@link
 *       io.go4j.runtime.spi.SpinLock}, the queues' ends ({@link WaitQueues}) included. Goroutines
 *       are woken only after it is released, so a woken goroutine never spins on the lock its
 *       waker holds.
 *   <li>Invariants under the lock: a receiver queued implies the buffer is empty; a sender
 *       queued implies the buffer is full (unbuffered: always). A closed channel has
 *       nothing queued.
 *   <li>A sender finding a queued receiver hands it the value directly, bypassing the buffer. A
 *       receiver of a full buffer takes the head and moves the first queued sender's value to the
 *       tail, so FIFO holds across buffer and senders.
 *   <li>A blocked operation completes exactly once or not at all: see {@link Blocker}.
 *   <li>A blocked unbuffered operation may spin before parking ({@link
 *       io.go4j.runtime.spi.Park#spinUntil}, {@link Blocker}), so a 1:1 pair hands values over on
 *       two carriers without parking or readying; a buffered one parks at once: its pair batches
 *       on one P, which is cheaper than sharing the buffer's cache lines between two cores.
 *   <li>Select locks several channels, always in ascending {@code id} order ({@link Selector});
 *       single-channel operations hold one lock, so nobody waits in a cycle.
 *   <li>A timer channel ({@link TimerSource}) has a one-slot buffer filled lazily, under the
 *       lock, when a receive finds the timer due, so a stopped or reset timer never yields a stale
 *       value, and nothing references an unwatched timer (Go 1.23).
 * </ul>
 */
public final class Channel<T> extends WaitQueues implements Chan<T> {
  private static final AtomicLong IDS = new AtomicLong();
  private static final Channel<?> NIL = new Channel<>(0, null);

  /** {@link #offer}/{@link #poll} done, nothing to wake. */
  static final Object DONE = new Object();

  /** {@link #poll} on a closed, drained channel. */
  static final Object CLOSED = new Object();

  /** Whether a receive's result is {@link #CLOSED}. */
  static boolean isClosed(Object received) {
    return received == CLOSED;
  }

  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(Channel.class, "count", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Lock order for select. */
  final long id = IDS.incrementAndGet();

  private final int capacity;
  private final Object[] buf;
  final TimerSource timer;
  private int head;
  private int count;
  boolean closed;

  /** Go's {@code makechan}. */
  public Channel(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("makechan: size out of range (" + capacity + " < 0)");
    }
    this(capacity, null);
  }

  /** A timer's channel: a one-slot buffer {@code timer} fills. */
  Channel(TimerSource timer) {
    this(1, timer);
  }

  private Channel(int capacity, TimerSource timer) {
    this.capacity = capacity;
    this.buf = new Object[capacity];
    this.timer = timer;
  }

  @SuppressWarnings("unchecked")
  public static <T> Channel<T> nil() {
    return (Channel<T>) NIL;
  }

  @Override
  public boolean isNil() {
    return this == NIL;
  }

  // ------------------------------------------------------------------ under the lock

  /**
   * Go's {@code chansend} fast paths, the channel locked and open: DONE (buffered), a receiver's
   * node to wake once unlocked (handed {@code v} directly), or null when the send would block.
   */
  Object offer(Object v) {
    Node r = take(RECEIVERS, v);
    if (r != null) {
      return r;
    }
    if (count < capacity) {
      int tail = head + count;
      buf[tail >= capacity ? tail - capacity : tail] = v;
      COUNT.setRelease(this, count + 1);
      return DONE;
    }
    return null;
  }

  /**
   * Go's {@code chanrecv} fast paths, the channel locked: the value (from the buffer), a sender's
   * node to wake once unlocked whose {@code elem} is the value received, {@link #CLOSED} when
   * closed and drained, or null when the receive would block.
   */
  Object poll() {
    if (timer != null && count == 0) {
      timer.refill();
    }
    Node s = take(SENDERS, null);
    if (s != null) {
      if (count > 0) {
        // full buffer: take the head, the sender's value goes to the tail (the head's slot)
        Object v = buf[head];
        buf[head] = s.elem;
        advanceHead();
        s.elem = v; // the sender never reads elem again; it carries the value to the caller
      }
      return s;
    }
    if (count > 0) {
      return takeHead();
    }
    return closed ? CLOSED : null;
  }

  private Object takeHead() {
    Object v = buf[head];
    buf[head] = null;
    advanceHead();
    COUNT.setRelease(this, count - 1);
    return v;
  }

  private void advanceHead() {
    head = head + 1 == capacity ? 0 : head + 1;
  }

  /** Puts a timer's value in the (empty) one-slot buffer. */
  void fill(Object v) {
    buf[head] = v;
    COUNT.setRelease(this, 1);
  }

  /** Drops a timer's undelivered value: whether there was one. */
  boolean drain() {
    boolean had = count > 0;
    buf[head] = null;
    COUNT.setRelease(this, 0);
    return had;
  }

  /** Hands a due timer value to the first queued receiver: the node to wake, or null. */
  Node deliverToWaiter() {
    if (count == 0) {
      return null;
    }
    Node r = take(RECEIVERS, buf[head]);
    if (r != null) {
      takeHead();
    }
    return r;
  }

  // ------------------------------------------------------------------ operations

  @Override
  public void send(T v) {
    Objects.requireNonNull(v, Channel::nullMessage);
    Park.step("chan send");
    if (isNil()) {
      blockForever("chan send (nil chan)");
    }
    lockOpen();
    Object r = offer(v);
    if (r != null) {
      unlock();
      wakeReceiver(r);
      return;
    }
    Node n = new Node(0, v, capacity == 0);
    enqueue(SENDERS, n);
    unlock();
    if (n.await("chan send", false) == Blocker.CANCELLED) {
      withdrawSender(n);
      throw new CancelledException("chan send interrupted; the value was not sent");
    }
    if (n.closed) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public boolean trySend(T v) {
    Objects.requireNonNull(v, Channel::nullMessage);
    Park.step("chan trySend");
    if (isNil()) {
      return false;
    }
    lockOpen();
    Object r = offer(v);
    unlock();
    wakeReceiver(r);
    return r != null;
  }

  /** Locks a channel about to be sent on; Go's panic if it is closed. */
  private void lockOpen() {
    lock();
    if (closed) {
      unlock();
      throw new ClosedChannelException();
    }
  }

  /** After {@link #offer}, unlocked: wakes the receiver it handed the value to, if any. */
  static void wakeReceiver(Object offered) {
    if (offered instanceof Node r) {
      r.wake();
    }
  }

  /** A receive: the value, or {@link #CLOSED}. */
  Object receive() {
    Park.step("chan receive");
    if (isNil()) {
      blockForever("chan receive (nil chan)");
    }
    lock();
    Object r = poll();
    if (r != null) {
      unlock();
      return completed(r);
    }
    Node n = new Node(0, null, capacity == 0);
    enqueue(RECEIVERS, n);
    if (timer != null) {
      timer.arm();
    }
    unlock();
    if (n.await("chan receive", false) == Blocker.CANCELLED) {
      withdrawReceiver(n);
      throw new CancelledException("chan receive interrupted; nothing was received");
    }
    return n.received();
  }

  /** The value {@link #poll} produced, waking the sender it came from. */
  static Object completed(Object r) {
    if (r instanceof Node s) {
      Object v = s.elem;
      s.wake();
      return v;
    }
    return r;
  }

  /** Unlinks a sender whose value was not taken (cancelled, or its select completed elsewhere). */
  void withdrawSender(Node n) {
    lock();
    remove(SENDERS, n);
    unlock();
  }

  /** Unlinks a receiver that got nothing (cancelled, or its select completed elsewhere). */
  void withdrawReceiver(Node n) {
    lock();
    remove(RECEIVERS, n);
    if (timer != null) {
      timer.unwatch();
    }
    unlock();
  }

  /** Parks for good with {@code reason} (nil channels, empty selects), until interrupted. */
  static void blockForever(String reason) {
    new Blocker(false).await(reason, false);
    throw new CancelledException(reason + " interrupted");
  }

  @Override
  @SuppressWarnings("unchecked")
  public T recv() {
    Object r = receive();
    return r == CLOSED ? null : (T) r;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Received<T> recvOk() {
    Object r = receive();
    return r == CLOSED ? Received.closed() : new Received<>((T) r, true);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Received<T> tryRecv() {
    Park.step("chan tryRecv");
    if (isNil()) {
      return null;
    }
    lock();
    Object r = poll();
    unlock();
    if (r == null) {
      return null;
    }
    r = completed(r);
    return r == CLOSED ? Received.closed() : new Received<>((T) r, true);
  }

  @Override
  public void close() {
    Park.step("chan close");
    if (isNil()) {
      throw new IllegalStateException("close of nil channel");
    }
    if (timer != null) {
      throw new IllegalStateException("close of a timer's channel");
    }
    List<Node> woken = new ArrayList<>();
    lock();
    if (closed) {
      unlock();
      throw new IllegalStateException("close of closed channel");
    }
    closed = true;
    for (Node n = takeClosed(RECEIVERS); n != null; n = takeClosed(RECEIVERS)) {
      woken.add(n);
    }
    for (Node n = takeClosed(SENDERS); n != null; n = takeClosed(SENDERS)) {
      woken.add(n);
    }
    unlock();
    for (Node n : woken) {
      n.wake();
    }
  }

  @Override
  public int len() {
    return timer != null ? 0 : (int) COUNT.getOpaque(this);
  }

  @Override
  public int cap() {
    return timer != null ? 0 : capacity;
  }

  @Override
  public SendChan<T> sendOnly() {
    return this;
  }

  @Override
  public RecvChan<T> recvOnly() {
    return this;
  }

  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private Object next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = receive();
        }
        return next != CLOSED;
      }

      @Override
      @SuppressWarnings("unchecked")
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException("channel closed");
        }
        T v = (T) next;
        next = null;
        return v;
      }
    };
  }

  @Override
  public Stream<T> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public String toString() {
    return isNil()
        ? "chan(nil)"
        : "chan#" + id + "(len " + len() + ", cap " + cap() + (closed ? ", closed)" : ")");
  }

  static String nullMessage() {
    return "null cannot be sent on a channel: it is the zero value a closed channel's receive"
        + " returns (send a sentinel or Optional instead)";
  }
}
