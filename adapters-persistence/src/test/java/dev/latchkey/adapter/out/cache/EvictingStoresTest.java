package dev.latchkey.adapter.out.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.memory.InMemoryStores;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The writes through this node evict what they change from its cache, as soon as they return. */
class EvictingStoresTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456Z");
    private static final SecretHasher HASHER =
            new SecretHasher("evicting-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final Random random = new Random(11);
    private final Stores store = InMemoryStores.empty();
    private final VerificationCache cache = new VerificationCache(
            new VerificationCache.Settings(1_000, Duration.ofSeconds(1), Duration.ZERO, 100), false,
            new SimpleMeterRegistry(), System::nanoTime);
    private final CachingVerifiableKeys verifiableKeys = new CachingVerifiableKeys(store.verifiableKeys(), cache);
    private final Users users = new EvictingUsers(store.users(), cache);
    private final ApiKeys apiKeys = new EvictingApiKeys(store.apiKeys(), cache);
    private final User owner = User.register(UserId.generate(T0, random), "Ada", null, null, T0);

    private ApiKey cachedKey() {
        ApiKey key = ApiKey.issue(ApiKeyToken.generate(KeyPrefix.DEFAULT, random), HASHER, owner.id(), "ci",
                Scopes.none(), T0, null);
        apiKeys.add(key);
        verifiableKeys.findForVerification(key.id());
        assertThat(verifiableKeys.findAtHand(key.id())).isPresent();
        return key;
    }

    @Test
    void revokingOrChangingAKeyEvictsItAndNoOther() {
        users.add(owner);
        ApiKey revoked = cachedKey();
        ApiKey changed = cachedKey();
        ApiKey untouched = cachedKey();

        apiKeys.revoke(revoked.id(), T0.plusSeconds(1));
        apiKeys.updateDetails(changed.id(), DetailChanges.NONE.withRemaining(5L));

        assertThat(verifiableKeys.findAtHand(revoked.id())).isEmpty();
        assertThat(verifiableKeys.findAtHand(changed.id())).isEmpty();
        assertThat(verifiableKeys.findAtHand(untouched.id())).isPresent();
        assertThat(verifiableKeys.findForVerification(revoked.id()).orElseThrow().isRevoked()).isTrue();
    }

    @Test
    void anUnknownIdIsForgottenOnceAKeyWithThatIdIsAdded() {
        users.add(owner);
        ApiKeyToken token = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);
        assertThat(verifiableKeys.findForVerification(token.keyId())).isEmpty();

        apiKeys.add(ApiKey.issue(token, HASHER, owner.id(), "ci", Scopes.parse(List.of("process")), T0, null));

        assertThat(verifiableKeys.findAtHand(token.keyId())).isEmpty();
        assertThat(verifiableKeys.findForVerification(token.keyId())).isPresent();
    }

    @Test
    void changingAnOwnerEvictsEveryKeyItHolds() {
        users.add(owner);
        ApiKey first = cachedKey();
        ApiKey second = cachedKey();

        users.update(owner.id(), new Users.Changes(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(UserStatus.DISABLED)), T0.plusSeconds(1));

        assertThat(verifiableKeys.findAtHand(first.id())).isEmpty();
        assertThat(verifiableKeys.findAtHand(second.id())).isEmpty();
        assertThat(verifiableKeys.findForVerification(first.id()).orElseThrow().ownerStatus())
                .isEqualTo(UserStatus.DISABLED);
    }
}
