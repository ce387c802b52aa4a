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
            .withMeta(new KeyMetadata("{\"team\":\"billing\"}"))
            .withAllowedCidrs(AllowedCidrs.parse(List.of("203.0.113.0/24")));

    @Test
    void aHoneytokenHasNoLimitsIsNeverRotatedAndKeepsItsKindThroughChanges() {
        ApiKey honeytoken = key.asHoneytoken();

        assertThat(honeytoken.honeytoken()).isTrue();
        assertThat(honeytoken.renamed("decoy").withScopes(Scopes.parse(List.of("admin"))).honeytoken()).isTrue();
        assertThat(honeytoken.presentedAgain(3).presentedAgain(2).honeytokenPresentations()).isEqualTo(5);
        assertThatThrownBy(() -> honeytoken.withRateLimit(new RateLimit(5, 60)))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("rateLimit");
        assertThatThrownBy(() -> honeytoken.withRemaining(5L))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("remaining");
        assertThatThrownBy(() -> key.withRemaining(5L).asHoneytoken())
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("remaining");
        assertThatThrownBy(() -> honeytoken.rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW,
                Duration.ZERO)).isInstanceOf(KeyNotRotatable.class).hasMessageContaining("honeytoken");
        assertThat(key.honeytoken()).isFalse();
    }

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
        assertThat(replacement.allowedCidrs()).isEqualTo(key.allowedCidrs());
        assertThat(hasher.matches(next, replacement.secretHash())).isTrue();
        assertThat(rotation.retired().expiresAt()).isEqualTo(NOW.plusSeconds(10).plus(Duration.ofHours(1)));
        assertThat(rotation.retired().rotatedTo()).isEqualTo(next.keyId());
    }

    @Test
    void rotationKeepsTheExpiryAndEveryLimitAndSharesTheQuotaAndBucketOfTheFirstKey() {
        ApiKey limited = key.withRateLimit(new RateLimit(3, 60)).withRemaining(5L);

        ApiKey replacement = limited.rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW.plusSeconds(10),
                Duration.ofHours(1), true).replacement();

        assertThat(replacement.expiresAt()).isEqualTo(key.expiresAt());
        assertThat(replacement.rateLimit()).isEqualTo(new RateLimit(3, 60));
        assertThat(replacement.remaining()).isEqualTo(5L);
        assertThat(replacement.createdAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(replacement.lineage()).isEqualTo(new KeyLineage(key.id(), true, key.id()));
        assertThat(replacement.limitsKeyId()).isEqualTo(key.id());
        assertThat(key.limitsKeyId()).isEqualTo(key.id());
        assertThat(key.lineage()).isEqualTo(KeyLineage.ISSUED);

        ApiKey third = replacement.rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW.plusSeconds(20),
                Duration.ofHours(1)).replacement();
        assertThat(third.lineage()).isEqualTo(new KeyLineage(replacement.id(), false, key.id()));
        assertThat(third.expiresAt()).isEqualTo(key.expiresAt());
    }

    @Test
    void aKeyWithoutExpiryRotatesIntoOneWithout() {
        ApiKey forever = key.expiringAt(null, NOW);

        assertThat(forever.rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW, Duration.ZERO)
                .replacement().expiresAt()).isNull();
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
    void theStoredKeyRetiredByARotationKeepsWhatChangedSince() {
        ApiKey.Rotation rotation = key.rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW,
                Duration.ofHours(1));
        ApiKey storedMeanwhile = key.withRemaining(4L).usedAt(NOW.plusSeconds(1));

        ApiKey retired = storedMeanwhile.retiredBy(rotation);

        assertThat(retired.expiresAt()).isEqualTo(rotation.retired().expiresAt());
        assertThat(retired.rotatedTo()).isEqualTo(rotation.replacement().id());
        assertThat(retired.remaining()).isEqualTo(4L);
        assertThat(retired.lastUsedAt()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void aChangedExpiryIsStoredAsSentButARotatedKeysGraceOnlyComesForward() {
        ApiKey retired = key.rotate(ApiKeyToken.generate(key.prefix(), random), hasher, NOW, Duration.ofHours(1))
                .retired();

        assertThat(key.expiryChangedTo(NOW.plusSeconds(30)).expiresAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(key.expiryChangedTo(NOW.plusSeconds(30)).expiryChangedTo(null).expiresAt()).isNull();
        assertThat(retired.expiryChangedTo(null).expiresAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(retired.expiryChangedTo(NOW.plusSeconds(7200)).expiresAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(retired.expiryChangedTo(NOW.plusSeconds(60)).expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(retired.expiryChangedTo(NOW.plusSeconds(60)).rotatedTo()).isEqualTo(retired.rotatedTo());
    }

    @Test
    void aUseNeverMovesTheLastUseBack() {
        ApiKey used = key.usedAt(NOW.plusSeconds(10));

        assertThat(used.usedAt(NOW.plusSeconds(5)).lastUsedAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(used.usedAt(NOW.plusSeconds(15)).lastUsedAt()).isEqualTo(NOW.plusSeconds(15));
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

    @Test
    void eachChangeReplacesItsOwnFieldsKeepsTheRestAndIsCheckedAsANewKey() {
        // built by the constructor alone, so that a change that loses a field cannot hide it here
        ApiKey limited = copy(key, "ci", key.scopes(), key.expiresAt(), null, null,
                new KeyMetadata("{\"team\":\"billing\"}"), new RateLimit(3, 60), 5L,
                AllowedCidrs.parse(List.of("203.0.113.0/24")));
        Scopes scopes = Scopes.parse(List.of("process", "report"));
        KeyMetadata meta = new KeyMetadata("{\"team\":\"ops\"}");
        AllowedCidrs cidrs = AllowedCidrs.parse(List.of("198.51.100.0/24"));
        Instant later = NOW.plusSeconds(60);

        assertThat(limited.renamed("deploy")).isEqualTo(copy(limited, "deploy", limited.scopes(), limited.expiresAt(),
                null, null, limited.meta(), limited.rateLimit(), 5L, limited.allowedCidrs()));
        assertThat(limited.withScopes(scopes)).isEqualTo(copy(limited, "ci", scopes, limited.expiresAt(), null, null,
                limited.meta(), limited.rateLimit(), 5L, limited.allowedCidrs()));
        assertThat(limited.expiringAt(later, NOW)).isEqualTo(copy(limited, "ci", limited.scopes(), later, null, null,
                limited.meta(), limited.rateLimit(), 5L, limited.allowedCidrs()));
        assertThat(limited.revokedAt(later)).isEqualTo(copy(limited, "ci", limited.scopes(), limited.expiresAt(),
                later, null, limited.meta(), limited.rateLimit(), 5L, limited.allowedCidrs()));
        assertThat(limited.usedAt(later)).isEqualTo(copy(limited, "ci", limited.scopes(), limited.expiresAt(), null,
                later, limited.meta(), limited.rateLimit(), 5L, limited.allowedCidrs()));
        assertThat(limited.withMeta(meta)).isEqualTo(copy(limited, "ci", limited.scopes(), limited.expiresAt(), null,
                null, meta, limited.rateLimit(), 5L, limited.allowedCidrs()));
        assertThat(limited.withRateLimit(null)).isEqualTo(copy(limited, "ci", limited.scopes(), limited.expiresAt(),
                null, null, limited.meta(), null, 5L, limited.allowedCidrs()));
        assertThat(limited.withRemaining(null)).isEqualTo(copy(limited, "ci", limited.scopes(), limited.expiresAt(),
                null, null, limited.meta(), limited.rateLimit(), null, limited.allowedCidrs()));
        assertThat(limited.withAllowedCidrs(cidrs)).isEqualTo(copy(limited, "ci", limited.scopes(),
                limited.expiresAt(), null, null, limited.meta(), limited.rateLimit(), 5L, cidrs));

        assertThatThrownBy(() -> limited.renamed(" ")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> limited.withRemaining(-1L)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> limited.withScopes(null)).isInstanceOf(NullPointerException.class);
    }

    /** {@code of} with the fields a change may touch set as given, every other field spelled out as {@code of} has it. */
    private static ApiKey copy(ApiKey of, String name, Scopes scopes, Instant expiresAt, Instant revokedAt,
                               Instant lastUsedAt, KeyMetadata meta, RateLimit rateLimit, Long remaining,
                               AllowedCidrs allowedCidrs) {
        return new ApiKey(of.id(), of.owner(), name, of.prefix(), of.secretHash(), scopes, of.createdAt(), expiresAt,
                revokedAt, lastUsedAt, meta, of.rotatedTo(), rateLimit, remaining, allowedCidrs, of.lineage(), of.alerts());
    }
}
