package dev.latchkey.application.service.leaks;

import dev.latchkey.application.port.in.keys.RevokeApiKey;
import dev.latchkey.application.port.in.leaks.ReportLeaks;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.service.audit.ChangeAudit;
import dev.latchkey.application.service.store.StoreTime;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.leak.LeakOutcome;
import dev.latchkey.domain.leak.LeakReport;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Leaked-key reports. A token is ours only when it parses (format and checksum, no lookup otherwise), its key id is
 * stored, and its secret and prefix match that key, the same test verification makes: a well-formed string with a
 * real key id but another secret changes nothing. A live key is revoked (policy {@code REVOKE}) or left working
 * (policy {@code FLAG}); either way the report is audited as {@code key.leaked} (code {@code REVOKED},
 * {@code FLAGGED} or, for a key revoked already, {@code NONE}; detail: where it was found) and a live key's is
 * announced as {@code key.leaked} (and {@code key.revoked} when it was revoked), all in one transaction per key.
 * Under {@code REVOKE}, every live key self-rotated from the reported one ({@code POST /v1/me/rotate}, transitively:
 * whoever held the leaked key could have made them) is revoked too, in that transaction, each audited and announced
 * as {@code key.revoked}; a replacement made by another caller's rotation ({@code keys:write}), and every key after
 * it, is left alone.
 */
public final class LeakService implements ReportLeaks {

    private final ApiKeys apiKeys;
    private final RevokeApiKey revokeApiKey;
    private final SecretHasher hasher;
    private final ChangeAudit audit;
    private final LeakOutcome.Policy policy;
    private final Clock clock;

    /** {@code revokeApiKey} revokes (and audits and announces the revocation) as any revocation does. */
    public LeakService(ApiKeys apiKeys, RevokeApiKey revokeApiKey, SecretHasher hasher, ChangeAudit audit,
                       LeakOutcome.Policy policy, Clock clock) {
        this.apiKeys = apiKeys;
        this.revokeApiKey = revokeApiKey;
        this.hasher = hasher;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    /** The keys of every token that parses are read in one query, not one per token (a report holds up to 1,000). */
    @Override
    public List<LeakOutcome> report(List<LeakReport> reports) {
        List<Optional<ApiKeyToken>> tokens = reports.stream().map(report -> ApiKeyToken.parse(report.token())).toList();
        Set<KeyId> ids = tokens.stream().flatMap(Optional::stream).map(ApiKeyToken::keyId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Map<KeyId, ApiKey> stored = ids.isEmpty() ? Map.of() : apiKeys.findByIds(ids);
        Set<KeyId> actedOn = new HashSet<>();
        List<LeakOutcome> outcomes = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            LeakReport report = reports.get(i);
            outcomes.add(tokens.get(i).flatMap(token -> genuineKey(token, stored, actedOn))
                    .map(key -> act(key, report)).orElse(LeakOutcome.NOT_OURS));
        }
        return outcomes;
    }

    /** A key reported twice in one report is read again the second time: the first report may have revoked it. */
    private Optional<ApiKey> genuineKey(ApiKeyToken token, Map<KeyId, ApiKey> stored, Set<KeyId> actedOn) {
        Optional<ApiKey> key = actedOn.add(token.keyId()) ? Optional.ofNullable(stored.get(token.keyId()))
                : apiKeys.findById(token.keyId());
        return key.filter(found -> found.prefix().equals(token.prefix())
                && hasher.matches(token, found.secretHash()));
    }

    private LeakOutcome act(ApiKey key, LeakReport report) {
        Instant now = StoreTime.now(clock);
        String where = report.url() != null ? report.url() : report.source();
        return audit.audited(() -> {
            if (key.honeytoken()) {
                // a planted decoy found: a breach signal, told as every leak is; nothing to revoke (it never
                // authenticates), and left as it is so that it keeps alerting
                audit.recordOutcome(AuditEventType.KEY_LEAKED, key.id(), key.owner(), now, "NONE", where);
                audit.announce(WebhookEventType.KEY_LEAKED, key.id(), key.owner(), now,
                        leaked(key, report, LeakOutcome.Action.NONE));
                return new LeakOutcome(LeakOutcome.Label.LATCHKEY_KEY, LeakOutcome.Action.NONE);
            }
            if (key.isRevoked()) {
                if (policy == LeakOutcome.Policy.REVOKE) {
                    revokeSelfRotatedSuccessors(key);
                }
                audit.recordOutcome(AuditEventType.KEY_LEAKED, key.id(), key.owner(), now, "NONE", where);
                return new LeakOutcome(LeakOutcome.Label.LATCHKEY_KEY, LeakOutcome.Action.NONE);
            }
            LeakOutcome.Action action = LeakOutcome.Action.FLAGGED;
            if (policy == LeakOutcome.Policy.REVOKE) {
                // in this transaction: the revocation and the report commit together; the key as stored after it
                // names the replacement of a rotation that committed meanwhile (none can follow a revocation)
                revokeSelfRotatedSuccessors(revokeApiKey.revoke(Caller.SERVICE, key.id()));
                action = LeakOutcome.Action.REVOKED;
            }
            audit.recordOutcome(AuditEventType.KEY_LEAKED, key.id(), key.owner(), now, action.name(), where);
            audit.announce(WebhookEventType.KEY_LEAKED, key.id(), key.owner(), now, leaked(key, report, action));
            return new LeakOutcome(LeakOutcome.Label.LATCHKEY_KEY, action);
        });
    }

    /**
     * Follows {@code revoked}'s rotations for as long as each replacement was made by the key it replaced, revoking
     * each. The next link is taken from each key as stored after its revocation, so a rotation that committed while
     * the walk went on is followed too, and once revoked a key cannot be rotated again: the walk ends where the line
     * ends.
     */
    private void revokeSelfRotatedSuccessors(ApiKey revoked) {
        KeyId next = revoked.rotatedTo();
        while (next != null) {
            Optional<ApiKey> successor = apiKeys.findById(next);
            if (successor.isEmpty() || !successor.get().lineage().selfRotated()) {
                return;
            }
            next = revokeApiKey.revoke(Caller.SERVICE, successor.get().id()).rotatedTo(); // audited as key.revoked
        }
    }

    private static Map<String, Object> leaked(ApiKey key, LeakReport report, LeakOutcome.Action action) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", key.name());
        data.put("action", action.wireName());
        if (report.url() != null) {
            data.put("url", report.url());
        }
        if (report.source() != null) {
            data.put("source", report.source());
        }
        if (key.honeytoken()) {
            data.put("honeytoken", "true");
        }
        return data;
    }
}
