package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** A new admin key, as an operator makes one: {@code java -jar latchkey.jar generate-key}. */
    static String generateKey() throws IOException, InterruptedException {
        return runToCompletion("generate-key").strip();
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

    /** What a command of the jar printed (standard output and error apart) and the status it ended with. */
    record Completed(int exitCode, String out, String err) {
    }

    /** Runs {@code java -jar latchkey.jar args...} in {@code workDir} with only {@code env} configured. */
    static Completed runIn(Path workDir, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(workDir.resolve(".stderr").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LATCHKEY_") || name.startsWith("DATASOURCES_")
                || name.startsWith("MICRONAUT_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("latchkey.jar " + String.join(" ", args) + " did not end within 120 s");
        }
        String err = Files.readString(workDir.resolve(".stderr"));
        Files.delete(workDir.resolve(".stderr"));
        return new Completed(process.exitValue(), out, err);
    }

    /** Starts the service in {@code workDir} with only {@code env} configured, and waits until it is live. */
    static RunningJar start(Path workDir, Map<String, String> env) throws IOException, InterruptedException {
        RunningJar running = launch(workDir, env, freePort());
        running.awaitLive(() -> running.api.get("/livez").status() == 200);
        return running;
    }

    /**
     * Starts the service serving HTTPS only, on {@code env}'s {@code MICRONAUT_SERVER_SSL_PORT}, and waits until
     * {@code curl} trusting {@code caCertificate} gets a 200 from {@code /livez} there.
     */
    static RunningJar startHttps(Path workDir, Map<String, String> env, Path caCertificate)
            throws IOException, InterruptedException {
        RunningJar running = launch(workDir, env, freePort());
        String url = "https://localhost:" + env.get("MICRONAUT_SERVER_SSL_PORT") + "/livez";
        running.awaitLive(() -> curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert",
                caCertificate.toString(), url).equals("200"));
        return running;
    }

    /** Runs curl and returns what it printed (nothing when it could not connect). */
    static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--max-time", "10"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes());
        curl.waitFor();
        return output;
    }

    private static RunningJar launch(Path workDir, Map<String, String> env, int port) throws IOException {
        Path log = workDir.resolve("latchkey-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-jar", JAR.toAbsolutePath().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // what the service sees is exactly what the test says, whatever the CI environment holds
        builder.environment().keySet().removeIf(name -> name.startsWith("LATCHKEY_") || name.startsWith("DATASOURCES_")
                || name.startsWith("MICRONAUT_"));
        builder.environment().putAll(env);
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        Process process = builder.start();
        return new RunningJar(process, log, port, new Api(URI.create("http://127.0.0.1:" + port),
                JsonMapper.createDefault()));
    }

    /** What tells that the service answers. */
    private interface LivenessCheck {
        boolean live() throws IOException, InterruptedException;
    }

    private void awaitLive(LivenessCheck check) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("latchkey.jar exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (check.live()) {
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

    /**
     * Issues keys to {@code userId} as {@code admin}, {@code attempts} requests of {@code keyRequest} from
     * {@code clients} threads, and kills this jar with {@code kill -9} once {@code killAfter} were acknowledged: the
     * {@code field} ("key", "id") of every issuance whose 201 reached a client, checked to lie between
     * {@code killAfter} and {@code attempts - 1} (the kill landed in the middle of the burst).
     */
    List<String> kill9DuringIssuances(String userId, String keyRequest, String[] admin, String field, int clients,
                                      int attempts, int killAfter) throws InterruptedException {
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger attempted = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            threads.submit(() -> {
                while (attempted.incrementAndGet() <= attempts) {
                    try {
                        Api.Response issued = api.post("/v1/users/" + userId + "/keys", keyRequest, admin);
                        if (issued.status() == 201) {
                            acknowledged.add((String) issued.field(field));
                        }
                    } catch (RuntimeException killed) {
                        // the connection died with the process: not acknowledged
                    }
                }
            });
        }
        while (acknowledged.size() < killAfter && attempted.get() < attempts) {
            Thread.sleep(5);
        }
        kill9();
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        List<String> values = List.copyOf(acknowledged);
        assertThat(values).as("the kill landed in the middle of the burst").hasSizeBetween(killAfter, attempts - 1);
        return values;
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
