package dev.latchkey.adapter.in.http.ops;

import io.micronaut.core.annotation.NonBlocking;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;

/** {@code /livez}: the process is up. Touches nothing else, needs no key; answered on the event loop. */
@Controller("/livez")
@Secured(SecurityRule.IS_ANONYMOUS)
class LivenessController {

    @Serdeable
    @io.swagger.v3.oas.annotations.media.Schema(name = "Liveness")
    record Liveness(@io.swagger.v3.oas.annotations.media.Schema(allowableValues = "UP") String status) {
    }

    @Operation(operationId = "livez", summary = "Liveness: the process is up", tags = "operations")
    @Get
    @NonBlocking
    Liveness livez() {
        return new Liveness("UP");
    }
}
