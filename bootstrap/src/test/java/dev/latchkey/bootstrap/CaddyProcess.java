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
 * A real Caddy ({@code caddy run}, in the foreground, never its systemd unit) serving a Caddyfile the test gives it,
 * with its own data and config directories and its working directory under the test's. Its standard error (Caddy's
 * own log, errors included) goes to {@code caddy.log}. Fails, never skips, when Caddy is missing and cannot be
 * installed.
 */
final class CaddyProcess implements AutoCloseable {

    private final Process process;
    private final Path home;
    private final int port;

    private CaddyProcess(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
    }

    int port() {
        return port;
    }

    /** Caddy's working directory: relative paths of the Caddyfile (its access log) land here. */
    Path home() {
        return home;
    }

    /** What Caddy logged on its standard error (its default logger: startup, errors). */
    String log() throws IOException {
        return Files.readString(home.resolve("caddy.log"));
    }

    /** Writes {@code caddyfile} under {@code dir}/caddy, runs it and waits until Caddy listens on {@code port}. */
    static CaddyProcess start(Path dir, int port, String caddyfile) throws Exception {
        Path home = Files.createDirectories(dir.resolve("caddy"));
        Files.writeString(home.resolve("Caddyfile"), caddyfile);
        ProcessBuilder builder = new ProcessBuilder(binary(), "run", "--config", "Caddyfile", "--adapter", "caddyfile")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("caddy.log").toFile());
        // its autosaved configuration and any certificate state stay in the test's directory
        builder.environment().put("XDG_DATA_HOME", Files.createDirectories(home.resolve("data")).toString());
        builder.environment().put("XDG_CONFIG_HOME", Files.createDirectories(home.resolve("config")).toString());
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("caddy exited: " + Files.readString(home.resolve("caddy.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new CaddyProcess(process, home, port);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("caddy did not listen on " + port + ": " + Files.readString(home.resolve("caddy.log")));
    }

    /** Caddy on the PATH or in /usr/bin; installed with apt-get (as root) when missing, its service left alone. */
    private static String binary() throws Exception {
        for (String candidate : List.of("/usr/bin/caddy", "/usr/local/bin/caddy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        // as .ci/run does: the package's service is neither started (policy-rc.d) nor left enabled
        Process install = new ProcessBuilder("bash", "-c", String.join("\n",
                "own_policy=",
                "if ! [ -e /usr/sbin/policy-rc.d ]; then",
                "  printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1",
                "fi",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy; status=$?",
                "[ -n \"$own_policy\" ] && rm -f /usr/sbin/policy-rc.d",
                "systemctl disable caddy.service >/dev/null 2>&1 || true",
                "exit $status"))
                .redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes());
        if (!install.waitFor(5, TimeUnit.MINUTES) || install.exitValue() != 0
                || !Files.isExecutable(Path.of("/usr/bin/caddy"))) {
            throw new IllegalStateException("this test needs Caddy 2 (Debian: apt-get install caddy) and could not "
                    + "install it:\n" + output);
        }
        return "/usr/bin/caddy";
    }

    /** SIGTERM, then waits for Caddy to stop. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
