package dev.latchkey.adapter.in.http;

import io.micronaut.core.annotation.NonBlocking;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;

/** {@code /livez}: the process is up. Touches nothing else, needs no key; answered on the event loop. */
@Controller("/livez")
@Secured(SecurityRule.IS_ANONYMOUS)
@SecurityRequirements
class LivenessController {

    @Serdeable
    record Liveness(String status) {
    }

    @Get
    @NonBlocking
    Liveness livez() {
        return new Liveness("UP");
    }
}
