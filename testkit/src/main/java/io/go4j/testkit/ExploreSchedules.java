package io.go4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method under many deterministic schedules ({@link Explorer}), each time as goroutine
 * 1 of a fresh bubble with one carrier and virtual time; on a failure, shrinks it and fails the
 * test with the minimal interleaving's trace and a {@code Schedule.choices(...)} replay line. Use it
 * next to {@code @Test}. The method runs {@link #tries} times on one test instance: it must set up
 * its own state.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ExploreSchedulesExtension.class)
public @interface ExploreSchedules {
  /** Schedules to run. */
  int tries() default 100;

  /** How they are chosen. */
  Explorer.Strategy strategy() default Explorer.Strategy.MIXED;

  /** PCT's bug depth. */
  int depth() default 3;

  /** Seed of the randomized schedules. */
  long seed() default 0x9047L;

  /** Real-time limit of each run. */
  long timeoutSeconds() default 30;
}
