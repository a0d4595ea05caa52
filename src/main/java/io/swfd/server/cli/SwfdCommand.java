package io.swfd.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code swfd} command; its subcommands do the work. */
@Command(
    name = "swfd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    headerHeading = "",
    header = "swfd - a self-hosted, durable server that speaks the Amazon SWF API.",
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    description =
        "Amazon Simple Workflow Service clients (AWS SDKs, the AWS CLI, the Flow Framework) "
            + "talk to swfd unchanged: point their endpoint at it.",
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {
      "Run 'swfd serve --help' for the server's options, environment variables and config file.",
      "The benchmark, 'swfd bench', is a module of its own (bench/) that the ./swfd launcher runs.",
      "",
      "Example:",
      "  swfd serve --port 7777 --data-dir ./swfd-data"
    })
public final class SwfdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("swfd: missing command");
    spec.commandLine().usage(err);
    err.flush();
    return spec.exitCodeOnInvalidInput();
  }

  /**
   * The whole command line: {@code swfd [--help|--version]}, {@code swfd serve ...}, {@code swfd
   * help [COMMAND]}.
   *
   * @param serve the serve command to use (tests pass one they can stop)
   */
  public static CommandLine commandLine(ServeCommand serve) {
    CommandLine cl = new CommandLine(new SwfdCommand());
    cl.addSubcommand("serve", serve);
    // operator commands: talk to a running server over HTTP
    cl.addSubcommand("domains", new DomainsCommand(serve.env()));
    cl.addSubcommand("executions", new ExecutionsCommand(serve.env()));
    cl.addSubcommand("history", new HistoryCommand(serve.env()));
    cl.addSubcommand("cluster", new ClusterCommand(serve.env()));
    cl.addSubcommand("help", new CommandLine.HelpCommand());
    cl.setParameterExceptionHandler(SwfdCommand::shortError);
    return cl;
  }

  /** The command line of the {@code swfd} process itself. */
  public static CommandLine forProcess(Map<String, String> env) {
    return commandLine(new ServeCommand(env, Path.of("").toAbsolutePath(), true));
  }

  /**
   * An invalid option: the problem, a suggestion if there is one, and where to find help (no usage
   * dump).
   */
  private static int shortError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }
}
