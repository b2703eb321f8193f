package io.go4j.runtime.spi;

/**
 * A goroutine body that runs user code on behalf of a go4j primitive (a scope's child, {@code
 * WaitGroup.go}). Creation sites are found once per class of the user's code (one class per lambda
 * or method reference in the source): through this interface they are the user's, not the
 * wrapper's, whose class is the same for every goroutine it starts.
 */
public interface WrappedBody extends Runnable {
  /** The user's code that this body runs. */
  Object wrapped();
}
