package dev.latchkey.adapter.in.http.gateway;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.Views;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.verification.RateLimitState;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * Where the verified key stands against its rate limit after this use. The OpenAPI document names its schema after
 * the class (a {@code name} would not reach the fields that refer to it). Nullable as a schema, as {@code KeyRateLimit}
 * is: a key without a limit has {@code "rateLimit": null}.
 */
@Serdeable
@Schema(nullable = true)
record RateLimitStatus(@Schema(minimum = "1", maximum = "" + RateLimit.MAX_LIMIT, format = "int64") long limit,
                       @Schema(minimum = "0", maximum = "" + RateLimit.MAX_LIMIT, format = "int64") long remaining,
                       @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                               description = "when the whole limit is back") String resetAt) {

    static RateLimitStatus of(RateLimitState state, Instant now) {
        return new RateLimitStatus(state.limit(), state.remaining(),
                Views.timestamp(now.plusSeconds(state.resetSeconds())));
    }
}
