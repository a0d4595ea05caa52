package io.swfd.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against an in-process swfd: one server per class, on a free port,
 * with a temporary store and a virtual clock. Test methods (and constructors) can take any of
 * {@link Swfd} (the clock, {@code reset()}), an AWS SDK v2 {@link
 * software.amazon.awssdk.services.swf.SwfClient} and an AWS SDK v1 {@link
 * com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflow} as parameters.
 *
 * <pre>{@code
 * @SwfdTest
 * class MyWorkflowTest {
 *     @Test
 *     void heartbeatTimeout(SwfClient swf, Swfd swfd) {
 *         ...
 *         swfd.advance(Duration.ofHours(1)); // fires the one-hour heartbeat timeout now
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SwfdExtension.class)
public @interface SwfdTest {
  /** The region the injected clients sign for; as on AWS, each region has its own domains. */
  String region() default Swfd.DEFAULT_REGION;

  /** How long an idle poll is held before it answers empty, in milliseconds (SWF holds 60 s). */
  long pollHoldMillis() default 1000;

  /**
   * Start every test on fresh state ({@link Swfd#reset()}) instead of sharing the class's state.
   */
  boolean resetBeforeEach() default false;

  /** Start with auto-skip on: whenever the server is idle the clock jumps to the next deadline. */
  boolean autoSkip() default false;
}
