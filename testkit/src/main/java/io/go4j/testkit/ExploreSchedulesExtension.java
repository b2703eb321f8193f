package io.go4j.testkit;

import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link ExploreSchedules}: invokes the test method once per schedule, inside
 * the explorer, and skips JUnit's own invocation.
 */
public final class ExploreSchedulesExtension implements InvocationInterceptor {
  /** Instantiated by JUnit for {@link ExploreSchedules}. */
  public ExploreSchedulesExtension() {}

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    ExploreSchedules a =
        AnnotationSupport.findAnnotation(call.getExecutable(), ExploreSchedules.class)
            .orElseThrow(() -> new IllegalStateException("@ExploreSchedules not found"));
    Explorer.Options options =
        Explorer.Options.defaults()
            .withTries(a.tries())
            .withStrategy(a.strategy())
            .withDepth(a.depth())
            .withSeed(a.seed())
            .withTimeout(Duration.ofSeconds(a.timeoutSeconds()));
    Object target = call.getTarget().orElse(null);
    Object[] args = call.getArguments().toArray();
    invocation.skip();
    Explorer.explore(
        () -> ReflectionSupport.invokeMethod(call.getExecutable(), target, args), // rethrows as is
        options);
  }
}
