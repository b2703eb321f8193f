package io.go4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test method (plain, parameterized, repeated; on a class: all of them) as goroutine 1 of
 * its own go4j runtime, a bubble with virtual time, like Go's {@code synctest.Test}: the clock
 * starts at 2000-01-01T00:00:00Z and moves only when every goroutine of the bubble is durably
 * blocked, then jumps to the next timer ({@code sleep}, timers, tickers and context deadlines all
 * use it). The test ends when its method returned and every goroutine it started has ended, and
 * fails, with the bubble's goroutine dump, on a goroutine left blocked ({@code deadlock: main
 * bubble goroutine has exited but blocked goroutines remain}), an exception escaping any goroutine
 * of the bubble, a deadlock ({@code deadlock: all goroutines in bubble are blocked}), or when it
 * runs longer than {@link #timeoutSeconds} of real time. Each test has its own runtime, so tests
 * may run in parallel. Use it next to {@code @Test} (or {@code @ParameterizedTest}).
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(GoTestExtension.class)
public @interface GoTest {
  /** GOMAXPROCS of the bubble's runtime. */
  int maxProcs() default 2;

  /** Real-time limit of the test. */
  long timeoutSeconds() default 30;
}
