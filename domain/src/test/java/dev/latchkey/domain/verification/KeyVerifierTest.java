package dev.latchkey.domain.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class KeyVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private static final String CLIENT = "203.0.113.7";
    private final SecretHasher hasher = new SecretHasher("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final KeyVerifier verifier = new KeyVerifier(hasher);
    private final Random random = new Random(3);
    private final ApiKeyToken token = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);
    private final UserId owner = UserId.generate(NOW, random);
    private final List<KeyId> lookups = new ArrayList<>();

    private ApiKey key(Instant expiresAt) {
        return ApiKey.issue(token, hasher, owner, "ci", Scopes.parse(List.of("process")), NOW.minusSeconds(60), expiresAt);
    }

    private KeyVerifier.KeyLookup storeWith(ApiKey key, UserStatus ownerStatus) {
        return keyId -> {
            lookups.add(keyId);
            return key.id().equals(keyId) ? Optional.of(VerifiableKey.of(key, ownerStatus)) : Optional.empty();
        };
    }

    private Verification verify(String presented, KeyVerifier.KeyLookup lookup, Scope... required) {
        return verifier.verify(presented, Set.of(required), NOW, CLIENT, lookup);
    }

    @Test
    void acceptsAGenuineKeyOfAnActiveOwner() {
        ApiKey key = key(null);

        Verification result = verify(token.value(), storeWith(key, UserStatus.ACTIVE), new Scope("process"));

        assertThat(result).isEqualTo(new Verification.Valid(VerifiableKey.of(key, UserStatus.ACTIVE)));
        assertThat(lookups).containsExactly(token.keyId());
    }

    @Test
    void aKeyWorksOnlyWithThePrefixItWasIssuedWith() {
        ApiKey key = key(null);
        String body = token.value().substring(token.value().lastIndexOf('_') + 1, token.value().length() - 6);
        String reprefixed = withChecksum("acme_live_" + body);
        assertThat(ApiKeyToken.parse(reprefixed)).as("well-formed, checksum and all").isPresent();

        Verification result = verify(reprefixed, storeWith(key, UserStatus.ACTIVE));

        assertThat(result).isEqualTo(new Verification.Rejected(RejectionReason.NOT_FOUND, Optional.of(token.keyId())));
    }

    /** {@code unchecked} with the format's CRC32 checksum appended (6 base62 digits). */
    private static String withChecksum(String unchecked) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(unchecked.getBytes(StandardCharsets.UTF_8));
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] digits = new char[6];
        long rest = crc.getValue();
        for (int i = 5; i >= 0; i--) {
            digits[i] = alphabet.charAt((int) (rest % 62));
            rest /= 62;
        }
        return unchecked + new String(digits);
    }

    @Test
    void aMalformedKeyNeverReachesTheStore() {
        Verification result = verify(token.value().substring(1), storeWith(key(null), UserStatus.ACTIVE));

        assertThat(result).isEqualTo(new Verification.Rejected(RejectionReason.MALFORMED, Optional.empty()));
        assertThat(lookups).isEmpty();
    }

    @Test
    void anUnknownKeyIdIsNotFound() {
        ApiKeyToken stranger = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);

        Verification result = verify(stranger.value(), storeWith(key(null), UserStatus.ACTIVE));

        assertThat(result).isEqualTo(new Verification.Rejected(RejectionReason.NOT_FOUND, Optional.of(stranger.keyId())));
    }

    @Test
    void aWrongSecretIsNotFoundEvenWhenTheKeyIsRevoked() {
        ApiKey revoked = key(null).revokedAt(NOW);
        ApiKeyToken sameIdOtherSecret = forgeWithSameKeyId();

        Verification result = verify(sameIdOtherSecret.value(), storeWith(revoked, UserStatus.DISABLED));

        assertThat(result).isEqualTo(new Verification.Rejected(RejectionReason.NOT_FOUND, Optional.of(token.keyId())));
    }

    @Test
    void anUnknownIdCostsTheOneKeyedHashAWrongSecretCosts() {
        VerifiableKey known = VerifiableKey.of(key(null), UserStatus.ACTIVE);
        ApiKeyToken wrongSecret = forgeWithSameKeyId();
        ApiKeyToken unknown = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);

        CountingHmac.installedFor(() -> {
            KeyVerifier counted = new KeyVerifier(
                    new SecretHasher("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
            int start = CountingHmac.finished();
            Verification refusedKnown = counted.decide(wrongSecret, Optional.of(known), Set.of(), NOW, CLIENT);
            int afterKnown = CountingHmac.finished();
            Verification refusedUnknown = counted.decide(unknown, Optional.empty(), Set.of(), NOW, CLIENT);
            int afterUnknown = CountingHmac.finished();

            assertThat(refusedKnown).isEqualTo(new Verification.Rejected(RejectionReason.NOT_FOUND,
                    Optional.of(token.keyId())));
            assertThat(refusedUnknown).isEqualTo(new Verification.Rejected(RejectionReason.NOT_FOUND,
                    Optional.of(unknown.keyId())));
            assertThat(afterKnown - start).as("a known id with a wrong secret: one keyed hash").isEqualTo(1);
            assertThat(afterUnknown - afterKnown).as("an unknown id: one keyed hash, over the dummy hash").isEqualTo(1);
        });
    }

    @Test
    void aHoneytokenWithItsSecretIsRefusedAsAWrongSecretWithTheSameWorkAndOnlyAMarkerTells() {
        ApiKey honeytoken = key(null).asHoneytoken();
        ApiKeyToken wrongSecret = forgeWithSameKeyId();

        CountingHmac.installedFor(() -> {
            KeyVerifier counted = new KeyVerifier(
                    new SecretHasher("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
            VerifiableKey found = VerifiableKey.of(honeytoken, UserStatus.ACTIVE);
            int start = CountingHmac.finished();
            Verification genuine = counted.decide(token, Optional.of(found), Set.of(new Scope("process")), NOW,
                    CLIENT);
            int afterGenuine = CountingHmac.finished();
            Verification guessed = counted.decide(wrongSecret, Optional.of(found), Set.of(), NOW, CLIENT);
            int afterGuessed = CountingHmac.finished();

            Verification.Rejected honey = (Verification.Rejected) genuine;
            Verification.Rejected wrong = (Verification.Rejected) guessed;
            assertThat(honey.reason()).isEqualTo(wrong.reason()).isEqualTo(RejectionReason.NOT_FOUND);
            assertThat(honey.keyId()).isEqualTo(wrong.keyId()).contains(token.keyId());
            assertThat(honey.rateLimit()).isEqualTo(wrong.rateLimit()).isEmpty();
            assertThat(honey.toString()).isEqualTo(wrong.toString()).doesNotContain("honeytoken");
            assertThat(honey.honeytoken()).isTrue();
            assertThat(wrong.honeytoken()).as("a guess at a honeytoken's secret is a plain wrong secret").isFalse();
            assertThat(afterGenuine - start).as("one keyed hash, as a wrong secret").isEqualTo(1);
            assertThat(afterGuessed - afterGenuine).isEqualTo(1);
        });
    }

    @Test
    void aHoneytokensSecretUnderAnotherPrefixStillAlerts() {
        ApiKeyToken otherPrefix = forge("zz", token.secret());
        Verification result = verify(otherPrefix.value(), storeWith(key(null).asHoneytoken(), UserStatus.ACTIVE));
        assertThat(result).as("its secret was used: the alert is due").isEqualTo(
                Verification.Rejected.honeytoken(token.keyId()));
    }

    @Test
    void aRevokedExpiredOrDisabledHoneytokenStillOnlyAlerts() {
        for (ApiKey honeytoken : List.of(key(null).asHoneytoken().revokedAt(NOW), key(NOW).asHoneytoken())) {
            Verification result = verify(token.value(), storeWith(honeytoken, UserStatus.DISABLED));
            assertThat(result).isEqualTo(Verification.Rejected.honeytoken(token.keyId()));
        }
        assertThat(VerificationEvent.of(Verification.Rejected.honeytoken(token.keyId()), NOW, CLIENT, "r", "/v1/auth",
                null, "curl/8")).satisfies(event -> {
                    assertThat(event.honeytoken()).isTrue();
                    assertThat(event.outcome()).isEqualTo("NOT_FOUND");
                    assertThat(event.userId()).as("as a wrong secret's event").isNull();
                    assertThat(event.userAgent()).isEqualTo("curl/8");
                });
    }

    @Test
    void revealsRevocationExpiryAndOwnerOnlyAfterTheSecretMatched() {
        assertThat(reason(key(null).revokedAt(NOW), UserStatus.ACTIVE)).isEqualTo(RejectionReason.REVOKED);
        assertThat(reason(key(NOW), UserStatus.ACTIVE)).isEqualTo(RejectionReason.EXPIRED);
        assertThat(reason(key(NOW.plusSeconds(1)), UserStatus.ACTIVE)).isNull();
        assertThat(reason(key(null), UserStatus.DISABLED)).isEqualTo(RejectionReason.DISABLED);
        assertThat(reason(key(null), UserStatus.DELETED)).isEqualTo(RejectionReason.DISABLED);
        assertThat(reason(key(null).revokedAt(NOW), UserStatus.DISABLED)).isEqualTo(RejectionReason.REVOKED);
    }

    @Test
    void refusesAKeyWithoutARequiredScope() {
        Verification result = verify(token.value(), storeWith(key(null), UserStatus.ACTIVE), Scope.KEYS_READ);

        assertThat(result).isEqualTo(new Verification.Rejected(RejectionReason.INSUFFICIENT_SCOPE, Optional.of(token.keyId())));
    }

    @Test
    void aKeyThatNamesItsAddressesWorksOnlyFromThem() {
        ApiKey key = key(null).withAllowedCidrs(AllowedCidrs.parse(List.of("203.0.113.0/24", "2001:db8::/32")));
        KeyVerifier.KeyLookup store = storeWith(key, UserStatus.ACTIVE);

        assertThat(verifier.verify(token.value(), Set.of(), NOW, "203.0.113.200", store).isValid()).isTrue();
        assertThat(verifier.verify(token.value(), Set.of(), NOW, "2001:db8:1::5", store).isValid()).isTrue();
        for (String elsewhere : new String[] {"198.51.100.7", "2001:db9::1", "::ffff:198.51.100.7", "localhost", "",
                null}) {
            assertThat(verifier.verify(token.value(), Set.of(), NOW, elsewhere, store)).as(String.valueOf(elsewhere))
                    .isEqualTo(new Verification.Rejected(RejectionReason.IP_NOT_ALLOWED, Optional.of(token.keyId())));
        }
        assertThat(verifier.verify(token.value(), Set.of(), NOW, null, storeWith(key(null), UserStatus.ACTIVE))
                .isValid()).as("a key without addresses works from anywhere, an unknown one too").isTrue();
    }

    @Test
    void theAddressIsCheckedAfterTheKeysStateAndBeforeItsScopes() {
        ApiKey key = key(null).withAllowedCidrs(AllowedCidrs.parse(List.of("203.0.113.0/24")));

        assertThat(verifier.verify(token.value(), Set.of(Scope.KEYS_READ), NOW, "198.51.100.7",
                storeWith(key, UserStatus.ACTIVE))).as("no word about the scopes to a client elsewhere")
                .isEqualTo(new Verification.Rejected(RejectionReason.IP_NOT_ALLOWED, Optional.of(token.keyId())));
        assertThat(verifier.verify(token.value(), Set.of(), NOW, "198.51.100.7",
                storeWith(key.revokedAt(NOW), UserStatus.ACTIVE)))
                .isEqualTo(new Verification.Rejected(RejectionReason.REVOKED, Optional.of(token.keyId())));
        assertThat(verifier.verify(token.value(), Set.of(Scope.KEYS_READ), NOW, "203.0.113.9",
                storeWith(key, UserStatus.ACTIVE)))
                .isEqualTo(new Verification.Rejected(RejectionReason.INSUFFICIENT_SCOPE, Optional.of(token.keyId())));
    }

    @Test
    void eachPolicyWorksAlone() {
        VerificationAttempt fine = new VerificationAttempt(VerifiableKey.of(key(null), UserStatus.ACTIVE), Set.of(), NOW,
                CLIENT);
        for (VerificationPolicy policy : VerificationPolicies.STANDARD) {
            assertThat(policy.check(fine)).isEmpty();
        }
        VerificationAttempt disabled = new VerificationAttempt(VerifiableKey.of(key(null), UserStatus.DISABLED), Set.of(), NOW,
                CLIENT);
        assertThat(VerificationPolicies.OWNER_ACTIVE.check(disabled)).contains(RejectionReason.DISABLED);
        assertThat(VerificationPolicies.NOT_REVOKED.check(disabled)).isEmpty();
    }

    private RejectionReason reason(ApiKey key, UserStatus ownerStatus) {
        Verification result = verify(token.value(), storeWith(key, ownerStatus));
        return result instanceof Verification.Rejected rejected ? rejected.reason() : null;
    }

    /** A well-formed key with the stored key id but another secret. */
    private ApiKeyToken forgeWithSameKeyId() {
        return forge("lk", "x".repeat(ApiKeyToken.SECRET_LENGTH));
    }

    /** A well-formed key with the stored key id, {@code prefix} and {@code secret}. */
    private ApiKeyToken forge(String prefix, String secret) {
        String unchecked = prefix + "_" + token.keyId().value() + secret;
        CRC32 crc = new CRC32();
        crc.update(unchecked.getBytes(StandardCharsets.UTF_8));
        long value = crc.getValue();
        StringBuilder checksum = new StringBuilder();
        for (int i = 0; i < ApiKeyToken.CHECKSUM_LENGTH; i++) {
            checksum.insert(0, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".charAt((int) (value % 62)));
            value /= 62;
        }
        return ApiKeyToken.parse(unchecked + checksum).orElseThrow();
    }
}
