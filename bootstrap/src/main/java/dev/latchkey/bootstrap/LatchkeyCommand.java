package dev.latchkey.bootstrap;

import dev.latchkey.domain.apikey.KeyPrefix;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code java -jar latchkey.jar [command]}. Every command has {@code --help}; {@code --help} and {@code version}
 * print and exit without touching anything (no {@code ./data}). A mistake on the command line is one line on
 * standard error and status 2; a command that fails, one line and status 1.
 */
@Command(name = "latchkey", mixinStandardHelpOptions = true, versionProvider = LatchkeyCommand.Version.class,
        description = "Latchkey, the self-hosted API-key service. Without a command: serve.",
        subcommands = {LatchkeyCommand.Serve.class, LatchkeyCommand.GenerateKey.class, LatchkeyCommand.Migrate.class,
                AuditCommand.class, LatchkeyCommand.PrintVersion.class, CommandLine.HelpCommand.class})
final class LatchkeyCommand implements Callable<Integer> {

    /** What a run of the command line left: a status to exit with, or a running service. */
    record Outcome(int exitCode, boolean serving) {
    }

    /**
     * The environment name under which {@code migrate} (and, without migrating, {@code audit verify}) starts the
     * application: nothing but the database.
     */
    static final String MIGRATE_ENVIRONMENT = "migrate";

    /** Micronaut's own command-line settings: {@code --micronaut.server.port=8081}. */
    private static final Pattern SETTING = Pattern.compile("--[A-Za-z0-9][A-Za-z0-9._-]*=.*");

    private boolean serving;

    @Override
    public Integer call() {
        return serve(List.of());
    }

    private int serve(List<String> settings) {
        Micronaut.build(settings.toArray(String[]::new)).mainClass(Application.class).banner(false).start();
        serving = true;
        return CommandLine.ExitCode.OK;
    }

    static Outcome run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static Outcome run(PrintWriter out, PrintWriter err, String... args) {
        LatchkeyCommand root = new LatchkeyCommand();
        CommandLine commandLine = new CommandLine(root).setOut(out).setErr(err)
                .setParameterExceptionHandler((e, ignored) -> {
                    String command = e.getCommandLine().getCommandSpec().qualifiedName();
                    err.println(command + ": " + e.getMessage() + " (see: " + command + " --help)");
                    return CommandLine.ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, failing, ignored) -> {
                    err.println(failing.getCommandSpec().qualifiedName() + ": " + oneLine(e));
                    return CommandLine.ExitCode.SOFTWARE;
                });
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, root.serving);
    }

    private static String oneLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }

    /** A command that takes Micronaut's settings as {@code --name=value} arguments and nothing else unnamed. */
    abstract static class WithSettings implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Unmatched
        private List<String> unmatched = new ArrayList<>();

        /** The settings given; any other argument is a mistake on the command line. */
        List<String> settings() {
            List<String> settings = new ArrayList<>();
            for (String argument : unmatched) {
                if (!SETTING.matcher(argument).matches()) {
                    throw new ParameterException(spec.commandLine(), "unknown argument '" + argument
                            + "' (settings are given as --name=value)");
                }
                settings.add(argument);
            }
            return settings;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Start the service (the default command).",
                    "Settings come from the environment (LATCHKEY_*, DATASOURCES_DEFAULT_*, MICRONAUT_*; see "
                            + "docs/configuration.md) or as --name=value arguments, e.g. --micronaut.server.port=8081."})
    static final class Serve extends WithSettings {

        @CommandLine.ParentCommand
        private LatchkeyCommand root;

        @Override
        public Integer call() {
            return root.serve(settings());
        }
    }

    @Command(name = "generate-key", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Print a new key in the API format and exit (for LATCHKEY_BOOTSTRAP_ADMIN_KEY).")
    static final class GenerateKey implements Callable<Integer> {

        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--prefix", paramLabel = "PREFIX",
                description = "the key's prefix: segments of 1-20 characters [a-z0-9] joined by '_' (default: lk)")
        private String prefix;

        @Override
        public Integer call() {
            KeyPrefix keyPrefix;
            try {
                keyPrefix = prefix == null ? KeyPrefix.DEFAULT : new KeyPrefix(prefix);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "invalid --prefix: " + e.getMessage());
            }
            spec.commandLine().getOut().println(Application.newKey(keyPrefix));
            return CommandLine.ExitCode.OK;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Create or migrate the database schema and exit, without serving.",
                    "The database is configured as for serve (DATASOURCES_DEFAULT_URL, ...; default the embedded "
                            + "one under ./data)."})
    static final class Migrate extends WithSettings {

        @Override
        public Integer call() {
            List<String> settings = settings();
            // Flyway migrates each data source as it is created; the environment leaves out everything else that
            // starts with the application (the change-feed follower, the bootstrap admin)
            try (ApplicationContext context = ApplicationContext.builder(Application.class)
                    .environments(MIGRATE_ENVIRONMENT).args(settings.toArray(String[]::new)).banner(false).start()) {
                context.getBean(DataSource.class);
            }
            spec.commandLine().getOut().println("migrate: the database schema is up to date");
            return CommandLine.ExitCode.OK;
        }
    }

    @Command(name = "version", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Print the version and exit.")
    static final class PrintVersion implements Callable<Integer> {

        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            spec.commandLine().getOut().println(Version.text());
            return CommandLine.ExitCode.OK;
        }
    }

    /** The version the build wrote into {@code latchkey-version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {

        static String text() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = LatchkeyCommand.class.getResourceAsStream("/latchkey-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return "latchkey " + properties.getProperty("version", "unknown") + " (Java "
                    + System.getProperty("java.version") + ")";
        }

        @Override
        public String[] getVersion() throws IOException {
            return new String[] {text()};
        }
    }
}
