package dev.latchkey.adapter.in.http;

import dev.latchkey.application.port.in.UpdateApiKey;
import dev.latchkey.application.port.in.UpdateUser;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
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
 * The JSON bodies requests carry (API.md §5). Unknown fields are ignored. Required fields are
 * {@code @Nullable} for the JSON reader so that bean validation, not a parse error, reports them by name.
 */
final class Requests {

    private Requests() {
    }

    @Serdeable
    record RegisterUser(@Nullable @NotBlank @Size(max = 200) String name,
                        @Nullable @Size(max = 254) String email,
                        @Nullable @Size(min = 1, max = 200) String externalId) {
    }

    @Serdeable
    record IssueKey(@Nullable @NotBlank @Size(max = 200) String name,
                    @Nullable @NotNull @Size(max = 50) List<@NotNull String> scopes,
                    @Nullable String prefix,
                    @Nullable String expiresAt,
                    @Nullable Map<String, Object> rateLimit,
                    @Nullable Long remaining,
                    @Nullable @Schema(implementation = Map.class, nullable = true, description = "the owner's data: a JSON object, at most 4 KiB, nested at most 20 levels") JsonNode meta) {
    }

    /** For the OpenAPI document: the fields PATCH /v1/users/{userId} reads (all optional). */
    @Schema(name = "UserPatch")
    record UserPatchDoc(@Nullable String name, @Nullable @Schema(nullable = true) String email,
                        @Nullable @Schema(allowableValues = {"active", "disabled"}) String status) {
    }

    /** For the OpenAPI document: the fields PATCH /v1/keys/{keyId} reads (all optional). */
    @Schema(name = "KeyPatch")
    record KeyPatchDoc(@Nullable String name, @Nullable List<String> scopes,
                       @Nullable @Schema(nullable = true, format = "date-time") String expiresAt,
                       @Nullable @Schema(nullable = true, description = "a JSON object, at most 4 KiB, nested at most 20 levels") Map<String, Object> meta) {
    }

    @Serdeable
    record Rotate(@Nullable @Min(0) @Max(2_592_000) Long gracePeriodSeconds) {
    }

    /** A PATCH of a key: only the fields sent change; {@code null} removes {@code expiresAt} or {@code meta}. */
    static UpdateApiKey.Command keyPatch(KeyId id, JsonNode body, KeyMeta meta) {
        requireObject(body);
        refuseUnsupported(body.get("rateLimit") != null, body.get("remaining") != null);
        Optional<String> name = Optional.ofNullable(body.get("name")).map(node -> string("name", node, false));
        Optional<Scopes> scopes = Optional.ofNullable(body.get("scopes")).map(Requests::scopes);
        Optional<Optional<Instant>> expiresAt = Optional.ofNullable(body.get("expiresAt"))
                .map(node -> Optional.ofNullable(timestamp("expiresAt", string("expiresAt", node, true))));
        Optional<Optional<KeyMetadata>> metadata = Optional.ofNullable(body.get("meta"))
                .map(node -> Optional.ofNullable(meta.fromRequest(node)));
        return new UpdateApiKey.Command(id, name, scopes, expiresAt, metadata);
    }

    /** Limits this version cannot enforce yet are refused rather than silently dropped. */
    static void refuseUnsupported(boolean rateLimit, boolean remaining) {
        if (rateLimit) {
            throw new InvalidValueException("rateLimit", "rate limits are not supported by this version yet");
        }
        if (remaining) {
            throw new InvalidValueException("remaining", "usage quotas are not supported by this version yet");
        }
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
    record Process(@Nullable @NotBlank String status) {
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
