package io.swfd.server.cli;

/** A setting that cannot be used, named by where it came from (a flag, a variable or the file). */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
