package dev.latchkey.application.service.users;

import dev.latchkey.application.port.in.users.EnsureBootstrapAdmin;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.service.store.StoreTime;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Ensures the operator's bootstrap key exists, owned by the {@code admin} user, with scope {@code admin}. */
public final class BootstrapAdminService implements EnsureBootstrapAdmin {

    /** The externalId that marks the bootstrap admin user. */
    public static final String ADMIN_EXTERNAL_ID = "latchkey:bootstrap-admin";
    static final String ADMIN_NAME = "admin";
    static final String KEY_NAME = "bootstrap admin key";

    private final Users users;
    private final ApiKeys apiKeys;
    private final SecretHasher hasher;
    private final Clock clock;
    private final RandomGenerator random;

    public BootstrapAdminService(Users users, ApiKeys apiKeys, SecretHasher hasher, Clock clock,
                                 RandomGenerator random) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.hasher = hasher;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public void ensure(ApiKeyToken bootstrapKey) {
        User admin = users.findByExternalId(ADMIN_EXTERNAL_ID).orElseGet(this::registerAdmin);
        Optional<ApiKey> existing = apiKeys.findById(bootstrapKey.keyId());
        if (existing.isPresent()) {
            ApiKey key = existing.get();
            if (!key.owner().equals(admin.id()) || !hasher.matches(bootstrapKey, key.secretHash())) {
                // the key id is public; the message names nothing secret
                throw new IllegalStateException("the bootstrap admin key's id " + key.id()
                        + " is already used by another key; generate a new bootstrap key");
            }
            return;
        }
        apiKeys.add(ApiKey.issue(bootstrapKey, hasher, admin.id(), KEY_NAME, Scopes.of(List.of(Scope.ADMIN)),
                StoreTime.now(clock), null));
    }

    private User registerAdmin() {
        Instant now = StoreTime.now(clock);
        User admin = User.register(UserId.generate(now, random), ADMIN_NAME, null, ADMIN_EXTERNAL_ID, now);
        users.add(admin);
        return admin;
    }
}
