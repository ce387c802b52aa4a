package dev.latchkey.adapter.in.http.keys;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.domain.access.Caller;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import java.net.URI;

/** The answer that shows a new key: issuing, rotating, and a client rotating its own key. */
final class IssuedKeys {

    private IssuedKeys() {
    }

    /** 201 with the key shown this once, never cached, and where the key lives from now on. */
    static HttpResponse<KeyViews.IssuedKeyView> created(IssueApiKey.IssuedApiKey issued, KeyMeta keyMeta,
                                                        Caller viewer) {
        KeyViews.IssuedKeyView view = new KeyViews.IssuedKeyView(keyMeta.view(issued.key(), viewer),
                issued.plaintext());
        return HttpResponse.created(view, URI.create("/v1/keys/" + issued.key().id().value()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
