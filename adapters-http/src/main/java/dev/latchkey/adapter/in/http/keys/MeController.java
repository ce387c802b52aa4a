package dev.latchkey.adapter.in.http.keys;

import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.problem.MoreProblemResponses;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.security.Callers;
import dev.latchkey.adapter.in.http.users.UserViews;
import dev.latchkey.application.port.in.keys.GetCurrentPrincipal;
import dev.latchkey.application.port.in.keys.RotateOwnKey;
import dev.latchkey.domain.apikey.KeyId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.time.Duration;

/** {@code /v1/me}: who the presented key belongs to, and replacing that key. */
@Controller("/v1/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses
@NegotiationProblemResponses
class MeController {

    private final GetCurrentPrincipal currentPrincipal;
    private final RotateOwnKey rotateOwnKey;
    private final KeyMeta keyMeta;

    MeController(GetCurrentPrincipal currentPrincipal, RotateOwnKey rotateOwnKey, KeyMeta keyMeta) {
        this.currentPrincipal = currentPrincipal;
        this.rotateOwnKey = rotateOwnKey;
        this.keyMeta = keyMeta;
    }

    @SuccessResponses.Ok
    @Operation(operationId = "getCaller", summary = "The caller's user and key", tags = "caller")
    @Get
    KeyViews.MeView me(Authentication authentication) {
        GetCurrentPrincipal.Principal principal = currentPrincipal.of(new KeyId(authentication.getName()));
        return new KeyViews.MeView(UserViews.UserView.of(principal.user()), keyMeta.view(principal.key(),
                Callers.of(authentication)));
    }

    /**
     * A client replaces its own key, if the key holds {@code me:rotate}; without a body the old key stops at once
     * (grace 0). The grace is capped by {@code latchkey.rotation.self-max-grace}.
     */
    @SuccessResponses.Created
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = KeyRequests.RotateOwn.class)))
    @Operation(operationId = "rotateOwnKey", summary = "Rotate the caller's own key", tags = "caller",
            description = "Only for a key holding the scope `me:rotate` (an `admin` key holds it; otherwise 403 "
                    + "`insufficient_scope`, nothing changed). The new key keeps the old one's name, scopes, "
                    + "`expiresAt`, meta, `rateLimit`, `remaining` and `allowedCidrs`; until the old key's grace "
                    + "ends both draw on one usage quota and one rate-limit bucket. `gracePeriodSeconds` may be at "
                    + "most `latchkey.rotation.self-max-grace` (default 86400, one day; more is 400 "
                    + "`validation_failed`). A leak report of the old key revokes the new one too.")
    @Post("/rotate")
    @Status(HttpStatus.CREATED)
    @Secured("me:rotate")
    @MoreProblemResponses.Conflict
    HttpResponse<KeyViews.IssuedKeyView> rotate(Authentication authentication,
                                             @Body @Valid @Nullable KeyRequests.RotateOwn request) {
        long grace = request == null || request.gracePeriodSeconds() == null ? 0 : request.gracePeriodSeconds();
        return IssuedKeys.created(rotateOwnKey.rotateOwn(new RotateOwnKey.Command(new KeyId(authentication.getName()),
                Duration.ofSeconds(grace))), keyMeta, Callers.of(authentication));
    }
}
