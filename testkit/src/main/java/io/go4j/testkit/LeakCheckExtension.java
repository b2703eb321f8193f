package io.go4j.testkit;

import io.go4j.runtime.spi.Origins;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link VerifyNoLeaks @VerifyNoLeaks}; it can also be registered with
 * {@code @ExtendWith(LeakCheckExtension.class)} or {@code @RegisterExtension} (with the defaults: 5
 * s, no filters).
 *
 * <p>Implementation notes. The origin lives in a thread-local (or the current goroutine), so it is
 * entered on the thread that runs the test: in {@code beforeEach}, which JUnit runs on the same
 * thread as the {@code @BeforeEach} methods, the test and {@code afterEach}, even under parallel
 * execution (each test is one task of JUnit's fork-join pool, start to end). The test method itself
 * may run on another thread ({@code @Timeout(threadMode = SEPARATE_THREAD)}), so the invocation
 * interceptor enters the origin again around the invocation on whatever thread runs it. The
 * per-test state is kept in the test's {@link ExtensionContext.Store}, never in a field: one
 * extension instance serves every test of the class, concurrently under parallel execution. {@code
 * afterEach} restores the thread's previous origin before it checks, so a failing check leaves the
 * JUnit worker thread as it found it.
 */
public final class LeakCheckExtension
    implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LeakCheckExtension.class);

  /** One test's attribution. */
  private record Attribution(long origin, long previous, Thread thread) {}

  /** For JUnit. */
  public LeakCheckExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    long origin = Origins.next();
    long previous = Origins.enter(origin);
    context
        .getStore(NAMESPACE)
        .put(Attribution.class, new Attribution(origin, previous, Thread.currentThread()));
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedAttributed(invocation, extensionContext);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedAttributed(invocation, extensionContext);
  }

  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation,
      DynamicTestInvocationContext invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedAttributed(
        invocation, extensionContext); // the factory's attribution, found in its store
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Attribution a = context.getStore(NAMESPACE).remove(Attribution.class, Attribution.class);
    if (a == null) {
      return;
    }
    if (Thread.currentThread() == a.thread()) {
      Origins.enter(a.previous());
    }
    Leaks.verifyNone(options(context).origin(a.origin()));
  }

  private static void proceedAttributed(Invocation<Void> invocation, ExtensionContext context)
      throws Throwable {
    Attribution a = context.getStore(NAMESPACE).get(Attribution.class, Attribution.class);
    if (a == null) {
      invocation.proceed();
      return;
    }
    long was = Origins.enter(a.origin());
    try {
      invocation.proceed();
    } finally {
      Origins.enter(was);
    }
  }

  /**
   * The options of the nearest {@code @VerifyNoLeaks}: the method's, its class's, outer classes'.
   */
  private static LeakOptions options(ExtensionContext context) {
    Optional<VerifyNoLeaks> found = find(context.getTestMethod());
    for (Class<?> c = context.getTestClass().orElse(null);
        found.isEmpty() && c != null;
        c = c.getEnclosingClass()) {
      found = find(Optional.of(c));
    }
    LeakOptions options = LeakOptions.defaults();
    if (found.isEmpty()) {
      return options;
    }
    VerifyNoLeaks v = found.get();
    options = options.timeout(Duration.ofMillis(v.timeoutMillis()));
    for (String f : v.ignoreTopFunction()) {
      options = options.ignoreTopFunction(f);
    }
    for (String f : v.ignoreAnyFunction()) {
      options = options.ignoreAnyFunction(f);
    }
    for (String f : v.ignoreCreatedBy()) {
      options = options.ignoreCreatedBy(f);
    }
    return options;
  }

  private static Optional<VerifyNoLeaks> find(Optional<? extends AnnotatedElement> element) {
    return AnnotationSupport.findAnnotation(element, VerifyNoLeaks.class);
  }
}
