package dev.latchkey.application.service.keys;

import dev.latchkey.application.port.in.keys.GetApiKey;
import dev.latchkey.application.port.in.keys.GetCurrentPrincipal;
import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.ListApiKeys;
import dev.latchkey.application.port.in.keys.RevokeApiKey;
import dev.latchkey.application.port.in.keys.RotateApiKey;
import dev.latchkey.application.port.in.keys.RotateOwnKey;
import dev.latchkey.application.port.in.keys.UpdateApiKey;
import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.service.audit.ChangeAudit;
import dev.latchkey.application.service.paging.Cursors;
import dev.latchkey.application.service.paging.Pages;
import dev.latchkey.application.service.store.StoreTime;
import dev.latchkey.application.service.users.LiveUsers;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.access.AccessPolicies;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyNotFound;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyNotRotatable;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Issues, finds, lists, changes, rotates and revokes keys; a key may also rotate itself. */
public final class ApiKeyService implements IssueApiKey, ListApiKeys, GetApiKey, RevokeApiKey, GetCurrentPrincipal,
        UpdateApiKey, RotateApiKey, RotateOwnKey {

    private final Users users;
    private final ApiKeys apiKeys;
    private final SecretHasher hasher;
    private final ChangeAudit audit;
    private final Clock clock;
    private final RandomGenerator random;
    private final KeyPrefix defaultPrefix;
    private final Duration selfMaxGrace;

    /** {@code selfMaxGrace}: the longest grace of a self-rotation, at most {@link RotateApiKey.Command#MAX_GRACE}. */
    public ApiKeyService(Users users, ApiKeys apiKeys, SecretHasher hasher, ChangeAudit audit, Clock clock,
                         RandomGenerator random, KeyPrefix defaultPrefix, Duration selfMaxGrace) {
        if (selfMaxGrace.isNegative() || selfMaxGrace.compareTo(RotateApiKey.Command.MAX_GRACE) > 0) {
            throw new IllegalArgumentException("latchkey.rotation.self-max-grace must be between 0s and "
                    + RotateApiKey.Command.MAX_GRACE_SECONDS + "s, not " + selfMaxGrace);
        }
        this.selfMaxGrace = selfMaxGrace;
        this.audit = audit;
        this.users = users;
        this.apiKeys = apiKeys;
        this.hasher = hasher;
        this.clock = clock;
        this.random = random;
        this.defaultPrefix = defaultPrefix;
    }

    @Override
    public IssuedApiKey issue(Caller caller, IssueApiKey.Command command) {
        AccessPolicies.requireMayGrant(caller, command.scopes());
        if (command.honeytoken()) {
            AccessPolicies.requireMayIssueHoneytoken(caller);
        }
        existingOwner(command.owner());
        Instant now = StoreTime.now(clock);
        ApiKeyToken token = ApiKeyToken.generate(command.prefix().orElse(defaultPrefix), random);
        Instant expiresAt = command.expiresAt().map(StoreTime::precisionOf).orElse(null);
        ApiKey key = ApiKey.issue(token, hasher, command.owner(), command.name(), command.scopes(), now, expiresAt)
                .withMeta(command.meta().orElse(null))
                .withRateLimit(command.rateLimit().orElse(null))
                .withRemaining(command.remaining().orElse(null))
                .withAllowedCidrs(command.allowedCidrs().orElse(null))
                .withAlerts(command.alerts().orElse(null));
        ApiKey issued = command.honeytoken() ? key.asHoneytoken() : key;
        return audit.audited(() -> {
            apiKeys.add(issued);
            audit.record(AuditEventType.KEY_ISSUED, issued.id(), issued.owner(), now);
            audit.announce(WebhookEventType.KEY_ISSUED, issued.id(), issued.owner(), now,
                    Map.of("name", issued.name()));
            return new IssuedApiKey(issued, token.value());
        });
    }

    @Override
    public Page<ApiKey> list(Caller caller, UserId owner, PageRequest page, boolean includeRevoked,
                             Optional<Boolean> honeytoken) {
        if (honeytoken.isPresent()) {
            AccessPolicies.requireMaySeeHoneytokens(caller);
        }
        Optional<ApiKeys.Position> after = page.cursor().map(Cursors::toKey);
        existingOwner(owner);
        List<ApiKey> found = apiKeys.listByOwner(owner, after, page.limit() + 1, includeRevoked, honeytoken);
        return Pages.of(found, page.limit(), last -> Cursors.ofKey(new ApiKeys.Position(last.createdAt(), last.id())));
    }

    @Override
    public ApiKey get(KeyId id) {
        return apiKeys.findById(id).orElseThrow(() -> new ApiKeyNotFound(id));
    }

    @Override
    public ApiKey revoke(Caller caller, KeyId id) {
        AccessPolicies.requireMayManage(caller, get(id));
        Instant now = StoreTime.now(clock);
        return audit.audited(() -> {
            ApiKeys.Revocation revocation = apiKeys.revoke(id, now).orElseThrow(() -> new ApiKeyNotFound(id));
            ApiKey stored = revocation.key();
            if (revocation.changed()) { // this call revoked it; revoking again changes nothing
                audit.record(AuditEventType.KEY_REVOKED, id, stored.owner(), now);
                audit.announce(WebhookEventType.KEY_REVOKED, id, stored.owner(), now, Map.of("name", stored.name()));
            }
            return stored;
        });
    }

    @Override
    public ApiKey update(Caller caller, UpdateApiKey.Command command) {
        ApiKey key = get(command.id());
        AccessPolicies.requireMayManage(caller, key);
        DetailChanges changes = command.changes();
        changes.scopes().ifPresent(scopes -> AccessPolicies.requireMayGrant(caller, scopes));
        Instant now = StoreTime.now(clock);
        ApiKey changed = key;
        if (changes.name().isPresent()) {
            changed = changed.renamed(changes.name().get());
        }
        if (changes.scopes().isPresent()) {
            changed = changed.withScopes(changes.scopes().get());
        }
        if (changes.expiresAt().isPresent()) {
            changed = changed.expiringAt(changes.expiresAt().get().map(StoreTime::precisionOf).orElse(null), now);
        }
        if (changes.meta().isPresent()) {
            changed = changed.withMeta(changes.meta().get().orElse(null));
        }
        if (changes.rateLimit().isPresent()) {
            changed = changed.withRateLimit(changes.rateLimit().get().orElse(null));
        }
        if (changes.remaining().isPresent()) {
            changed = changed.withRemaining(changes.remaining().get().orElse(null));
        }
        if (changes.allowedCidrs().isPresent()) {
            changed = changed.withAllowedCidrs(changes.allowedCidrs().get().orElse(null));
        }
        if (changes.alerts().isPresent()) {
            changed = changed.withAlerts(changes.alerts().get());
        }
        if (changed == key) {
            return key;
        }
        // only what was sent is written, onto the row as it is then: a use, a rotation or a revocation since the read stays
        DetailChanges sent = changes.expiresAt().isEmpty() ? changes
                : changes.withExpiresAt(changes.expiresAt().get().map(StoreTime::precisionOf).orElse(null));
        return audit.audited(() -> {
            ApiKey written = apiKeys.updateDetails(key.id(), sent).orElseThrow(() -> new ApiKeyNotFound(key.id()));
            audit.record(AuditEventType.KEY_UPDATED, written.id(), written.owner(), now);
            return written;
        });
    }

    @Override
    public IssuedApiKey rotate(Caller caller, RotateApiKey.Command command) {
        ApiKey key = get(command.id());
        AccessPolicies.requireMayManage(caller, key);
        // a key replacing itself, or a key of its own line, by this route is a self-rotation, with its rules
        boolean self = caller.keyId() != null && (caller.keyId().equals(key.id())
                || apiKeys.findById(caller.keyId()).filter(own -> own.limitsKeyId().equals(key.limitsKeyId())).isPresent());
        if (self) {
            requireSelfRotation(caller, command.gracePeriod());
        }
        return rotate(key, command.gracePeriod(), self);
    }

    @Override
    public IssuedApiKey rotateOwn(RotateOwnKey.Command command) {
        ApiKey key = get(command.id());
        requireSelfRotation(Caller.ofKey(key.id(), key.scopes()), command.gracePeriod());
        return rotate(key, command.gracePeriod(), true);
    }

    /** A key rotating itself holds {@code me:rotate}, and its grace is capped by the self-service maximum. */
    private void requireSelfRotation(Caller caller, Duration gracePeriod) {
        AccessPolicies.requireMayRotateItself(caller);
        if (gracePeriod.isNegative() || gracePeriod.compareTo(selfMaxGrace) > 0) {
            throw new InvalidValueException("gracePeriodSeconds", "gracePeriodSeconds must be between 0 and "
                    + selfMaxGrace.toSeconds() + " (latchkey.rotation.self-max-grace) for a key rotating itself");
        }
    }

    /** Rotates {@code key} as read and checked: the replacement holds exactly the scopes the caller was checked for. */
    private IssuedApiKey rotate(ApiKey key, Duration gracePeriod, boolean self) {
        existingOwner(key.owner());
        ApiKeyToken token = ApiKeyToken.generate(key.prefix(), random);
        Instant now = StoreTime.now(clock);
        ApiKey.Rotation rotation = key.rotate(token, hasher, now, gracePeriod, self);
        return audit.audited(() -> {
            if (!apiKeys.rotate(rotation)) {
                throw new KeyNotRotatable(key.id(), "it was rotated or revoked meanwhile");
            }
            audit.record(AuditEventType.KEY_ROTATED, key.id(), key.owner(), now);
            audit.announce(WebhookEventType.KEY_ROTATED, key.id(), key.owner(), now, rotated(rotation));
            audit.record(AuditEventType.KEY_ISSUED, rotation.replacement().id(), key.owner(), now);
            return new IssuedApiKey(rotation.replacement(), token.value());
        });
    }

    @Override
    public Principal of(KeyId authenticatedKey) {
        ApiKey key = get(authenticatedKey);
        return new Principal(existingOwner(key.owner()), key);
    }

    /** What {@code key.rotated} tells: the replacement's id and when the old key stops working. */
    private static Map<String, Object> rotated(ApiKey.Rotation rotation) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", rotation.retired().name());
        data.put("rotatedTo", rotation.replacement().id().value());
        data.put("expiresAt", rotation.retired().expiresAt().toString());
        return data;
    }

    private User existingOwner(UserId id) {
        return LiveUsers.require(users, id);
    }
}
