package dev.latchkey.adapter.in.http.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.Views;
import dev.latchkey.adapter.in.http.users.UserViews;
import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.usage.GetKeyUsage;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.Cidr;
import dev.latchkey.domain.apikey.KeyAlerts;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.usage.UsageBucket;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The JSON shapes of keys, the caller and key usage in responses. Absent values are written as {@code null}. */
final class KeyViews {

    private KeyViews() {
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
                   @Nullable KeyRateLimit rateLimit,
                   @Nullable @Schema(minimum = "0", maximum = "" + Long.MAX_VALUE, format = "int64", nullable = true,
                           description = "uses left; null: unlimited") Long remaining,
                   @Nullable @Schema(type = "object", implementation = Meta.class, nullable = true) JsonNode meta,
                   @Nullable @Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH, nullable = true,
                           description = "the key that replaced this one by rotation") String rotatedTo,
                   @Nullable @ArraySchema(maxItems = AllowedCidrs.MAX_ENTRIES, arraySchema = @Schema(nullable = true,
                           description = "the client addresses the key may be used from, in canonical form (a bare"
                                   + " address as /32 or /128); null: any address"),
                           schema = @Schema(type = "string", maxLength = Cidr.MAX_TEXT_LENGTH))
                   List<String> allowedCidrs,
                   KeyAlertsView alerts,
                   @Nullable @Schema(nullable = true, description = "a decoy that never authenticates and alerts when"
                           + " presented (docs/honeytokens.md); shown only to a key holding admin, null to any other")
                   Boolean honeytoken,
                   @Nullable @Schema(minimum = "0", maximum = "" + Long.MAX_VALUE, format = "int64", nullable = true,
                           description = "a honeytoken's presentations with its secret so far (written behind, at most"
                                   + " latchkey.audit.flush-interval late); null for other keys, and to a key that"
                                   + " does not hold admin")
                   Long honeytokenPresentations) {
        /**
         * Built through {@link KeyMeta#view}, which renders the metadata; {@code showHoneytoken}: whether the viewer
         * may tell honeytokens apart.
         */
        static KeyView of(ApiKey key, JsonNode meta, boolean showHoneytoken) {
            return new KeyView(key.id().value(), key.owner().value(), key.name(), key.start(), key.scopes().names(),
                    Views.timestamp(key.createdAt()), Views.timestamp(key.expiresAt()), Views.timestamp(key.revokedAt()),
                    Views.timestamp(key.lastUsedAt()), KeyRateLimit.of(key.rateLimit()), key.remaining(), meta,
                    key.rotatedTo() == null ? null : key.rotatedTo().value(),
                    key.allowedCidrs() == null ? null : key.allowedCidrs().texts(), KeyAlertsView.of(key.alerts()),
                    showHoneytoken ? key.honeytoken() : null,
                    showHoneytoken && key.honeytoken() ? key.honeytokenPresentations() : null);
        }
    }

    /** Which alerts a key raises. */
    @Serdeable
    @Schema(name = "KeyAlerts")
    record KeyAlertsView(@Schema(description = KeyRequests.NEW_NETWORK) boolean newNetwork) {
        static KeyAlertsView of(KeyAlerts alerts) {
            return new KeyAlertsView(alerts.newNetwork());
        }
    }

    /** A key just issued: the only response that ever carries the full key. */
    @Serdeable
    @Schema(name = "IssuedKey")
    record IssuedKeyView(@JsonUnwrapped KeyView details,
                         @Schema(description = "the full key: shown only here, never again", pattern = ApiSchemas.KEY_PATTERN,
                                 maxLength = ApiSchemas.KEY_LENGTH) String key) {
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

    @Serdeable
    @Schema(name = "Caller")
    record MeView(UserViews.UserView user, KeyView key) {
    }

    @Serdeable
    @Schema(name = "UsageBucket")
    record UsageBucketView(@Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH)
                           String start,
                           @Schema(minimum = "0", maximum = "" + Long.MAX_VALUE, format = "int64") long valid,
                           @Schema(minimum = "0", maximum = "" + Long.MAX_VALUE, format = "int64") long rejected) {
        static UsageBucketView of(UsageBucket bucket) {
            return new UsageBucketView(Views.timestamp(bucket.start()), bucket.valid(), bucket.rejected());
        }
    }

    /** A key's usage; {@code buckets} is always there, empty when nothing was counted (as the document requires it). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Usage")
    record UsageView(@Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH) String keyId,
                     @Schema(allowableValues = {"minute", "hour", "day"}) String granularity,
                     @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String from,
                     @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String to,
                     @ArraySchema(maxItems = GetKeyUsage.MAX_BUCKETS) List<UsageBucketView> buckets) {
    }
}
