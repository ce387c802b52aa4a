package dev.latchkey.adapter.in.http.webhooks;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.PathIds;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.webhooks.ManageWebhooks;
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
@NegotiationProblemResponses
class WebhooksController {

    private final ManageWebhooks webhooks;

    WebhooksController(ManageWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @SuccessResponses.Created
    @Operation(operationId = "createWebhook", summary = "Register a webhook endpoint (its secret is shown once)",
            description = "The answer carries the endpoint's signing secret, shown this once and never cached"
                    + " (Cache-Control: no-store). The url must reach a public address: loopback (127.0.0.0/8, ::1,"
                    + " localhost), private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), shared (100.64.0.0/10),"
                    + " link-local (169.254.0.0/16, fe80::/10), unique-local (fc00::/7), multicast, unspecified,"
                    + " reserved and documentation addresses, IPv6 forms that carry such an IPv4 address"
                    + " (::ffff:127.0.0.1), and names that resolve to any of them are 400 validation_failed naming"
                    + " url, unless the operator lists the network in latchkey.webhooks.allowed-networks. The same"
                    + " check runs again at every delivery, on the addresses the host resolves to then, and the"
                    + " connection goes to a checked address; a delivery refused then is not posted, and its error in"
                    + " the delivery log says why.",
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
