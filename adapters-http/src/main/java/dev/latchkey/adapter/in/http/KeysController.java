package dev.latchkey.adapter.in.http;

import dev.latchkey.application.port.in.GetApiKey;
import dev.latchkey.application.port.in.IssueApiKey;
import dev.latchkey.application.port.in.ListApiKeys;
import dev.latchkey.application.port.in.PageRequest;
import dev.latchkey.application.port.in.RevokeApiKey;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Optional;

/** Issue, list, read and revoke keys. */
@Controller("/v1")
class KeysController {

    private final IssueApiKey issueApiKey;
    private final ListApiKeys listApiKeys;
    private final GetApiKey getApiKey;
    private final RevokeApiKey revokeApiKey;

    KeysController(IssueApiKey issueApiKey, ListApiKeys listApiKeys, GetApiKey getApiKey, RevokeApiKey revokeApiKey) {
        this.issueApiKey = issueApiKey;
        this.listApiKeys = listApiKeys;
        this.getApiKey = getApiKey;
        this.revokeApiKey = revokeApiKey;
    }

    @Post("/users/{userId}/keys")
    @Secured("keys:write")
    HttpResponse<Views.IssuedKeyView> issue(@PathVariable String userId, @Body @Valid Requests.IssueKey request) {
        refuseUnsupported(request);
        IssueApiKey.IssuedApiKey issued = issueApiKey.issue(new IssueApiKey.Command(PathIds.user(userId),
                request.name(), Scopes.parse(request.scopes()),
                Optional.ofNullable(request.prefix()).map(KeyPrefix::new),
                Optional.ofNullable(Requests.timestamp("expiresAt", request.expiresAt()))));
        Views.IssuedKeyView view = new Views.IssuedKeyView(Views.KeyView.of(issued.key()), issued.plaintext());
        return HttpResponse.created(view, URI.create("/v1/keys/" + issued.key().id().value()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** Limits this version cannot enforce yet are refused rather than silently dropped. */
    private static void refuseUnsupported(Requests.IssueKey request) {
        if (request.rateLimit() != null) {
            throw new InvalidValueException("rateLimit", "rate limits are not supported by this version yet");
        }
        if (request.remaining() != null) {
            throw new InvalidValueException("remaining", "usage quotas are not supported by this version yet");
        }
        if (request.meta() != null) {
            throw new InvalidValueException("meta", "key metadata is not supported by this version yet");
        }
    }

    @Get("/users/{userId}/keys")
    @Secured("keys:read")
    Views.ItemsView<Views.KeyView> list(@PathVariable String userId, @QueryValue @Nullable Integer limit,
                                        @QueryValue @Nullable String cursor,
                                        @QueryValue(defaultValue = "false") boolean includeRevoked) {
        return Views.ItemsView.of(listApiKeys.list(PathIds.user(userId), PageRequest.of(limit, cursor), includeRevoked),
                Views.KeyView::of);
    }

    @Get("/keys/{keyId}")
    @Secured("keys:read")
    Views.KeyView get(@PathVariable String keyId) {
        return Views.KeyView.of(getApiKey.get(PathIds.key(keyId)));
    }

    @Post("/keys/{keyId}/revoke")
    @Secured("keys:write")
    Views.KeyView revoke(@PathVariable String keyId) {
        return Views.KeyView.of(revokeApiKey.revoke(PathIds.key(keyId)));
    }
}
