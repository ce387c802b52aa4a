package dev.latchkey.adapter.in.http.webhooks;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.PathIds;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.application.port.in.ManageWebhooks;
import dev.latchkey.application.port.in.PageRequest;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.net.URI;

/**
 * {@code /v1/webhooks} (scope {@code admin}): the endpoints that hear of keys' and users' lifecycle events, and their
 * delivery logs. Deliveries are signed the Standard Webhooks way and carry no key material (docs/webhooks.md).
 */
@Controller("/v1/webhooks")
@ProblemResponses
class WebhooksController {

    private final ManageWebhooks webhooks;

    WebhooksController(ManageWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @SuccessResponses.Created
    @Operation(operationId = "createWebhook", summary = "Register a webhook endpoint (its secret is shown once)",
            tags = "webhooks")
    @Post
    @Status(HttpStatus.CREATED)
    @Secured("admin")
    HttpResponse<WebhookMessages.RegisteredWebhook> register(@Body @Valid WebhookMessages.NewWebhook request) {
        WebhookEndpoint endpoint = webhooks.register(request.url(), request.eventTypes());
        // the answer carries the secret: no cache (the browser's, a proxy's) may keep it
        return HttpResponse.created(new WebhookMessages.RegisteredWebhook(
                WebhookMessages.WebhookView.of(endpoint), endpoint.secret()),
                URI.create("/v1/webhooks/" + endpoint.id().value())).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @SuccessResponses.Ok
    @Operation(operationId = "listWebhooks", summary = "List webhook endpoints", tags = "webhooks")
    @Get
    @Secured("admin")
    WebhookMessages.WebhookList list() {
        return new WebhookMessages.WebhookList(webhooks.list().stream().map(WebhookMessages.WebhookView::of).toList());
    }

    /** Its pending deliveries are dropped with it. */
    @SuccessResponses.NoContent
    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook endpoint", tags = "webhooks")
    @Delete("/{webhookId}")
    @Status(HttpStatus.NO_CONTENT)
    @Secured("admin")
    HttpResponse<Void> delete(@PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH)) String webhookId) {
        webhooks.delete(PathIds.webhook(webhookId));
        return HttpResponse.noContent();
    }

    @SuccessResponses.Ok
    @Operation(operationId = "listWebhookDeliveries", summary = "An endpoint's deliveries, newest first",
            tags = "webhooks")
    @Get("/{webhookId}/deliveries")
    @Secured("admin")
    WebhookMessages.DeliveryPage deliveries(@PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH)) String webhookId, @QueryValue @Nullable @Parameter(description = "page size", schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "" + PageRequest.MAX_LIMIT, defaultValue = "" + PageRequest.DEFAULT_LIMIT)) Integer limit, @QueryValue @Nullable @Parameter(description = "the nextCursor of the previous page", schema = @Schema(type = "string", pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH)) String cursor) {
        return WebhookMessages.DeliveryPage.of(webhooks.deliveries(PathIds.webhook(webhookId),
                PageRequest.of(limit, cursor)));
    }
}
