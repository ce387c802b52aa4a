package dev.latchkey.adapter.in.http.keys;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.JsonFields;
import dev.latchkey.adapter.in.http.common.PathIds;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.common.Views;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.application.port.in.usage.GetKeyUsage;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.usage.Granularity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code GET /v1/keys/{keyId}/usage}: a key's valid and rejected verifications per bucket. Without {@code to}: now;
 * without {@code from}: 60 minutes, 24 hours or 30 days before {@code to}, by granularity (default {@code hour}).
 */
@Controller("/v1/keys/{keyId}/usage")
@ProblemResponses
@NegotiationProblemResponses
class UsageController {

    private final GetKeyUsage getKeyUsage;

    UsageController(GetKeyUsage getKeyUsage) {
        this.getKeyUsage = getKeyUsage;
    }

    @SuccessResponses.Ok
    @Operation(operationId = "getKeyUsage", summary = "A key's usage per minute, hour or day", tags = "keys")
    @Get
    @Secured("keys:read")
    KeyViews.UsageView usage(@PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = ApiSchemas.KEY_ID_LENGTH)) String keyId,
                          @QueryValue @Nullable @Parameter(description = "inclusive, RFC 3339; default 60 minutes, 24 hours or 30 days before to", schema = @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH)) String from,
                          @QueryValue @Nullable @Parameter(description = "exclusive, RFC 3339; default now", schema = @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH)) String to,
                          @QueryValue @Nullable @Parameter(schema = @Schema(allowableValues = {"minute", "hour", "day"},
                                  defaultValue = "hour")) String granularity) {
        KeyId id = PathIds.key(keyId);
        Granularity size = granularity(granularity);
        Instant end = to == null ? Instant.now() : JsonFields.timestamp("to", to);
        Instant start = from == null ? end.minus(defaultSpan(size)) : JsonFields.timestamp("from", from);
        return new KeyViews.UsageView(id.value(), size.wireName(), Views.timestamp(start), Views.timestamp(end),
                getKeyUsage.usage(id, start, end, size).stream().map(KeyViews.UsageBucketView::of).toList());
    }

    private static Granularity granularity(String text) {
        if (text == null) {
            return Granularity.HOUR;
        }
        try {
            return Granularity.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("granularity", "granularity must be minute, hour or day");
        }
    }

    private static Duration defaultSpan(Granularity granularity) {
        return switch (granularity) {
            case MINUTE -> Duration.ofMinutes(60);
            case HOUR -> Duration.ofHours(24);
            case DAY -> Duration.ofDays(30);
        };
    }
}
