package dev.latchkey.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Caddy ({@code caddy run}, in the foreground, never its systemd unit) serving a Caddyfile the test gives it,
 * with its own data and config directories and its working directory under the test's. Its standard error (Caddy's
 * own log, errors included) goes to {@code caddy.log}. Fails, never skips, when Caddy is missing and cannot be
 * installed.
 */
final class CaddyProcess extends GatewayProcess {

    private final Path home;

    private CaddyProcess(Process process, Path home, int port) {
        super(process, port);
        this.home = home;
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
        CaddyProcess caddy = new CaddyProcess(builder.start(), home, port);
        caddy.awaitListening("caddy", caddy::log);
        return caddy;
    }

    /** Caddy on the PATH or in /usr/bin; installed with apt-get (as root) when missing, its service left alone. */
    private static String binary() throws Exception {
        // as .ci/run does: the package's service is neither started (policy-rc.d) nor left enabled
        return binary(List.of("/usr/bin/caddy", "/usr/local/bin/caddy"), String.join("\n",
                "own_policy=",
                "if ! [ -e /usr/sbin/policy-rc.d ]; then",
                "  printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1",
                "fi",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy; status=$?",
                "[ -n \"$own_policy\" ] && rm -f /usr/sbin/policy-rc.d",
                "systemctl disable caddy.service >/dev/null 2>&1 || true",
                "exit $status"), "/usr/bin/caddy", "Caddy 2 (Debian: apt-get install caddy)");
    }
}
