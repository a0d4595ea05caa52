package io.swfd.server;

import io.swfd.server.cli.SwfdCommand;

/** The {@code swfd} executable: see {@link SwfdCommand} and {@code swfd --help}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(SwfdCommand.forProcess(System.getenv()).execute(args));
  }
}
