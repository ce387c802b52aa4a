package dev.latchkey.adapter.in.http.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.Views;
import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.webhook.WebhookDelivery;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEventType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The JSON of {@code /v1/webhooks}: a new endpoint, an endpoint, and its delivery log. */
final class WebhookMessages {

    /*
     * WebhookEventType's wire names, how many there are, and a bound on their length, as the OpenAPI document and the
     * validation of a subscription need them: annotations take constants only, so they are written out here, and
     * ApiDocumentDriftTest fails when they disagree with WebhookEventType (a new event type is added here too).
     */
    static final String EVENT_PATTERN = "^(key\\.issued|key\\.rotated|key\\.revoked|key\\.expiring|key\\.expired"
            + "|key\\.leaked|key\\.usage_low|user\\.disabled|key\\.honeytoken_used|key\\.new_network"
            + "|audit\\.checkpoint)$";
    /** Every event type at once is the largest subscription. */
    static final int EVENT_TYPES = 11;
    static final int EVENT_LENGTH = 19;

    private WebhookMessages() {
    }

    @Serdeable
    @Schema(name = "NewWebhook")
    record NewWebhook(@Nullable @NotBlank @Size(max = WebhookEndpoint.MAX_URL_LENGTH) @Schema(format = "uri",
                              description = "where events are posted: an absolute https (or http) URL, without"
                                      + " credentials", example = "https://hooks.example.com/latchkey") String url,
                      @Nullable @NotNull @Size(min = 1, max = EVENT_TYPES) @ArraySchema(uniqueItems = true, schema = @Schema(
                              type = "string", pattern = EVENT_PATTERN, maxLength = EVENT_LENGTH))
                      List<@NotNull String> events) {

        Set<WebhookEventType> eventTypes() {
            Set<WebhookEventType> types = EnumSet.noneOf(WebhookEventType.class);
            for (String name : events) {
                types.add(WebhookEventType.fromWireName(name).orElseThrow(() -> new InvalidValueException("events",
                        "events must name event types among " + Arrays.stream(WebhookEventType.values())
                                .map(WebhookEventType::wireName).toList())));
            }
            return types;
        }
    }

    @Serdeable
    @Schema(name = "Webhook")
    record WebhookView(@Schema(pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH) String id,
                       @Schema(format = "uri", maxLength = WebhookEndpoint.MAX_URL_LENGTH) String url,
                       @ArraySchema(maxItems = EVENT_TYPES, uniqueItems = true, schema = @Schema(pattern = EVENT_PATTERN,
                               maxLength = EVENT_LENGTH)) List<String> events,
                       @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String createdAt) {
        static WebhookView of(WebhookEndpoint endpoint) {
            return new WebhookView(endpoint.id().value(), endpoint.url().toString(),
                    endpoint.events().stream().map(WebhookEventType::wireName).sorted().toList(),
                    Views.timestamp(endpoint.createdAt()));
        }
    }

    /** A webhook just registered: the only answer that ever carries its secret. */
    @Serdeable
    @Schema(name = "RegisteredWebhook")
    record RegisteredWebhook(@JsonUnwrapped WebhookView details,
                             @Schema(description = "signs every delivery (Standard Webhooks, HMAC-SHA-256): shown only"
                                     + " here, never again", pattern = "^whsec_[A-Za-z0-9+/=]{40,90}$", maxLength = 96)
                             String secret) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "WebhookList")
    record WebhookList(@ArraySchema(maxItems = 1000) List<WebhookView> items) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "WebhookDelivery")
    record DeliveryView(@Schema(format = "int64", minimum = "1", maximum = "" + Long.MAX_VALUE) long id,
                        @Schema(pattern = EVENT_PATTERN, maxLength = EVENT_LENGTH) String event,
                        @Schema(description = "the webhook-id header: the same for every attempt (drop duplicates"
                                + " by it)", maxLength = 64) String eventId,
                        @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                                description = "when the delivery was created") String at,
                        @Schema(allowableValues = {"pending", "delivered", "failed"}) String status,
                        @Schema(format = "int32", minimum = "0", maximum = "" + Integer.MAX_VALUE) int attempts,
                        @Nullable @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                                nullable = true) String lastAttemptAt,
                        @Nullable @Schema(format = "int32", minimum = "100", maximum = "599", nullable = true,
                                description = "the receiver's last answer; null: none (refused, unreachable, timed"
                                        + " out) or no attempt yet") Integer responseStatus,
                        @Nullable @Schema(maxLength = WebhookDelivery.MAX_ERROR_LENGTH, nullable = true,
                                description = "why the last attempt got no answer: e.g. \"not posted: 10.0.0.5 is a"
                                        + " private address\" (the target is refused by the network rules) or"
                                        + " \"no answer: timed out\"; null when it was answered or not made yet")
                        String error,
                        @Nullable @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH,
                                nullable = true, description = "while pending") String nextAttemptAt) {
        static DeliveryView of(WebhookDelivery delivery) {
            return new DeliveryView(delivery.id(), delivery.eventType().wireName(), delivery.eventId(),
                    Views.timestamp(delivery.createdAt()), delivery.status().wireName(), delivery.attempts(),
                    Views.timestamp(delivery.lastAttemptAt()), delivery.lastResponseStatus(), delivery.lastError(),
                    Views.timestamp(delivery.nextAttemptAt()));
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "WebhookDeliveryPage")
    record DeliveryPage(@ArraySchema(maxItems = PageRequest.MAX_LIMIT) List<DeliveryView> items,
                        @Nullable @Schema(pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH,
                                nullable = true) String nextCursor) {
        static DeliveryPage of(Page<WebhookDelivery> page) {
            return new DeliveryPage(page.items().stream().map(DeliveryView::of).toList(),
                    page.nextCursor().orElse(null));
        }
    }
}
