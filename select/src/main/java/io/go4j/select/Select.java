package io.go4j.select;

import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import io.go4j.channels.internal.SelectCase;
import io.go4j.channels.internal.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Go's {@code select} statement, built case by case (also in a loop, for a case list known only at
 * run time) and run with {@link #run}:
 *
 * <pre>{@code
 * select()
 *     .recv(a, v -> use(v))                 // case v := <-a:
 *     .recvOk(b, (v, ok) -> ...)            // case v, ok := <-b:
 *     .send(c, value, () -> ...)            // case c <- value:
 *     .otherwise(() -> ...)                 // default:
 *     .run();
 * }</pre>
 *
 * <p>Among the cases ready when it runs, one is chosen uniformly at random; without a ready case
 * and without {@code otherwise} it blocks until one is ready (wait reason {@code select}). Cases
 * on {@code Chan.nil()} are never ready; a select with no case at all blocks forever ({@code
 * select (no cases)}), one with only nil cases too ({@code select}, as in Go); deadlock detection
 * finds both. The same channel may appear in several
 * cases. A built select can be run again (by one goroutine at a time); adding a case afterwards
 * is fine too.
 *
 * <p>Errors as in Go: a send case on a closed channel throws {@code ClosedChannelException}; an
 * interrupted select throws {@code CancelledException} and no case happened.
 */
public final class Select {
  private final List<SelectCase> cases = new ArrayList<>();
  private final List<Consumer<SelectCase>> bodies = new ArrayList<>();
  private Runnable otherwise;
  private int otherwiseIndex;
  private Selector selector;

  private Select() {}

  /** A select with no cases yet. */
  public static Select select() {
    return new Select();
  }

  /**
   * A select whose cases produce a value: {@code Select.<Integer>selectValue().recv(a, v -> v +
   * 1).get()} (Java infers no type argument for the head of a call chain: give it).
   */
  public static <R> SelectValue<R> selectValue() {
    return new SelectValue<>();
  }

  /** {@code case v := <-ch: body(v)}; {@code v} is null if {@code ch} is closed. */
  @SuppressWarnings("unchecked")
  public <T> Select recv(RecvChan<T> ch, Consumer<? super T> body) {
    Objects.requireNonNull(body, "body");
    return add(SelectCase.recv(ch), c -> body.accept((T) c.takeReceived()));
  }

  /** {@code case <-ch: body()}. */
  public Select recv(RecvChan<?> ch, Runnable body) {
    Objects.requireNonNull(body, "body");
    return add(
        SelectCase.recv(ch),
        c -> {
          c.takeReceived();
          body.run();
        });
  }

  /** {@code case <-ch:} with no statements: the value received is dropped. */
  public Select recv(RecvChan<?> ch) {
    return recv(ch, () -> {});
  }

  /** {@code case v, ok := <-ch: body(v, ok)}. */
  @SuppressWarnings("unchecked")
  public <T> Select recvOk(RecvChan<T> ch, BiConsumer<? super T, Boolean> body) {
    Objects.requireNonNull(body, "body");
    return add(SelectCase.recv(ch), c -> body.accept((T) c.takeReceived(), c.ok()));
  }

  /** {@code case ch <- value: body()}. */
  public <T> Select send(SendChan<T> ch, T value, Runnable body) {
    Objects.requireNonNull(body, "body");
    return add(SelectCase.send(ch, value), c -> body.run());
  }

  /** {@code case ch <- value:} with no statements. */
  public <T> Select send(SendChan<T> ch, T value) {
    return send(ch, value, () -> {});
  }

  /** {@code default: body()}: runs when no case is ready. */
  public Select otherwise(Runnable body) {
    Objects.requireNonNull(body, "body");
    if (otherwise != null) {
      throw new IllegalStateException("select: multiple defaults");
    }
    otherwise = body;
    otherwiseIndex = cases.size();
    return this;
  }

  /**
   * Runs the select and the chosen case's body: the index of the case that ran, counting cases in
   * the order added, {@code otherwise} included.
   */
  public int run() {
    int i = selector().select(otherwise == null);
    if (i < 0) {
      otherwise.run();
      return otherwiseIndex;
    }
    bodies.get(i).accept(cases.get(i));
    return otherwise != null && i >= otherwiseIndex ? i + 1 : i;
  }

  private Select add(SelectCase c, Consumer<SelectCase> body) {
    cases.add(c);
    bodies.add(body);
    selector = null;
    return this;
  }

  private Selector selector() {
    Selector s = selector;
    if (s == null) {
      s = selector = new Selector(cases);
    }
    return s;
  }
}
