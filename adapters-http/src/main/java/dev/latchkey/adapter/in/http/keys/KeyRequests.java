package dev.latchkey.adapter.in.http.keys;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.JsonFields;

import dev.latchkey.application.port.in.keys.RotateApiKey;
import dev.latchkey.application.port.in.keys.UpdateApiKey;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.Cidr;
import dev.latchkey.domain.apikey.KeyAlerts;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON bodies of the key resource (docs/api-guide.md §5): issuing, patching and rotating keys, and their rate
 * limit. Unknown fields are ignored; required fields are {@code @Nullable} for the JSON reader so that bean
 * validation, not a parse error, reports them by name.
 */
final class KeyRequests {

    private KeyRequests() {
    }

    @Serdeable
    @Schema(name = "NewKey")
    record IssueKey(@Nullable @NotBlank @Size(max = ApiKey.MAX_NAME_LENGTH) String name,
                    @Nullable @NotNull @Size(max = Scopes.MAX_SCOPES) @ArraySchema(uniqueItems = true,
                            schema = @Schema(type = "string", pattern = ApiSchemas.SCOPE_PATTERN, maxLength = ApiSchemas.SCOPE_LENGTH))
                    List<@NotNull String> scopes,
                    @Nullable @Schema(pattern = ApiSchemas.PREFIX_PATTERN, maxLength = KeyPrefix.MAX_LENGTH,
                            description = "default: latchkey.keys.default-prefix (lk)") String prefix,
                    @Nullable @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                            description = "in the future") String expiresAt,
                    @Nullable @Schema(implementation = KeyRateLimit.class) Map<String, Object> rateLimit,
                    @Nullable @Min(0) @Schema(maximum = "" + Long.MAX_VALUE, format = "int64",
                            description = "uses left; absent: unlimited") Long remaining,
                    @Nullable @Schema(type = "object", implementation = Meta.class, nullable = true) JsonNode meta,
                    @Nullable @ArraySchema(minItems = 1, maxItems = AllowedCidrs.MAX_ENTRIES, arraySchema = @Schema(
                            description = ALLOWED_CIDRS), schema = @Schema(type = "string", maxLength = Cidr.MAX_TEXT_LENGTH,
                            example = "203.0.113.0/24")) List<@NotNull String> allowedCidrs,
                    @Nullable @Schema(implementation = KeyAlertsRequest.class,
                            description = "absent: every alert on")
                    Map<String, Object> alerts,
                    @Nullable @Schema(description = HONEYTOKEN, defaultValue = "false") Boolean honeytoken) {
    }

    static final String NEW_NETWORK = "key.new_network (webhook and audit event) the first time the key is used"
            + " successfully from an IPv4 /24 or IPv6 /48 it was not used from within latchkey.alerts.network-memory"
            + " (the first network a key is ever used from does not alert); default true";

    /** The alerts of an issue request; {@code null} when absent. */
    static KeyAlerts alerts(Map<String, Object> body) {
        if (body == null) {
            return null;
        }
        Object newNetwork = body.get("newNetwork");
        if (newNetwork != null && !(newNetwork instanceof Boolean)) {
            throw new InvalidValueException("alerts", "alerts.newNetwork must be true or false");
        }
        return newNetwork == null ? KeyAlerts.DEFAULT : new KeyAlerts((Boolean) newNetwork);
    }

    static final String HONEYTOKEN = "a honeytoken: a decoy key that never authenticates (every presentation is"
            + " answered as a wrong secret is) and alerts with key.honeytoken_used (docs/honeytokens.md). Only a key"
            + " holding admin issues one (else 403 insufficient_scope); it takes neither rateLimit nor remaining (400),"
            + " is never rotated, and no change makes a key one or stops it being one";

    static final String ALLOWED_CIDRS = "the client addresses the key may be used from: IPv4 or IPv6 blocks or bare"
            + " addresses, 1-" + AllowedCidrs.MAX_ENTRIES + "; a request from elsewhere gets 403 ip_not_allowed;"
            + " absent: any address";

    /** The listing's {@code honeytoken} filter: {@code true} or {@code false}, else 400; absent: none. */
    static Optional<Boolean> honeytokenFilter(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new InvalidValueException("honeytoken", "honeytoken must be true or false");
        };
    }

    /** The allowed addresses of an issue request; {@code null} when absent. */
    static AllowedCidrs allowedCidrs(List<String> texts) {
        return texts == null ? null : AllowedCidrs.parse(texts);
    }

    /** The rate limit of an issue request; {@code null} when absent. */
    static RateLimit rateLimit(Map<String, Object> body) {
        if (body == null) {
            return null;
        }
        Object limit = body.get("limit");
        Object period = body.get("periodSeconds");
        if (limit == null || period == null) {
            throw new InvalidValueException("rateLimit", "rateLimit needs both limit and periodSeconds");
        }
        return new RateLimit(JsonFields.boundedInt("rateLimit.limit", limit), JsonFields.boundedInt("rateLimit.periodSeconds", period));
    }

    /**
     * For the OpenAPI document: the fields PATCH /v1/keys/{keyId} reads, all optional; an absent field stays as it is,
     * {@code null} removes an expiry, the metadata, the rate limit or the quota.
     */
    @Schema(name = "KeyPatch")
    record KeyPatchDoc(@Schema(minLength = 1, maxLength = ApiKey.MAX_NAME_LENGTH, requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                               description = "not null: a key keeps a name") String name,
                       @Nullable @ArraySchema(maxItems = Scopes.MAX_SCOPES, uniqueItems = true, schema = @Schema(
                               pattern = ApiSchemas.SCOPE_PATTERN, maxLength = ApiSchemas.SCOPE_LENGTH))
                       List<String> scopes,
                       @Nullable @Schema(nullable = true, format = ApiSchemas.DATE_TIME,
                               maxLength = ApiSchemas.DATE_TIME_LENGTH, description = "null: never expires")
                       String expiresAt,
                       @Nullable @Schema(type = "object", implementation = Meta.class, nullable = true) Map<String, Object> meta,
                       @Nullable @Schema(description = "null removes the limit") KeyRateLimit rateLimit,
                       @Nullable @Schema(nullable = true, minimum = "0", maximum = "" + Long.MAX_VALUE,
                               format = "int64", description = "uses left; null: unlimited") Long remaining,
                       @Nullable @ArraySchema(minItems = 1, maxItems = AllowedCidrs.MAX_ENTRIES, arraySchema = @Schema(
                               nullable = true, description = "null: any address again; " + ALLOWED_CIDRS),
                               schema = @Schema(type = "string", maxLength = Cidr.MAX_TEXT_LENGTH))
                       List<String> allowedCidrs,
                       @Nullable @Schema(implementation = KeyAlertsRequest.class,
                               description = "null: every alert on again") Map<String, Object> alerts) {
    }

    /** POST /v1/keys/{keyId}/rotate: {@code gracePeriodSeconds} is required there (KeysController#rotate refuses without). */
    @Serdeable
    @Schema(name = "Rotation", requiredProperties = "gracePeriodSeconds")
    record Rotate(@Nullable @Min(0) @Max(RotateApiKey.Command.MAX_GRACE_SECONDS) @Schema(format = "int64",
            description = "how long the old key keeps working (at most 30 days)")
                  Long gracePeriodSeconds) {
    }

    /** A key's rotation of itself: the use case caps its grace ({@code latchkey.rotation.self-max-grace}). */
    @Serdeable
    @Schema(name = "OwnRotation")
    record RotateOwn(@Nullable @Min(0) @Schema(format = "int64", minimum = "0",
            maximum = "" + RotateApiKey.Command.MAX_GRACE_SECONDS, description = "how long the old key keeps working; "
            + "default 0; at most latchkey.rotation.self-max-grace (default 86400, never more than 2592000)")
                     Long gracePeriodSeconds) {
    }

    /**
     * A PATCH of a key: only the fields sent change; {@code null} removes {@code expiresAt}, {@code meta},
     * {@code rateLimit}, {@code remaining} or {@code allowedCidrs}.
     */
    static UpdateApiKey.Command keyPatch(KeyId id, JsonNode body, KeyMeta meta) {
        JsonFields.requireObject(body);
        if (body.get("honeytoken") != null) {
            throw new InvalidValueException("honeytoken", "honeytoken cannot be changed: a key is issued as a"
                    + " honeytoken or not, and stays so");
        }
        Optional<String> name = Optional.ofNullable(body.get("name")).map(node -> JsonFields.string("name", node, false));
        Optional<Scopes> scopes = Optional.ofNullable(body.get("scopes")).map(JsonFields::scopes);
        Optional<Optional<Instant>> expiresAt = Optional.ofNullable(body.get("expiresAt"))
                .map(node -> Optional.ofNullable(JsonFields.timestamp("expiresAt", JsonFields.string("expiresAt", node, true))));
        Optional<Optional<KeyMetadata>> metadata = Optional.ofNullable(body.get("meta"))
                .map(node -> Optional.ofNullable(meta.fromRequest(node)));
        Optional<Optional<RateLimit>> rateLimit = Optional.ofNullable(body.get("rateLimit"))
                .map(node -> node.isNull() ? Optional.empty() : Optional.of(rateLimit(node)));
        Optional<Optional<Long>> remaining = Optional.ofNullable(body.get("remaining"))
                .map(node -> node.isNull() ? Optional.empty() : Optional.of(remaining(node)));
        Optional<Optional<AllowedCidrs>> allowedCidrs = Optional.ofNullable(body.get("allowedCidrs"))
                .map(node -> node.isNull() ? Optional.empty()
                        : Optional.of(AllowedCidrs.parse(JsonFields.strings("allowedCidrs", node))));
        return new UpdateApiKey.Command(id, name, scopes, expiresAt, metadata, rateLimit, remaining, allowedCidrs)
                .withAlerts(Optional.ofNullable(body.get("alerts")).map(KeyRequests::patchedAlerts));
    }

    /** The alerts of a PATCH: {@code null} turns every alert on; an absent {@code newNetwork} leaves it alone. */
    private static KeyAlerts patchedAlerts(JsonNode node) {
        if (node.isNull()) {
            return KeyAlerts.DEFAULT;
        }
        if (!node.isObject()) {
            throw new InvalidValueException("alerts", "alerts must be an object {\"newNetwork\": true|false} or null");
        }
        JsonNode newNetwork = node.get("newNetwork");
        if (newNetwork == null) {
            return null;
        }
        if (!newNetwork.isBoolean()) {
            throw new InvalidValueException("alerts", "alerts.newNetwork must be true or false");
        }
        return new KeyAlerts(newNetwork.getBooleanValue());
    }

    private static RateLimit rateLimit(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidValueException("rateLimit", "rateLimit must be an object {\"limit\", \"periodSeconds\"}"
                    + " or null");
        }
        JsonNode limit = node.get("limit");
        JsonNode period = node.get("periodSeconds");
        if (limit == null || period == null) {
            throw new InvalidValueException("rateLimit", "rateLimit needs both limit and periodSeconds");
        }
        return new RateLimit(JsonFields.boundedInt("rateLimit.limit", limit.isNumber() ? limit.getNumberValue() : limit),
                JsonFields.boundedInt("rateLimit.periodSeconds", period.isNumber() ? period.getNumberValue() : period));
    }

    private static long remaining(JsonNode node) {
        long value = JsonFields.integer("remaining", node.isNumber() ? node.getNumberValue() : node);
        if (value < 0) {
            throw new InvalidValueException("remaining", "remaining must be 0 or more, or null for unlimited");
        }
        return value;
    }
}
