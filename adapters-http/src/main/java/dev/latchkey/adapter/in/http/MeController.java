package dev.latchkey.adapter.in.http;

import dev.latchkey.application.port.in.GetCurrentPrincipal;
import dev.latchkey.domain.apikey.KeyId;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/** {@code /v1/me}: who the presented key belongs to. */
@Controller("/v1/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
class MeController {

    private final GetCurrentPrincipal currentPrincipal;

    MeController(GetCurrentPrincipal currentPrincipal) {
        this.currentPrincipal = currentPrincipal;
    }

    @Get
    Views.MeView me(Authentication authentication) {
        GetCurrentPrincipal.Principal principal = currentPrincipal.of(new KeyId(authentication.getName()));
        return new Views.MeView(Views.UserView.of(principal.user()), Views.KeyView.of(principal.key()));
    }
}
