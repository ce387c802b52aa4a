package dev.latchkey.adapter.in.http.leaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature check of leak reports on its own: r and s are checked against the curve's order before the JDK is
 * asked (a JDK without the CVE-2022-21449 fix accepts r = s = 0), and the keys file is read at start.
 */
class GitHubReportSignaturesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rAndSMustLieBetweenZeroAndTheOrderExclusive() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = generator.generateKeyPair();
        BigInteger order = ((ECPublicKey) pair.getPublic()).getParams().getOrder();
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(pair.getPrivate());
        ecdsa.update(new byte[] {1, 2, 3});
        byte[] genuine = ecdsa.sign();

        assertThat(GitHubReportSignatures.inRange(genuine, order)).isTrue();
        assertThat(GitHubReportSignatures.inRange(HEX.parseHex("3006020100020100"), order)).as("r = s = 0").isFalse();
        assertThat(GitHubReportSignatures.inRange(HEX.parseHex("3006020101020100"), order)).as("s = 0").isFalse();
        assertThat(GitHubReportSignatures.inRange(HEX.parseHex("3006020100020101"), order)).as("r = 0").isFalse();
        assertThat(GitHubReportSignatures.inRange(HEX.parseHex("30060201ff020101"), order)).as("r = -1").isFalse();
        assertThat(GitHubReportSignatures.inRange(HEX.parseHex("3006020101020101"), order)).as("r = s = 1").isTrue();
        assertThat(GitHubReportSignatures.inRange(sequence(order, BigInteger.ONE), order)).as("r = n").isFalse();
        assertThat(GitHubReportSignatures.inRange(sequence(BigInteger.ONE, order), order)).as("s = n").isFalse();
        assertThat(GitHubReportSignatures.inRange(sequence(BigInteger.ONE, order.subtract(BigInteger.ONE)), order))
                .as("s = n - 1").isTrue();
        assertThat(GitHubReportSignatures.inRange(HEX.parseHex("300602010102010100"), order)).as("a byte after it")
                .isFalse();
        assertThat(GitHubReportSignatures.inRange(HEX.parseHex("3007020101020101"), order)).as("cut short").isFalse();
        assertThat(GitHubReportSignatures.inRange(new byte[0], order)).isFalse();
    }

    @Test
    void anUnreadableKeysFileStopsTheStartNamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("github-keys.json");
        Path unreadable = Files.writeString(dir.resolve("garbled.json"), "{\"public_keys\": [{\"key_identifier\": "
                + "\"k\", \"key\": \"-----BEGIN PUBLIC KEY-----\\nbm90IGEga2V5\\n-----END PUBLIC KEY-----\"}]}");
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("rw-------"));

        for (Path file : new Path[] {missing, unreadable}) {
            assertThatThrownBy(() -> {
                // no bean asked for: starting is enough (before, the file was first read at the first report)
                ApplicationContext.run(Map.of("latchkey.leaks.github-keys-file", file.toString()), "test").close();
            }).rootCause().hasMessageStartingWith("latchkey.leaks.github-keys-file " + file + " cannot be read")
                    .hasMessageContaining("LATCHKEY_LEAKS_GITHUB_KEYS_FILE");
        }
    }

    private static byte[] sequence(BigInteger r, BigInteger s) {
        byte[] rBytes = r.toByteArray();
        byte[] sBytes = s.toByteArray();
        byte[] der = new byte[6 + rBytes.length + sBytes.length];
        der[0] = 0x30;
        der[1] = (byte) (4 + rBytes.length + sBytes.length);
        der[2] = 0x02;
        der[3] = (byte) rBytes.length;
        System.arraycopy(rBytes, 0, der, 4, rBytes.length);
        der[4 + rBytes.length] = 0x02;
        der[5 + rBytes.length] = (byte) sBytes.length;
        System.arraycopy(sBytes, 0, der, 6 + rBytes.length, sBytes.length);
        return der;
    }
}
