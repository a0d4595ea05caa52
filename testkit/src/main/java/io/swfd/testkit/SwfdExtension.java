package io.swfd.testkit;

import com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflow;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The JUnit 5 extension behind {@link SwfdTest @SwfdTest}. It can also be registered in a static
 * field, with settings, and used directly:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SwfdExtension swfd = SwfdExtension.builder().region("eu-west-1").build();
 *
 * @Test
 * void test() {
 *     swfd.client().registerDomain(...);
 *     swfd.advance(Duration.ofHours(1));
 * }
 * }</pre>
 *
 * One server per test class (shared with its {@code @Nested} classes), started before the class's
 * first test and stopped after its last; registered in an instance field instead, one per test.
 */
public final class SwfdExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SwfdExtension.class);
  private static final String KEY = "swfd";

  /** Settings for an extension registered with {@code @RegisterExtension}. */
  public static final class Builder {
    private final Swfd.Builder server = Swfd.builder();
    private boolean resetBeforeEach;

    private Builder() {}

    public Builder region(String region) {
      server.region(region);
      return this;
    }

    public Builder pollHold(Duration hold) {
      server.pollHold(hold);
      return this;
    }

    public Builder startAt(Instant start) {
      server.startAt(start);
      return this;
    }

    public Builder autoSkip(boolean on) {
      server.autoSkip(on);
      return this;
    }

    public Builder resetBeforeEach(boolean on) {
      resetBeforeEach = on;
      return this;
    }

    public SwfdExtension build() {
      return new SwfdExtension(server, resetBeforeEach);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private final Swfd.Builder settings;
  private final Boolean resetBeforeEach;
  private volatile Swfd current;

  /** As created by {@code @SwfdTest} / {@code @ExtendWith}: settings come from the annotation. */
  public SwfdExtension() {
    this(null, null);
  }

  private SwfdExtension(Swfd.Builder settings, Boolean resetBeforeEach) {
    this.settings = settings;
    this.resetBeforeEach = resetBeforeEach;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    current = server(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    current = server(context);
    boolean reset =
        resetBeforeEach != null
            ? resetBeforeEach
            : annotation(context).map(SwfdTest::resetBeforeEach).orElse(false);
    if (reset) current.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // the server is closed with the store of the context that started it (see server())
  }

  /**
   * The class's server (an enclosing class's for a {@code @Nested} class), started on first use.
   */
  private Swfd server(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    return store.computeIfAbsent(KEY, k -> new Holder(start(context)), Holder.class).swfd;
  }

  private Swfd start(ExtensionContext context) {
    if (settings != null) return settings.start();
    SwfdTest a = annotation(context).orElse(null);
    Swfd.Builder b = Swfd.builder();
    if (a != null) {
      b.region(a.region()).pollHold(Duration.ofMillis(a.pollHoldMillis())).autoSkip(a.autoSkip());
    }
    return b.start();
  }

  private static Optional<SwfdTest> annotation(ExtensionContext context) {
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      Optional<Class<?>> type = c.get().getTestClass();
      if (type.isEmpty()) continue;
      for (Class<?> t = type.get(); t != null; t = t.getEnclosingClass()) {
        SwfdTest a = findAnnotation(t);
        if (a != null) return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private static SwfdTest findAnnotation(Class<?> type) {
    SwfdTest direct = type.getAnnotation(SwfdTest.class); // @Inherited covers superclasses
    if (direct != null) return direct;
    for (java.lang.annotation.Annotation meta : type.getAnnotations()) {
      SwfdTest m = meta.annotationType().getAnnotation(SwfdTest.class);
      if (m != null) return m;
    }
    return null;
  }

  /** Closes the server when JUnit closes the store that holds it. */
  private record Holder(Swfd swfd) implements AutoCloseable {
    @Override
    public void close() {
      swfd.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    return t == Swfd.class
        || t == SwfClient.class
        || t == AmazonSimpleWorkflow.class
        || t == URI.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Swfd s = server(e);
    Class<?> t = p.getParameter().getType();
    if (t == SwfClient.class) return s.client();
    if (t == AmazonSimpleWorkflow.class) return s.clientV1();
    if (t == URI.class) return s.endpoint();
    return s;
  }

  // --- for an extension held in a field ---

  private Swfd swfd() {
    Swfd s = current;
    if (s == null)
      throw new IllegalStateException(
          "no swfd yet: the extension starts one before the first test");
    return s;
  }

  /** The running server of the current test class. */
  public Swfd server() {
    return swfd();
  }

  /** See {@link Swfd#client()}. */
  public SwfClient client() {
    return swfd().client();
  }

  /** See {@link Swfd#clientV1()}. */
  public AmazonSimpleWorkflow clientV1() {
    return swfd().clientV1();
  }

  /** See {@link Swfd#endpoint()}. */
  public URI endpoint() {
    return swfd().endpoint();
  }

  /** See {@link Swfd#now()}. */
  public Instant now() {
    return swfd().now();
  }

  /** See {@link Swfd#advance(Duration)}. */
  public Instant advance(Duration d) {
    return swfd().advance(d);
  }

  /** See {@link Swfd#autoSkip(boolean)}. */
  public void autoSkip(boolean on) {
    swfd().autoSkip(on);
  }

  /** See {@link Swfd#reset()}. */
  public void reset() {
    swfd().reset();
  }
}
