package dev.latchkey.bootstrap;

import dev.latchkey.adapter.in.http.Api;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code bootstrap/target/latchkey.jar} running as its own process on a free loopback port. */
final class RunningJar implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("latchkey.jar", "target/latchkey.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Process process;
    private final Path log;
    private final int port;
    final Api api;

    private RunningJar(Process process, Path log, int port, Api api) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.api = api;
    }

    int port() {
        return port;
    }

    /** Runs {@code java -jar latchkey.jar args...} to completion and returns what it printed. */
    static String runToCompletion(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + ": " + output);
        }
        return output;
    }

    /** Starts the service in {@code workDir} with only {@code env} configured, and waits until it is live. */
    static RunningJar start(Path workDir, Map<String, String> env) throws IOException, InterruptedException {
        int port = freePort();
        Path log = workDir.resolve("latchkey-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-jar", JAR.toAbsolutePath().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // what the service sees is exactly what the test says, whatever the CI environment holds
        builder.environment().keySet().removeIf(name -> name.startsWith("LATCHKEY_") || name.startsWith("DATASOURCES_")
                || name.startsWith("MICRONAUT_"));
        builder.environment().putAll(env);
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        Process process = builder.start();
        RunningJar running = new RunningJar(process, log, port, new Api(URI.create("http://127.0.0.1:" + port),
                JsonMapper.createDefault()));
        running.awaitLive();
        return running;
    }

    private void awaitLive() throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("latchkey.jar exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (api.get("/livez").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("latchkey.jar did not become live within 90 s:\n" + log());
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Sends SIGTERM without waiting. */
    void terminate() {
        process.destroy();
    }

    boolean hasExited(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM, then waits for the orderly shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
