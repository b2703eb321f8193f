package io.go4j.samples;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.samples.PubSub.Broker;
import io.go4j.samples.PubSub.Message;
import io.go4j.samples.PubSub.Subscriber;
import io.go4j.sync.WaitGroup;
import io.go4j.testkit.GoTest;
import io.go4j.testkit.Leaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code pubsub} broker: each subscriber gets exactly the messages of its topics, in order; a
 * subscriber that falls behind is dropped with what its buffer held; and once the broker is closed
 * no goroutine is left ({@link Leaks#verifyNone()}, and {@code @GoTest} fails on one left blocked).
 */
class PubSubTest {
  @Test
  @GoTest
  void printsWhatEachSubscriberGot() {
    String out = Output.of(PubSub::main);
    assertEquals(
        List.of(
            "alice (go, java): [go: loop variables per iteration, java: virtual threads,"
                + " go: range over func, java: structured concurrency, go: testing/synctest]",
            "bob (java, until he unsubscribed): [java: virtual threads]",
            "carol (rust, buffer 2, read at the end): [rust: async closures, rust: let chains]"),
        out.lines().toList());
    Leaks.verifyNone();
  }

  @Test
  @GoTest
  void concurrentPublishersReachExactlyTheirTopicsSubscribersInOrder() {
    int perTopic = 200;
    List<String> topics = List.of("a", "b", "c");
    List<Set<String>> subscriptions =
        List.of(Set.of("a"), Set.of("a", "b"), Set.of("b", "c"), Set.of("a", "b", "c"));
    Broker b = new Broker();
    Map<Integer, List<Message>> got = new ConcurrentHashMap<>();
    WaitGroup readers = new WaitGroup();
    for (int i = 0; i < subscriptions.size(); i++) {
      int id = i;
      // a buffer that holds everything: nobody can fall behind
      Subscriber s =
          b.subscribe(perTopic * topics.size(), subscriptions.get(i).toArray(String[]::new));
      readers.go(() -> got.put(id, PubSub.drain(s.messages())));
    }
    WaitGroup publishers = new WaitGroup();
    for (String topic : topics) {
      publishers.go(
          () -> {
            for (int n = 0; n < perTopic; n++) {
              b.publish(topic, topic + n);
            }
          });
    }
    publishers.await();
    b.close();
    readers.await();

    for (int i = 0; i < subscriptions.size(); i++) {
      List<Message> messages = got.get(i);
      int expected = 0;
      for (String topic : topics) {
        List<String> texts =
            messages.stream().filter(m -> m.topic().equals(topic)).map(Message::text).toList();
        List<String> published =
            subscriptions.get(i).contains(topic)
                ? IntStream.range(0, perTopic).mapToObj(n -> topic + n).toList()
                : List.of();
        assertEquals(published, texts, "subscriber " + i + ", topic " + topic);
        expected += published.size();
      }
      assertEquals(expected, messages.size(), "subscriber " + i);
    }
    Leaks.verifyNone();
  }

  @Test
  @GoTest
  void aSubscriberThatFallsBehindIsDroppedWithWhatItsBufferHeld() {
    Broker b = new Broker();
    Subscriber slow = b.subscribe(2, "t");
    Subscriber other = b.subscribe(2, "t");
    List<Message> otherGot = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      b.publish("t", "m" + n);
      otherGot.add(other.messages().recv()); // keeps up
    }
    b.unsubscribe(slow); // already dropped: nothing to close twice
    b.unsubscribe(other);

    assertEquals(
        List.of(new Message("t", "m0"), new Message("t", "m1")), PubSub.drain(slow.messages()));
    assertEquals(
        List.of(new Message("t", "m0"), new Message("t", "m1"), new Message("t", "m2")), otherGot);
    assertEquals(List.of(), PubSub.drain(other.messages())); // closed by unsubscribe
    b.close();
    Leaks.verifyNone();
  }
}
