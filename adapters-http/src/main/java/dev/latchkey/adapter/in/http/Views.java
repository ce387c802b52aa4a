package dev.latchkey.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.application.port.in.Page;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.user.User;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.usage.UsageBucket;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The JSON shapes of API.md §5 that responses carry. Absent values are written as {@code null}. */
final class Views {

    private Views() {
    }

    /** RFC 3339 in UTC, e.g. {@code 2026-11-22T10:15:30.123456Z}. */
    static String timestamp(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserView(String id, String name, @Nullable String email, @Nullable String externalId, String status,
                    String createdAt, String updatedAt) {
        static UserView of(User user) {
            return new UserView(user.id().value(), user.name(), user.email(), user.externalId(),
                    user.status().wireName(), timestamp(user.createdAt()), timestamp(user.updatedAt()));
        }
    }

    /** A key as listed and shown: never its secret nor its hash. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KeyView(String id, String userId, String name, String start, Set<String> scopes, String createdAt,
                   @Nullable String expiresAt, @Nullable String revokedAt, @Nullable String lastUsedAt,
                   @Nullable Map<String, Object> rateLimit, @Nullable Long remaining,
                   @Nullable @Schema(implementation = Map.class, nullable = true, description = "the owner's data: a JSON object, at most 4 KiB, nested at most 20 levels") JsonNode meta, @Nullable String rotatedTo) {
        /** Built through {@link KeyMeta#view}, which renders the metadata. */
        static KeyView of(ApiKey key, JsonNode meta) {
            return new KeyView(key.id().value(), key.owner().value(), key.name(), key.start(), key.scopes().names(),
                    timestamp(key.createdAt()), timestamp(key.expiresAt()), timestamp(key.revokedAt()),
                    timestamp(key.lastUsedAt()),
                    key.rateLimit() == null ? null : Map.of("limit", key.rateLimit().limit(),
                            "periodSeconds", key.rateLimit().periodSeconds()),
                    key.remaining(), meta,
                    key.rotatedTo() == null ? null : key.rotatedTo().value());
        }
    }

    /** A key just issued: the only response that ever carries the full key. */
    @Serdeable
    record IssuedKeyView(@JsonUnwrapped KeyView details, String key) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ItemsView<T>(List<T> items, @Nullable String nextCursor) {
        static <S, T> ItemsView<T> of(Page<S> page, Function<S, T> view) {
            return new ItemsView<>(page.items().stream().map(view).toList(), page.nextCursor().orElse(null));
        }
    }

    @Serdeable
    record MeView(UserView user, KeyView key) {
    }

    /** One audit event; {@code outcome} is {@code success} or {@code failure}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AuditEventView(String id, String at, String type,
                          @Schema(allowableValues = {"success", "failure"}) String outcome, @Nullable String code,
                          @Nullable String keyId, @Nullable String userId, @Nullable String actorKeyId,
                          @Nullable String clientIp, @Nullable String requestId) {
        static AuditEventView of(AuditEvent event) {
            return new AuditEventView(Long.toString(event.id()), timestamp(event.at()), event.type().wireName(),
                    event.success() ? "success" : "failure", event.code(),
                    event.keyId() == null ? null : event.keyId().value(),
                    event.userId() == null ? null : event.userId().value(),
                    event.actorKeyId() == null ? null : event.actorKeyId().value(), event.clientIp(),
                    event.requestId());
        }
    }

    @Serdeable
    record UsageBucketView(String start, long valid, long rejected) {
        static UsageBucketView of(UsageBucket bucket) {
            return new UsageBucketView(timestamp(bucket.start()), bucket.valid(), bucket.rejected());
        }
    }

    @Serdeable
    record UsageView(String keyId, String granularity, String from, String to, List<UsageBucketView> buckets) {
    }
}
