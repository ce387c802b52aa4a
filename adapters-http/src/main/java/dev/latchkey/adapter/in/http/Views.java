package dev.latchkey.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.application.port.in.Page;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.user.User;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.latchkey.application.port.in.GetKeyUsage;
import dev.latchkey.application.port.in.PageRequest;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.usage.UsageBucket;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The JSON shapes of docs/api-guide.md §5 that responses carry. Absent values are written as {@code null}. */
final class Views {

    private Views() {
    }

    /** RFC 3339 in UTC, e.g. {@code 2026-11-22T10:15:30.123456Z}. */
    static String timestamp(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "User")
    record UserView(@Schema(pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH) String id,
                    @Schema(minLength = 1, maxLength = User.MAX_NAME_LENGTH) String name,
                    @Nullable @Schema(format = "email", maxLength = User.MAX_EMAIL_LENGTH, nullable = true)
                    String email,
                    @Nullable @Schema(maxLength = User.MAX_EXTERNAL_ID_LENGTH, nullable = true) String externalId,
                    @Schema(allowableValues = {"active", "disabled"}) String status,
                    @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String createdAt,
                    @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String updatedAt) {
        static UserView of(User user) {
            return new UserView(user.id().value(), user.name(), user.email(), user.externalId(),
                    user.status().wireName(), timestamp(user.createdAt()), timestamp(user.updatedAt()));
        }
    }

    /** A key as listed and shown: never its secret nor its hash. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Key")
    record KeyView(@Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH) String id,
                   @Schema(pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH) String userId,
                   @Schema(minLength = 1, maxLength = ApiKey.MAX_NAME_LENGTH) String name,
                   @Schema(description = "the prefix and the first 4 characters of the key id",
                           pattern = ApiSchemas.START_PATTERN, maxLength = ApiSchemas.START_LENGTH) String start,
                   @ArraySchema(maxItems = Scopes.MAX_SCOPES, uniqueItems = true, schema = @Schema(
                           pattern = ApiSchemas.SCOPE_PATTERN, maxLength = ApiSchemas.SCOPE_LENGTH))
                   Set<String> scopes,
                   @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String createdAt,
                   @Nullable @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                           nullable = true) String expiresAt,
                   @Nullable @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                           nullable = true) String revokedAt,
                   @Nullable @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                           nullable = true, description = "written behind: at most latchkey.last-use.precision late")
                   String lastUsedAt,
                   @Nullable @Schema(type = "object", nullable = true) Requests.RateLimitBody rateLimit,
                   @Nullable @Schema(minimum = "0", maximum = "" + Long.MAX_VALUE, format = "int64", nullable = true,
                           description = "uses left; null: unlimited") Long remaining,
                   @Nullable @Schema(type = "object", implementation = KeyMeta.Doc.class, nullable = true) JsonNode meta,
                   @Nullable @Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH, nullable = true,
                           description = "the key that replaced this one by rotation") String rotatedTo) {
        /** Built through {@link KeyMeta#view}, which renders the metadata. */
        static KeyView of(ApiKey key, JsonNode meta) {
            return new KeyView(key.id().value(), key.owner().value(), key.name(), key.start(), key.scopes().names(),
                    timestamp(key.createdAt()), timestamp(key.expiresAt()), timestamp(key.revokedAt()),
                    timestamp(key.lastUsedAt()), Requests.RateLimitBody.of(key.rateLimit()), key.remaining(), meta,
                    key.rotatedTo() == null ? null : key.rotatedTo().value());
        }
    }

    /** A key just issued: the only response that ever carries the full key. */
    @Serdeable
    @Schema(name = "IssuedKey")
    record IssuedKeyView(@JsonUnwrapped KeyView details,
                         @Schema(description = "the full key: shown only here, never again", pattern = ApiSchemas.KEY_PATTERN,
                                 maxLength = ApiSchemas.KEY_LENGTH) String key) {
    }

    /** A page of users; {@code nextCursor} is null on the last page. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "UserPage")
    record UserPage(@ArraySchema(maxItems = PageRequest.MAX_LIMIT) List<UserView> items,
                    @Nullable @Schema(pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH,
                            nullable = true) String nextCursor) {
        static UserPage of(Page<User> page) {
            return new UserPage(page.items().stream().map(UserView::of).toList(), page.nextCursor().orElse(null));
        }
    }

    /** A page of keys; {@code nextCursor} is null on the last page. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "KeyPage")
    record KeyPage(@ArraySchema(maxItems = PageRequest.MAX_LIMIT) List<KeyView> items,
                   @Nullable @Schema(pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH,
                           nullable = true) String nextCursor) {
        static KeyPage of(Page<ApiKey> page, Function<ApiKey, KeyView> view) {
            return new KeyPage(page.items().stream().map(view).toList(), page.nextCursor().orElse(null));
        }
    }

    /** A page of audit events, newest first; {@code nextCursor} is null on the last page. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "AuditEventPage")
    record AuditEventPage(@ArraySchema(maxItems = PageRequest.MAX_LIMIT) List<AuditEventView> items,
                          @Nullable @Schema(pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH,
                                  nullable = true) String nextCursor) {
        static AuditEventPage of(Page<AuditEvent> page) {
            return new AuditEventPage(page.items().stream().map(AuditEventView::of).toList(),
                    page.nextCursor().orElse(null));
        }
    }

    @Serdeable
    @Schema(name = "Caller")
    record MeView(UserView user, KeyView key) {
    }

    /** One audit event; {@code outcome} is {@code success} or {@code failure}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "AuditEvent")
    record AuditEventView(@Schema(pattern = "^[0-9]{1,19}$", maxLength = 19) String id,
                          @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String at,
                          @Schema(allowableValues = {"user.created", "user.updated", "user.deleted", "key.issued",
                                  "key.updated", "key.revoked", "key.rotated", "key.verified", "key.rejected"})
                          String type,
                          @Schema(allowableValues = {"success", "failure"}) String outcome,
                          @Nullable @Schema(nullable = true, maxLength = ApiSchemas.SHORT_TEXT_LENGTH,
                                  pattern = "^[A-Z_]{1,64}$", description = "a verification's verdict code")
                          String code,
                          @Nullable @Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH,
                                  nullable = true) String keyId,
                          @Nullable @Schema(pattern = ApiSchemas.USER_ID_PATTERN,
                                  maxLength = ApiSchemas.USER_ID_LENGTH, nullable = true) String userId,
                          @Nullable @Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH,
                                  nullable = true, description = "the key that made the change") String actorKeyId,
                          @Nullable @Schema(maxLength = AuditEvent.MAX_TEXT, nullable = true,
                                  pattern = "^[0-9a-fA-F.:]{2,64}$") String clientIp,
                          @Nullable @Schema(maxLength = AuditEvent.MAX_TEXT, nullable = true,
                                  pattern = "^[A-Za-z0-9._:-]{1,64}$") String requestId) {
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
    @Schema(name = "UsageBucket")
    record UsageBucketView(@Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH)
                           String start,
                           @Schema(minimum = "0", maximum = "" + Long.MAX_VALUE, format = "int64") long valid,
                           @Schema(minimum = "0", maximum = "" + Long.MAX_VALUE, format = "int64") long rejected) {
        static UsageBucketView of(UsageBucket bucket) {
            return new UsageBucketView(timestamp(bucket.start()), bucket.valid(), bucket.rejected());
        }
    }

    @Serdeable
    @Schema(name = "Usage")
    record UsageView(@Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH) String keyId,
                     @Schema(allowableValues = {"minute", "hour", "day"}) String granularity,
                     @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String from,
                     @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String to,
                     @ArraySchema(maxItems = GetKeyUsage.MAX_BUCKETS) List<UsageBucketView> buckets) {
    }
}
