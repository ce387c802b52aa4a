package dev.latchkey.adapter.in.http;

import dev.latchkey.domain.InvalidValueException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

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
                    @Nullable Map<String, Object> meta) {
    }

    @Serdeable
    record Process(@Nullable @NotBlank String status) {
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
