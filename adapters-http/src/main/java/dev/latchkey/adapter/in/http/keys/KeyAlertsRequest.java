package dev.latchkey.adapter.in.http.keys;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * For the OpenAPI document: the alerts of a key as issue and PATCH take them ({@code KeyRequests} reads the body,
 * refusing anything but a boolean). Named after the class and nullable itself, as {@link KeyRateLimit} explains:
 * {@code "alerts": null} on PATCH turns every alert on again.
 */
@Schema(nullable = true)
record KeyAlertsRequest(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
        description = KeyRequests.NEW_NETWORK + "; absent: unchanged (on PATCH) or true (on issue)") Boolean newNetwork) {
}
