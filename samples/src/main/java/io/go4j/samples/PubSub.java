package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.runtime.GoRuntime;
import io.go4j.runtime.Goroutine;
import io.go4j.select.Select;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A publish/subscribe broker in Go's style, after the {@code Hub} of gorilla/websocket's chat
 * example (examples/chat/hub.go), a widely copied Go program of its kind: one goroutine owns the
 * set of subscribers and everybody else talks to it over channels ("share memory by
 * communicating"), each subscriber has a buffered channel of its own, one too slow to keep its
 * buffer from filling up is dropped (its channel closed) rather than allowed to stall the broker,
 * and unsubscribing closes the channel. To the Hub this adds topics, and a shutdown that closes
 * every subscriber's channel.
 *
 * <pre>
 * func (b *Broker) run() {                    private void run() {
 *     defer close(b.done)                       // close() joins this goroutine
 *     subs := make(map[*Subscriber]bool)        Set&lt;Subscriber&gt; subs = new LinkedHashSet&lt;&gt;();
 *     for {                                     Select requests = select() // built once
 *         select {
 *         case s := &lt;-b.subscribe:                .recv(subscribe, s -&gt; subs.add(s))
 *             subs[s] = true
 *         case s := &lt;-b.unsubscribe:              .recv(unsubscribe, s -&gt; {
 *             if subs[s] {                            if (subs.remove(s)) {
 *                 delete(subs, s)
 *                 close(s.send)                         s.send.close();
 *             }                                       }
 *                                                   })
 *         case m := &lt;-b.publish:                  .recv(publish, m -&gt; deliver(subs, m))
 *             for s := range subs {                                // in deliver:
 *                                                 for (Iterator&lt;Subscriber&gt; it = ...; ) {
 *                                                   Subscriber s = it.next();
 *                 if !s.topics[m.Topic] {             if (!s.topics.contains(m.topic())) {
 *                     continue                          continue;
 *                 }                                   }
 *                 select {                            if (!s.send.trySend(m)) {
 *                 case s.send &lt;- m:
 *                 default: // too slow
 *                     delete(subs, s)                   it.remove();
 *                     close(s.send)                     s.send.close();
 *                 }                                   }
 *             }                                   }
 *         case &lt;-b.quit:                          .recv(quit);
 *                                               while (requests.run() != QUIT) {}
 *             for s := range subs {             for (Subscriber s : subs) {
 *                 close(s.send)                   s.send.close();
 *             }                                 }
 *             return
 *         }
 *     }
 * }                                           }
 * func (b *Broker) Subscribe(buffer int,      public Subscriber subscribe(int buffer,
 *         topics ...string) *Subscriber {             String... topics) {
 *     s := &amp;Subscriber{topics: set(topics),    Subscriber s = new Subscriber(Set.of(topics),
 *         send: make(chan Message, buffer)}         chan(buffer));
 *     b.subscribe &lt;- s                         subscribe.send(s);
 *     return s                                  return s;
 * }                                           }
 * func (b *Broker) Close() {                  public void close() {
 *     close(b.quit)                             quit.close();
 *     &lt;-b.done                                  loop.join();
 * }                                           }
 * </pre>
 *
 * <p>Every request is a send on an unbuffered channel, which completes only once the broker has
 * taken it: a message published after {@code subscribe} returned reaches the new subscriber, and
 * one published after {@code unsubscribe} returned does not. A subscriber receives the messages of
 * its topics in the order the broker took them (for one publisher, the order it published them).
 * As with the Hub, the broker must not be used after {@link Broker#close()}: a request would wait
 * forever for a broker that has gone.
 */
public final class PubSub implements Sample {
  /** A message on a topic. */
  public record Message(String topic, String text) {
    @Override
    public String toString() {
      return topic + ": " + text;
    }
  }

  /** A subscription: the topics and the channel the broker sends their messages on. */
  public static final class Subscriber {
    private final Set<String> topics;
    private final Chan<Message> send;

    private Subscriber(Set<String> topics, Chan<Message> send) {
      this.topics = topics;
      this.send = send;
    }

    /** The messages, until unsubscribed, dropped for falling behind, or the broker closed. */
    public RecvChan<Message> messages() {
      return send;
    }
  }

  /** The broker: one goroutine that owns the subscribers; the methods are requests to it. */
  public static final class Broker {
    /** The index of the {@code quit} case in the broker's select. */
    private static final int QUIT = 3;

    private final Chan<Subscriber> subscribe = chan();
    private final Chan<Subscriber> unsubscribe = chan();
    private final Chan<Message> publish = chan();
    private final Chan<Void> quit = chan();
    private final Goroutine loop;

    /** Starts the broker's goroutine on the caller's runtime. */
    public Broker() {
      loop = go("broker", this::run);
    }

    /**
     * Subscribes to {@code topics}; the broker drops the subscriber if {@code buffer} messages
     * wait unread when another one comes.
     */
    public Subscriber subscribe(int buffer, String... topics) {
      Subscriber s = new Subscriber(Set.of(topics), chan(buffer));
      subscribe.send(s);
      return s;
    }

    /**
     * Ends {@code s}'s subscription: the broker closes its channel, so that its reader gets what
     * was sent before, then the end.
     */
    public void unsubscribe(Subscriber s) {
      unsubscribe.send(s);
    }

    /** Sends {@code text} to the subscribers of {@code topic}. */
    public void publish(String topic, String text) {
      publish.send(new Message(topic, text));
    }

    /** Stops the broker, closing every subscriber's channel, and waits for its goroutine to end. */
    public void close() {
      quit.close();
      loop.join();
    }

    private void run() {
      Set<Subscriber> subs = new LinkedHashSet<>(); // this goroutine's alone
      Select requests =
          select()
              .recv(subscribe, s -> subs.add(s))
              .recv(
                  unsubscribe,
                  s -> {
                    if (subs.remove(s)) {
                      s.send.close();
                    }
                  })
              .recv(publish, m -> deliver(subs, m))
              .recv(quit);
      while (requests.run() != QUIT) {
        // served one request
      }
      for (Subscriber s : subs) {
        s.send.close();
      }
    }

    private static void deliver(Set<Subscriber> subs, Message m) {
      for (Iterator<Subscriber> it = subs.iterator(); it.hasNext(); ) {
        Subscriber s = it.next();
        if (!s.topics.contains(m.topic())) {
          continue;
        }
        if (!s.send.trySend(m)) { // too slow: dropped
          it.remove();
          s.send.close();
        }
      }
    }
  }

  /** The sample as the launcher runs it. */
  public PubSub() {}

  @Override
  public String name() {
    return "pubsub";
  }

  @Override
  public String description() {
    return "a pub/sub broker goroutine in the style of gorilla/websocket's chat Hub, with topics";
  }

  @Override
  public void run(PrintStream out) {
    try (GoRuntime rt = GoRuntime.builder().name("pubsub").build()) {
      rt.main(() -> main(out));
    }
  }

  /**
   * Three subscribers: alice reads {@code go} and {@code java} as they come, bob reads {@code
   * java} and unsubscribes after a while, and carol subscribes to {@code rust} with a buffer of 2
   * but reads nothing until the end, so the third {@code rust} message gets her dropped.
   */
  static void main(PrintStream out) {
    Broker b = new Broker();
    Subscriber alice = b.subscribe(16, "go", "java");
    Subscriber bob = b.subscribe(16, "java");
    Subscriber carol = b.subscribe(2, "rust");
    RecvChan<List<Message>> aliceGot = reader(alice);
    RecvChan<List<Message>> bobGot = reader(bob);

    b.publish("go", "loop variables per iteration");
    b.publish("java", "virtual threads");
    b.publish("rust", "async closures");
    b.publish("go", "range over func");
    b.publish("rust", "let chains");
    b.unsubscribe(bob);
    b.publish("java", "structured concurrency");
    b.publish("rust", "edition 2024");
    b.publish("go", "testing/synctest");
    b.publish("zig", "nobody subscribed");
    b.close();

    out.println("alice (go, java): " + aliceGot.recv());
    out.println("bob (java, until he unsubscribed): " + bobGot.recv());
    out.println("carol (rust, buffer 2, read at the end): " + drain(carol.messages()));
  }

  /** A goroutine that reads {@code s}'s messages until the end, then hands them on. */
  private static RecvChan<List<Message>> reader(Subscriber s) {
    Chan<List<Message>> got = chan(1);
    go(() -> got.send(drain(s.messages())));
    return got;
  }

  /** {@code for m := range ch}: every message until the channel is closed. */
  static List<Message> drain(RecvChan<Message> ch) {
    List<Message> got = new ArrayList<>();
    for (Message m : ch) {
      got.add(m);
    }
    return got;
  }
}
