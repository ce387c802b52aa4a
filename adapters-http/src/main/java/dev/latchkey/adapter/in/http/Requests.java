package dev.latchkey.adapter.in.http;

import dev.latchkey.application.port.in.RotateApiKey;
import dev.latchkey.application.port.in.UpdateApiKey;
import dev.latchkey.application.port.in.UpdateUser;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON bodies requests carry (docs/api-guide.md §5). Unknown fields are ignored. Required fields are
 * {@code @Nullable} for the JSON reader so that bean validation, not a parse error, reports them by name.
 */
final class Requests {

    private Requests() {
    }

    @Serdeable
    @Schema(name = "NewUser")
    record RegisterUser(@Nullable @NotBlank @Size(max = User.MAX_NAME_LENGTH) String name,
                        @Nullable @Size(max = User.MAX_EMAIL_LENGTH) @Schema(format = "email") String email,
                        @Nullable @Size(min = 1, max = User.MAX_EXTERNAL_ID_LENGTH)
                        @Schema(description = "your own id for the user; unique") String externalId) {
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
                    @Nullable @Schema(type = "object", implementation = RateLimitBody.class) Map<String, Object> rateLimit,
                    @Nullable @Min(0) @Schema(maximum = "" + Long.MAX_VALUE, format = "int64",
                            description = "uses left; absent: unlimited") Long remaining,
                    @Nullable @Schema(type = "object", implementation = KeyMeta.Doc.class, nullable = true) JsonNode meta) {
    }

    /**
     * A key's rate limit, at most {@code limit} uses per {@code periodSeconds}: how keys show it, and for the OpenAPI
     * document how requests send it (read as a JSON object by {@link #rateLimit(Map)}, so that a wrong type is refused
     * naming {@code rateLimit}).
     */
    @Serdeable
    @Schema(name = "RateLimit", requiredProperties = {"limit", "periodSeconds"})
    record RateLimitBody(@Min(1) @Max(RateLimit.MAX_LIMIT) @Schema(format = "int32") int limit,
                         @Min(1) @Max(RateLimit.MAX_PERIOD_SECONDS) @Schema(format = "int32") int periodSeconds) {
        static RateLimitBody of(RateLimit rateLimit) {
            return rateLimit == null ? null : new RateLimitBody(rateLimit.limit(), rateLimit.periodSeconds());
        }
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
        return new RateLimit(boundedInt("rateLimit.limit", limit), boundedInt("rateLimit.periodSeconds", period));
    }

    /** For the OpenAPI document: the fields PATCH /v1/users/{userId} reads (all optional). */
    @Schema(name = "UserPatch")
    record UserPatchDoc(@Nullable @Schema(minLength = 1, maxLength = User.MAX_NAME_LENGTH) String name,
                        @Nullable @Schema(nullable = true, format = "email", maxLength = User.MAX_EMAIL_LENGTH,
                                description = "null removes the address") String email,
                        @Nullable @Schema(allowableValues = {"active", "disabled"}) String status) {
    }

    /** For the OpenAPI document: the fields PATCH /v1/keys/{keyId} reads (all optional). */
    @Schema(name = "KeyPatch")
    record KeyPatchDoc(@Nullable @Schema(minLength = 1, maxLength = ApiKey.MAX_NAME_LENGTH) String name,
                       @Nullable @ArraySchema(maxItems = Scopes.MAX_SCOPES, uniqueItems = true, schema = @Schema(
                               pattern = ApiSchemas.SCOPE_PATTERN, maxLength = ApiSchemas.SCOPE_LENGTH))
                       List<String> scopes,
                       @Nullable @Schema(nullable = true, format = ApiSchemas.DATE_TIME,
                               maxLength = ApiSchemas.DATE_TIME_LENGTH, description = "null: never expires")
                       String expiresAt,
                       @Nullable @Schema(type = "object", implementation = KeyMeta.Doc.class, nullable = true) Map<String, Object> meta,
                       @Nullable @Schema(type = "object", nullable = true, description = "null removes the limit")
                       RateLimitBody rateLimit,
                       @Nullable @Schema(nullable = true, minimum = "0", maximum = "" + Long.MAX_VALUE,
                               format = "int64", description = "uses left; null: unlimited") Long remaining) {
    }

    @Serdeable
    @Schema(name = "Rotation")
    record Rotate(@Nullable @Min(0) @Max(RotateApiKey.Command.MAX_GRACE_SECONDS) @Schema(format = "int64",
            description = "how long the old key keeps working; default 0 for /v1/me/rotate")
                  Long gracePeriodSeconds) {
    }

    /**
     * A PATCH of a key: only the fields sent change; {@code null} removes {@code expiresAt}, {@code meta},
     * {@code rateLimit} or {@code remaining}.
     */
    static UpdateApiKey.Command keyPatch(KeyId id, JsonNode body, KeyMeta meta) {
        requireObject(body);
        Optional<String> name = Optional.ofNullable(body.get("name")).map(node -> string("name", node, false));
        Optional<Scopes> scopes = Optional.ofNullable(body.get("scopes")).map(Requests::scopes);
        Optional<Optional<Instant>> expiresAt = Optional.ofNullable(body.get("expiresAt"))
                .map(node -> Optional.ofNullable(timestamp("expiresAt", string("expiresAt", node, true))));
        Optional<Optional<KeyMetadata>> metadata = Optional.ofNullable(body.get("meta"))
                .map(node -> Optional.ofNullable(meta.fromRequest(node)));
        Optional<Optional<RateLimit>> rateLimit = Optional.ofNullable(body.get("rateLimit"))
                .map(node -> node.isNull() ? Optional.empty() : Optional.of(rateLimit(node)));
        Optional<Optional<Long>> remaining = Optional.ofNullable(body.get("remaining"))
                .map(node -> node.isNull() ? Optional.empty() : Optional.of(remaining(node)));
        return new UpdateApiKey.Command(id, name, scopes, expiresAt, metadata, rateLimit, remaining);
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
        return new RateLimit(boundedInt("rateLimit.limit", limit.isNumber() ? limit.getNumberValue() : limit),
                boundedInt("rateLimit.periodSeconds", period.isNumber() ? period.getNumberValue() : period));
    }

    private static long remaining(JsonNode node) {
        long value = integer("remaining", node.isNumber() ? node.getNumberValue() : node);
        if (value < 0) {
            throw new InvalidValueException("remaining", "remaining must be 0 or more, or null for unlimited");
        }
        return value;
    }

    /** An integer the domain bounds further; anything beyond an int is out of every bound. */
    private static int boundedInt(String field, Object value) {
        long whole = integer(field, value);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, whole));
    }

    /** A JSON whole number (anything else, a fraction, a string, is refused naming {@code field}). */
    private static long integer(String field, Object value) {
        if (value instanceof java.math.BigInteger big) {
            return big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)) {
            throw new InvalidValueException(field, field + " must be a whole number");
        }
        return ((Number) value).longValue();
    }

    private static Scopes scopes(JsonNode node) {
        if (!node.isArray()) {
            throw new InvalidValueException("scopes", "scopes must be an array of strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode element : node.values()) {
            names.add(string("scopes", element, false));
        }
        return Scopes.parse(names);
    }

    private static void requireObject(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidValueException("body", "the body must be a JSON object");
        }
    }

    @Serdeable
    @Schema(name = "ProcessRequest")
    record Process(@Nullable @NotBlank @Size(max = 64) @Schema(description = "SUCCESS is processed; any other is 422")
                   String status) {
    }

    /**
     * A PATCH of a user, read from the JSON tree so that an absent field (unchanged) differs from
     * {@code null} (cleared, for {@code email}).
     */
    static UpdateUser.Command userPatch(UserId id, JsonNode body) {
        requireObject(body);
        Optional<String> name = Optional.ofNullable(body.get("name")).map(node -> string("name", node, false));
        Optional<Optional<String>> email = Optional.ofNullable(body.get("email"))
                .map(node -> Optional.ofNullable(string("email", node, true)));
        Optional<UserStatus> status = Optional.ofNullable(body.get("status"))
                .map(node -> UserStatus.fromWireName(string("status", node, false)));
        return new UpdateUser.Command(id, name, email, status);
    }

    private static String string(String field, JsonNode value, boolean nullable) {
        if (value.isNull() && nullable) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidValueException(field, field + " must be a string" + (nullable ? " or null" : ""));
        }
        return value.getStringValue();
    }

    /** An RFC 3339 timestamp with an offset, as an instant; absent stays absent. */
    static Instant timestamp(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, field + " must be an RFC 3339 timestamp, e.g. 2026-11-22T10:15:30Z");
        }
    }
}
