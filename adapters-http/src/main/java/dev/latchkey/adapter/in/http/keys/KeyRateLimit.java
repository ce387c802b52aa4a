package dev.latchkey.adapter.in.http.keys;

import dev.latchkey.domain.apikey.RateLimit;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * A key's rate limit, at most {@code limit} uses per {@code periodSeconds}: how keys show it, and for the OpenAPI
 * document how requests send it (read as a JSON object by {@link KeyRequests#rateLimit(java.util.Map)}, so that a
 * wrong type is refused naming {@code rateLimit}). The OpenAPI document names its schema after the class (a
 * {@code name} would not reach the fields that refer to it). The schema itself is nullable: OpenAPI 3.0's
 * {@code nullable} beside the {@code allOf} that the generator writes for a nullable reference does not reach into it,
 * so {@code "rateLimit": null} (a key without a limit, {@code PATCH} removing it) is valid only this way.
 */
@Serdeable
@Schema(requiredProperties = {"limit", "periodSeconds"}, nullable = true)
record KeyRateLimit(@Min(1) @Max(RateLimit.MAX_LIMIT) @Schema(format = "int32") int limit,
                    @Min(1) @Max(RateLimit.MAX_PERIOD_SECONDS) @Schema(format = "int32") int periodSeconds) {

    static KeyRateLimit of(RateLimit rateLimit) {
        return rateLimit == null ? null : new KeyRateLimit(rateLimit.limit(), rateLimit.periodSeconds());
    }
}
