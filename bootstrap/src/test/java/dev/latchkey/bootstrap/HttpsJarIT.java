package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's TLS setup: the jar serves HTTPS itself with a certificate from its configuration, and curl, trusting
 * that certificate, gets through to an authenticated call; plain HTTP is not served.
 */
class HttpsJarIT {

    private static final String PASSWORD = "changeit";

    @Test
    void servesHttpsWithTheConfiguredCertificate(@TempDir Path workDir) throws Exception {
        Path keyStore = workDir.resolve("latchkey.p12");
        Path certificate = workDir.resolve("latchkey.pem");
        keytool("-genkeypair", "-alias", "latchkey", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "latchkey", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        String adminKey = RunningJar.generateKey();
        String httpsPort = String.valueOf(RunningJar.freePort());

        try (RunningJar jar = RunningJar.startHttps(workDir, Map.of(
                "LATCHKEY_BOOTSTRAP_ADMIN_KEY", adminKey,
                "MICRONAUT_SERVER_SSL_ENABLED", "true",
                "MICRONAUT_SERVER_SSL_PORT", httpsPort,
                "MICRONAUT_SERVER_SSL_KEY_STORE_PATH", "file:" + keyStore,
                "MICRONAUT_SERVER_SSL_KEY_STORE_TYPE", "PKCS12",
                "MICRONAUT_SERVER_SSL_KEY_STORE_PASSWORD", PASSWORD), certificate)) {
            String me = RunningJar.curl("-s", "--cacert", certificate.toString(), "-H", "X-API-Key: " + adminKey,
                    "https://localhost:" + httpsPort + "/v1/me");
            assertThat(me).contains("\"name\":\"admin\"").contains("\"scopes\":[\"admin\"]");
            assertThat(RunningJar.curl("-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "https://localhost:" + httpsPort + "/livez"))
                    .as("a client that does not trust the certificate is refused by its own TLS check").isEqualTo("000");
            assertThat(RunningJar.curl("-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "http://127.0.0.1:" + jar.port() + "/livez")).as("no plain HTTP beside HTTPS").isEqualTo("000");
            assertThat(jar.log()).doesNotContain(adminKey).doesNotContain(PASSWORD);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("keytool %s: %s", args[0], output).isZero();
    }
}
