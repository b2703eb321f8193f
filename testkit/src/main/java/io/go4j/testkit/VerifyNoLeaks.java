package io.go4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails each test (of the annotated class, or the annotated method) that leaves goroutines behind:
 * goleak's {@code defer goleak.VerifyNone(t)} for JUnit 5, attributed per test.
 *
 * <p>Before each test a fresh origin ({@link Leaks#track()}) is entered on the test's thread, so
 * the goroutines the test (its {@code @BeforeEach} methods included) starts, and those they start,
 * are attributed to it. After the test and its {@code @AfterEach} methods, {@link
 * Leaks#verifyNone(LeakOptions)} checks only those goroutines, with retries up to {@link
 * #timeoutMillis()}, and fails the test with {@link LeakedGoroutinesError} if some are still alive.
 * Goroutines of other tests are never reported, so this works under JUnit's parallel execution.
 *
 * <p>The default runtime is checked ({@link io.go4j.runtime.GoRuntime#getDefault()}, which {@code
 * io.go4j.Go} uses from test threads); a test that builds its own runtime should check it itself
 * with {@link Leaks#track()} and {@link LeakOptions#runtime}. The annotation on a method wins over
 * the one on its class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(LeakCheckExtension.class)
public @interface VerifyNoLeaks {
  /** How long the check retries before it fails the test ({@link LeakOptions#timeout}). */
  long timeoutMillis() default 5_000;

  /** Fully qualified functions, see {@link LeakOptions#ignoreTopFunction}. */
  String[] ignoreTopFunction() default {};

  /** Fully qualified functions, see {@link LeakOptions#ignoreAnyFunction}. */
  String[] ignoreAnyFunction() default {};

  /** Fully qualified functions, see {@link LeakOptions#ignoreCreatedBy}. */
  String[] ignoreCreatedBy() default {};
}
