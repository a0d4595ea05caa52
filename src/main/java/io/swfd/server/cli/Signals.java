package io.swfd.server.cli;

import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT (Ctrl-C) ask the server to stop: the foreground command then closes it and
 * exits with status 0, instead of the JVM's default 143/130. Where the JVM does not let us handle a
 * signal, its default applies (the shutdown hook still closes the server).
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported, present in every JDK 17+) is reached by
 * reflection only so that each build is not littered with "internal proprietary API" warnings.
 */
final class Signals {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  static void onTermination(Runnable stop) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Class<?> signal = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Object handler =
            Proxy.newProxyInstance(
                Signals.class.getClassLoader(),
                new Class<?>[] {handlerType},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "handle" -> {
                        stop.run();
                        yield null;
                      }
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      default -> "swfd SIG" + name + " handler";
                    });
        signal
            .getMethod("handle", signal, handlerType)
            .invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // e.g. the JVM runs with -Xrs, or reserves the signal
        log.debug("cannot handle SIG{}; the JVM default applies", name, e);
      }
    }
  }
}
