package dev.latchkey.adapter.in.http.leaks;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signatures of leak reports sent the way GitHub's secret-scanning partner program sends them: ECDSA with
 * SHA-256 over the raw body, base64 of the DER signature in {@code Github-Public-Key-Signature}, the key named by
 * {@code Github-Public-Key-Identifier}. The verification keys are the operator's, read at start from
 * {@code latchkey.leaks.github-keys-file}: a file in the format GitHub publishes them in
 * ({@code {"public_keys": [{"key_identifier": "...", "key": "-----BEGIN PUBLIC KEY-----..."}]}}). Without the file,
 * no signed report is accepted. A file that cannot be read stops the start, naming the file (read when the
 * application starts, not at the first report: a service that started healthy answered every report with a 500).
 * <p>
 * A signature whose r or s is 0, or not below the curve's order, is refused here, before the JDK sees it: a JDK
 * without the fix for CVE-2022-21449 (17.0.2 and before) accepts r = s = 0 as a signature of anything.
 */
@Context
final class GitHubReportSignatures {

    static final String IDENTIFIER_HEADER = "Github-Public-Key-Identifier";
    static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";

    private final Map<String, PublicKey> keys;

    GitHubReportSignatures(@Property(name = "latchkey.leaks.github-keys-file") @Nullable String keysFile,
                           JsonMapper json) {
        this.keys = keysFile == null || keysFile.isBlank() ? Map.of() : read(Path.of(keysFile), json);
    }

    boolean anyKeys() {
        return !keys.isEmpty();
    }

    /** Whether {@code signature} (base64 DER) is the named key's signature of {@code body}. */
    boolean verify(String identifier, String signature, byte[] body) {
        PublicKey key = identifier == null ? null : keys.get(identifier.strip());
        if (key == null || signature == null) {
            return false;
        }
        try {
            byte[] der = Base64.getDecoder().decode(signature.strip());
            if (!(key instanceof ECPublicKey ec) || !inRange(der, ec.getParams().getOrder())) {
                return false;
            }
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(body);
            return ecdsa.verify(der);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // not base64, not DER, not an EC signature: not a valid one
        }
    }

    /**
     * Whether {@code der} is exactly {@code SEQUENCE { INTEGER r, INTEGER s }} (DER, short or one-byte long lengths,
     * nothing after it) with 0 < r, s < {@code order}.
     */
    static boolean inRange(byte[] der, BigInteger order) {
        int[] at = {0};
        if (!tag(der, at, 0x30)) {
            return false;
        }
        int sequenceLength = length(der, at);
        if (sequenceLength < 0 || at[0] + sequenceLength != der.length) {
            return false;
        }
        BigInteger r = integer(der, at);
        BigInteger s = integer(der, at);
        return r != null && s != null && at[0] == der.length
                && r.signum() > 0 && r.compareTo(order) < 0 && s.signum() > 0 && s.compareTo(order) < 0;
    }

    private static boolean tag(byte[] der, int[] at, int expected) {
        return at[0] < der.length && (der[at[0]++] & 0xff) == expected;
    }

    private static int length(byte[] der, int[] at) {
        if (at[0] >= der.length) {
            return -1;
        }
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        if (first != 0x81 || at[0] >= der.length) {
            return -1; // an ECDSA signature on the curves GitHub uses is far shorter than 256 bytes
        }
        return der[at[0]++] & 0xff;
    }

    private static BigInteger integer(byte[] der, int[] at) {
        if (!tag(der, at, 0x02)) {
            return null;
        }
        int length = length(der, at);
        if (length <= 0 || at[0] + length > der.length) {
            return null;
        }
        BigInteger value = new BigInteger(Arrays.copyOfRange(der, at[0], at[0] + length));
        at[0] += length;
        return value;
    }

    private static Map<String, PublicKey> read(Path file, JsonMapper json) {
        try {
            JsonNode document = json.readValue(Files.readAllBytes(file), JsonNode.class);
            JsonNode entries = document == null ? null : document.get("public_keys");
            if (entries == null || !entries.isArray() || entries.size() == 0) {
                throw new IllegalStateException("latchkey.leaks.github-keys-file " + file
                        + ": expected {\"public_keys\": [{\"key_identifier\": ..., \"key\": <PEM>}, ...]}");
            }
            Map<String, PublicKey> read = new HashMap<>();
            for (JsonNode entry : entries.values()) {
                String identifier = text(entry, "key_identifier")
                        .orElseThrow(() -> new IllegalStateException(file + ": a key without key_identifier"));
                String pem = text(entry, "key").orElseThrow(() -> new IllegalStateException(file + ": key "
                        + identifier + " has no key"));
                read.put(identifier, publicKey(pem));
            }
            return Map.copyOf(read);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            // no cause: the start's one line names the deepest cause, which here would be the bare path
            throw new IllegalStateException("latchkey.leaks.github-keys-file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "): signed leak reports need it; fix it or unset "
                    + "LATCHKEY_LEAKS_GITHUB_KEYS_FILE");
        }
    }

    private static Optional<String> text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value != null && value.isString() ? Optional.of(value.getStringValue()) : Optional.empty();
    }

    private static PublicKey publicKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
