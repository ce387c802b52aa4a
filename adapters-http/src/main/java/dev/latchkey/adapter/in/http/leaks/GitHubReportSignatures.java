package dev.latchkey.adapter.in.http.leaks;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
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
 * no signed report is accepted. A file that cannot be read stops the start, naming the file.
 */
@Singleton
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
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(body);
            return ecdsa.verify(Base64.getDecoder().decode(signature.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // not base64, not DER, not an EC signature: not a valid one
        }
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
            throw new IllegalStateException("latchkey.leaks.github-keys-file " + file + " cannot be read: "
                    + e.getClass().getSimpleName(), e);
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
