package io.go4j.select;

import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Select} whose cases produce a value, returned by {@link #get}:
 *
 * <pre>{@code
 * String s = Select.<String>selectValue()  // the type witness: R is not inferred in a chain
 *     .recv(words, w -> "word " + w)
 *     .recv(after(Duration.ofSeconds(1)), t -> "timeout")
 *     .get();
 * }</pre>
 */
public final class SelectValue<R> {
  private final Select select = Select.select();
  private R result;

  SelectValue() {}

  /** {@code case v := <-ch: return f(v)}. */
  public <T> SelectValue<R> recv(RecvChan<T> ch, Function<? super T, ? extends R> f) {
    Objects.requireNonNull(f, "f");
    select.recv(ch, (T v) -> result = f.apply(v));
    return this;
  }

  /** {@code case v, ok := <-ch: return f(v, ok)}. */
  public <T> SelectValue<R> recvOk(
      RecvChan<T> ch, BiFunction<? super T, Boolean, ? extends R> f) {
    Objects.requireNonNull(f, "f");
    select.recvOk(ch, (T v, Boolean ok) -> result = f.apply(v, ok));
    return this;
  }

  /** {@code case ch <- value: return f()}. */
  public <T> SelectValue<R> send(SendChan<T> ch, T value, Supplier<? extends R> f) {
    Objects.requireNonNull(f, "f");
    select.send(ch, value, () -> result = f.get());
    return this;
  }

  /** {@code default: return f()}. */
  public SelectValue<R> otherwise(Supplier<? extends R> f) {
    Objects.requireNonNull(f, "f");
    select.otherwise(() -> result = f.get());
    return this;
  }

  /** Runs the select; the chosen case's value. */
  public R get() {
    select.run();
    R r = result;
    result = null;
    return r;
  }
}
