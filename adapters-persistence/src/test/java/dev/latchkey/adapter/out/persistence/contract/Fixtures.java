package dev.latchkey.adapter.out.persistence.contract;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Users and keys to store in contract tests; times at microsecond precision, as the stores keep them. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456Z");
    static final SecretHasher HASHER =
            new SecretHasher("contract-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final Random random = new Random(2026);

    User user(String externalId) {
        return user(externalId, T0);
    }

    User user(String externalId, Instant at) {
        return User.register(UserId.generate(at, random), "Ada Lovelace", "ada@example.com", externalId, at);
    }

    ApiKeyToken token(String prefix) {
        return ApiKeyToken.generate(new KeyPrefix(prefix), random);
    }

    ApiKey key(User owner, Instant createdAt) {
        return key(owner, token("lk"), createdAt);
    }

    ApiKey key(User owner, ApiKeyToken token, Instant createdAt) {
        return ApiKey.issue(token, HASHER, owner.id(), "ci", Scopes.parse(List.of("process", "keys:read")),
                createdAt, createdAt.plusSeconds(3600));
    }
}
