package dev.latchkey.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private final Random random = new Random(5);
    private final SecretHasher hasher = new SecretHasher("api-key-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final ApiKey key = ApiKey.issue(ApiKeyToken.generate(new KeyPrefix("acme"), random), hasher,
            UserId.generate(NOW, random), "ci", Scopes.parse(List.of("process")), NOW, NOW.plus(Duration.ofDays(30)))
            .withMeta(new KeyMetadata("{\"team\":\"billing\"}"));

    @Test
    void rotationCopiesTheKeyAndRetiresTheOldOneAfterTheGrace() {
        ApiKeyToken next = ApiKeyToken.generate(key.prefix(), random);

        ApiKey.Rotation rotation = key.rotate(next, hasher, NOW.plusSeconds(10), Duration.ofHours(1));

        ApiKey replacement = rotation.replacement();
        assertThat(replacement.id()).isEqualTo(next.keyId());
        assertThat(replacement.owner()).isEqualTo(key.owner());
        assertThat(replacement.name()).isEqualTo("ci");
        assertThat(replacement.scopes()).isEqualTo(key.scopes());
        assertThat(replacement.meta()).isEqualTo(key.meta());
        assertThat(hasher.matches(next, replacement.secretHash())).isTrue();
        assertThat(rotation.retired().expiresAt()).isEqualTo(NOW.plusSeconds(10).plus(Duration.ofHours(1)));
        assertThat(rotation.retired().rotatedTo()).isEqualTo(next.keyId());
    }

    @Test
    void theGraceNeverExtendsTheOldKeysLife() {
        ApiKey.Rotation rotation = key.rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW,
                Duration.ofDays(60));

        assertThat(rotation.retired().expiresAt()).isEqualTo(key.expiresAt());
    }

    @Test
    void revokedExpiredOrRotatedKeysCannotBeRotated() {
        ApiKey rotated = key.rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW, Duration.ZERO).retired();

        assertThatThrownBy(() -> key.revokedAt(NOW).rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW,
                Duration.ZERO)).isInstanceOf(KeyNotRotatable.class);
        assertThatThrownBy(() -> key.rotate(ApiKeyToken.generate(key.prefix(), random), hasher,
                NOW.plus(Duration.ofDays(31)), Duration.ZERO)).isInstanceOf(KeyNotRotatable.class);
        assertThatThrownBy(() -> rotated.rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW.minusSeconds(1),
                Duration.ZERO)).isInstanceOf(KeyNotRotatable.class);
    }

    @Test
    void metadataIsAJsonObjectOfAtMost4KiB() {
        assertThat(new KeyMetadata("{\"a\":\"" + "x".repeat(4000) + "\"}").json()).hasSizeLessThan(4097);
        assertThatThrownBy(() -> new KeyMetadata("{\"a\":\"" + "x".repeat(4096) + "\"}"))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new KeyMetadata("[1]")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void expiryMustBeInTheFutureOrAbsent() {
        assertThat(key.expiringAt(null, NOW).expiresAt()).isNull();
        assertThatThrownBy(() -> key.expiringAt(NOW, NOW)).isInstanceOf(InvalidValueException.class);
    }
}
