package dev.latchkey.adapter.in.http.keys;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.JsonFields;
import dev.latchkey.adapter.in.http.common.PathIds;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.problem.MoreProblemResponses;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.security.Callers;
import dev.latchkey.application.port.in.keys.GetApiKey;
import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.ListApiKeys;
import dev.latchkey.application.port.in.keys.RevokeApiKey;
import dev.latchkey.application.port.in.keys.RotateApiKey;
import dev.latchkey.application.port.in.keys.UpdateApiKey;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.Optional;

/** Issue, list, read, change, rotate and revoke keys. */
@Controller("/v1")
@ProblemResponses
@NegotiationProblemResponses
class KeysController {

    private final IssueApiKey issueApiKey;
    private final ListApiKeys listApiKeys;
    private final GetApiKey getApiKey;
    private final RevokeApiKey revokeApiKey;
    private final UpdateApiKey updateApiKey;
    private final RotateApiKey rotateApiKey;
    private final KeyMeta keyMeta;

    KeysController(IssueApiKey issueApiKey, ListApiKeys listApiKeys, GetApiKey getApiKey, RevokeApiKey revokeApiKey,
                   UpdateApiKey updateApiKey, RotateApiKey rotateApiKey, KeyMeta keyMeta) {
        this.issueApiKey = issueApiKey;
        this.listApiKeys = listApiKeys;
        this.getApiKey = getApiKey;
        this.revokeApiKey = revokeApiKey;
        this.updateApiKey = updateApiKey;
        this.rotateApiKey = rotateApiKey;
        this.keyMeta = keyMeta;
    }

    @SuccessResponses.Created
    @Operation(operationId = "issueKey", summary = "Issue a key for a user", tags = "keys", description = "The calling key must hold every built-in scope the new key would hold (only admin grants admin); your own scopes need only keys:write. Otherwise 403 insufficient_scope and no key is issued. Only admin issues a honeytoken (`honeytoken: true`), which takes neither `rateLimit` nor `remaining` (400 validation_failed naming the field).")
    @Post("/users/{userId}/keys")
    @Status(HttpStatus.CREATED)
    @Secured("keys:write")
    HttpResponse<KeyViews.IssuedKeyView> issue(Authentication authentication, @PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH)) String userId, @Body @Valid KeyRequests.IssueKey request) {
        IssueApiKey.IssuedApiKey issued = issueApiKey.issue(Callers.of(authentication), new IssueApiKey.Command(PathIds.user(userId),
                request.name(), Scopes.parse(request.scopes()),
                Optional.ofNullable(request.prefix()).map(KeyPrefix::new),
                Optional.ofNullable(JsonFields.timestamp("expiresAt", request.expiresAt())),
                Optional.ofNullable(keyMeta.fromRequest(request.meta())),
                Optional.ofNullable(KeyRequests.rateLimit(request.rateLimit())),
                Optional.ofNullable(request.remaining()),
                Optional.ofNullable(KeyRequests.allowedCidrs(request.allowedCidrs())),
                Optional.ofNullable(KeyRequests.alerts(request.alerts())),
                Boolean.TRUE.equals(request.honeytoken())));
        return IssuedKeys.created(issued, keyMeta, Callers.of(authentication));
    }

    @SuccessResponses.Ok
    @Operation(operationId = "listUserKeys", summary = "List a user's keys", tags = "keys")
    @Get("/users/{userId}/keys")
    @Secured("keys:read")
    KeyViews.KeyPage list(Authentication authentication, @PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH)) String userId, @QueryValue @Nullable @Parameter(description = "page size", schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "" + PageRequest.MAX_LIMIT, defaultValue = "" + PageRequest.DEFAULT_LIMIT)) Integer limit,
                                        @QueryValue @Nullable @Parameter(description = "the nextCursor of the previous page", schema = @Schema(type = "string", pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH)) String cursor,
                                        @QueryValue(defaultValue = "false") boolean includeRevoked,
                                        @QueryValue @Nullable @Parameter(description = "true: only honeytokens; false: only other keys; absent: both", schema = @Schema(type = "boolean")) String honeytoken) {
        Caller caller = Callers.of(authentication);
        return KeyViews.KeyPage.of(listApiKeys.list(caller, PathIds.user(userId), PageRequest.of(limit, cursor),
                includeRevoked, KeyRequests.honeytokenFilter(honeytoken)), key -> keyMeta.view(key, caller));
    }

    @SuccessResponses.Ok
    @Operation(operationId = "getKey", summary = "Get a key", tags = "keys")
    @Get("/keys/{keyId}")
    @Secured("keys:read")
    KeyViews.KeyView get(Authentication authentication, @PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = ApiSchemas.KEY_ID_LENGTH)) String keyId) {
        return keyMeta.view(getApiKey.get(PathIds.key(keyId)), Callers.of(authentication));
    }

    @SuccessResponses.Ok
    @Operation(operationId = "revokeKey", summary = "Revoke a key", tags = "keys", description = "The calling key must hold every built-in scope of the key it revokes, else 403 insufficient_scope.")
    @Post("/keys/{keyId}/revoke")
    @Secured("keys:write")
    KeyViews.KeyView revoke(Authentication authentication, @PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = ApiSchemas.KEY_ID_LENGTH)) String keyId) {
        Caller caller = Callers.of(authentication);
        return keyMeta.view(revokeApiKey.revoke(caller, PathIds.key(keyId)), caller);
    }

    /**
     * Only the fields sent change, on the key as it is at that moment: uses taken, a revocation or a rotation since
     * stay; a rotated key's {@code expiresAt} can only come forward. {@code null} removes {@code expiresAt} or
     * {@code meta}.
     */
    @SuccessResponses.Ok
    @Operation(operationId = "updateKey", summary = "Change a key", tags = "keys", description = "Only the fields sent change. The calling key must hold every built-in scope of the key, and of the scopes the change sets, else 403 insufficient_scope and nothing changes. `honeytoken` cannot be changed, and a honeytoken takes no `rateLimit` or `remaining` (400 validation_failed).")
    @Patch("/keys/{keyId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Secured("keys:write")
    @RequestBody(content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyRequests.KeyPatchDoc.class)),
        @Content(mediaType = "application/merge-patch+json", schema = @Schema(implementation = KeyRequests.KeyPatchDoc.class))})
    KeyViews.KeyView update(Authentication authentication, @PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = ApiSchemas.KEY_ID_LENGTH)) String keyId, @Body JsonNode patch) {
        Caller caller = Callers.of(authentication);
        return keyMeta.view(updateApiKey.update(caller, KeyRequests.keyPatch(PathIds.key(keyId), patch, keyMeta)), caller);
    }

    @SuccessResponses.Created
    @Operation(operationId = "rotateKey", summary = "Rotate a key, with a grace period", tags = "keys",
            description = "The new key keeps the old one's owner, name, scopes, `expiresAt`, meta, `rateLimit`, "
                    + "`remaining` and `allowedCidrs`. The old key works for `gracePeriodSeconds` more (0-2592000, "
                    + "never past its own expiry); until then both draw on one usage quota and one rate-limit bucket. The calling key must hold every built-in scope of the key it rotates, else 403 "
                    + "insufficient_scope. A honeytoken is never rotated: 409 conflict.")
    @Post("/keys/{keyId}/rotate")
    @Status(HttpStatus.CREATED)
    @MoreProblemResponses.Conflict
    @Secured("keys:write")
    HttpResponse<KeyViews.IssuedKeyView> rotate(Authentication authentication, @PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = ApiSchemas.KEY_ID_LENGTH)) String keyId, @Body @Valid KeyRequests.Rotate request) {
        if (request.gracePeriodSeconds() == null) {
            throw new InvalidValueException("gracePeriodSeconds", "gracePeriodSeconds is required (0-2592000)");
        }
        return IssuedKeys.created(rotateApiKey.rotate(Callers.of(authentication), new RotateApiKey.Command(PathIds.key(keyId),
                Duration.ofSeconds(request.gracePeriodSeconds()))), keyMeta, Callers.of(authentication));
    }
}
