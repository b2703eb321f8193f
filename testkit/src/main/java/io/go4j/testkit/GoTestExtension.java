package io.go4j.testkit;

import io.go4j.runtime.GoRuntime;
import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link GoTest}: runs the test method's invocation inside a bubble. */
public final class GoTestExtension implements InvocationInterceptor {
  /** Instantiated by JUnit for {@link GoTest}. */
  public GoTestExtension() {}

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    inBubble(invocation, context);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    inBubble(invocation, context);
  }

  private static void inBubble(Invocation<Void> invocation, ExtensionContext context)
      throws Throwable {
    // the method's, else its class's, else an enclosing class's (a @Nested class inherits it)
    GoTest settings =
        AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), GoTest.class)
            .or(
                () ->
                    AnnotationSupport.findAnnotation(
                        context.getRequiredTestClass(),
                        GoTest.class,
                        context.getEnclosingTestClasses()))
            .orElseThrow(() -> new IllegalStateException("@GoTest not found"));
    if (settings.timeoutSeconds() < 1) {
      throw new IllegalArgumentException(
          "@GoTest timeoutSeconds must be at least 1, got " + settings.timeoutSeconds());
    }
    GoRuntime.Builder builder =
        GoRuntime.builder()
            .name("bubble-" + context.getRequiredTestMethod().getName())
            .maxProcs(settings.maxProcs())
            .virtualTime(true);
    Throwable failure =
        Runs.run(builder, invocation::proceed, Duration.ofSeconds(settings.timeoutSeconds()));
    if (failure != null) {
      throw failure;
    }
  }
}
