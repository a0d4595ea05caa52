package io.swfd.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.swfd.api.AccessLog;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * swfd's logging, set up in code (found by logback as a service): to stderr, since stdout carries
 * only the startup lines; INFO for swfd, WARN for Jetty, which is chatty at INFO. Reading the same
 * from an XML file took logback a sixth of the server's start-up. A file named with {@code
 * -Dlogback.configurationFile=...}, or a {@code logback-test.xml} on the class path (the tests'),
 * is used instead.
 *
 * <p>{@code swfd serve --log-level} and {@code --log-format json} adjust it once the settings are
 * known ({@link #apply}).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n";

  /** The levels {@code --log-level} takes. */
  public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Applies {@code --log-level}, {@code --log-format} and {@code --access-log}.
   *
   * @param level one of {@link #LEVELS}, or null to leave the levels alone; Jetty stays at WARN
   *     unless the level is stricter
   * @param json one JSON object per line on the root logger's appenders instead of text
   * @param accessLog the request log's logger logs at INFO whatever the level
   */
  public static void apply(String level, boolean json, boolean accessLog) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
    if (level != null) {
      Level l = Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO);
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(l);
      context.getLogger("io.swfd").setLevel(l);
      context
          .getLogger("org.eclipse.jetty")
          .setLevel(l.isGreaterOrEqual(Level.WARN) ? l : Level.WARN);
    }
    if (accessLog) context.getLogger(AccessLog.LOGGER).setLevel(Level.INFO);
    if (json) {
      List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
      for (Iterator<Appender<ILoggingEvent>> it =
              context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
          it.hasNext(); ) {
        appenders.add(it.next());
      }
      for (Appender<ILoggingEvent> a : appenders) {
        if (a instanceof OutputStreamAppender<ILoggingEvent> out) {
          Encoder<ILoggingEvent> encoder = new JsonLogEncoder();
          encoder.setContext(context);
          encoder.start();
          out.stop();
          out.setEncoder(encoder);
          out.start();
        }
      }
    }
  }

  /** The level named by {@code raw} (any case), or null if it is not one of {@link #LEVELS}. */
  public static String level(String raw) {
    String l = raw == null ? null : raw.trim().toLowerCase(Locale.ROOT);
    if ("warning".equals(l)) l = "warn";
    return LEVELS.contains(l) ? l : null;
  }
}
