package dev.latchkey.bootstrap;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway (nginx, Caddy) the test runs in the foreground on loopback, never as a system service: started from the
 * binary its package installs, awaited until it listens on its port, stopped with SIGTERM.
 */
abstract class GatewayProcess implements AutoCloseable {

    /** What the gateway wrote so far, to explain why it did not start. */
    interface Log {
        String read() throws IOException;
    }

    private final Process process;
    private final int port;

    GatewayProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    int port() {
        return port;
    }

    /** Waits up to 20 s until the gateway listens on its port; fails, stopping it, when it exits or never listens. */
    void awaitListening(String name, Log log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + log.read());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not listen on " + port + ": " + log.read());
    }

    /**
     * The first of {@code candidates} that is executable; else runs {@code install} (bash, as root) and answers
     * {@code installed}, failing with {@code needs} and the installer's output when that did not give it.
     */
    static String binary(List<String> candidates, String install, String installed, String needs) throws Exception {
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        Process installer = new ProcessBuilder("bash", "-c", install).redirectErrorStream(true).start();
        String output = new String(installer.getInputStream().readAllBytes());
        if (!installer.waitFor(5, TimeUnit.MINUTES) || installer.exitValue() != 0
                || !Files.isExecutable(Path.of(installed))) {
            throw new IllegalStateException("this test needs " + needs + " and could not install it:\n" + output);
        }
        return installed;
    }

    /** SIGTERM, then waits for the gateway to stop. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
