package dev.latchkey.adapter.out.webhook;

import dev.latchkey.application.port.out.WebhookTransport;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts webhooks with the JDK's HTTP client: HTTP/1.1, never following a redirect (a 3xx is a failed attempt), the
 * whole exchange bounded by {@code latchkey.webhooks.timeout} (5 s), the receiver's body read and dropped. A failure
 * is logged by endpoint host and kind only: never a header (the signature) or the body.
 */
@Singleton
final class JdkWebhookTransport implements WebhookTransport {

    private static final Logger LOG = LoggerFactory.getLogger(JdkWebhookTransport.class);

    private final HttpClient client;
    private final Duration timeout;

    JdkWebhookTransport(@Value("${latchkey.webhooks.timeout:5s}") Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    @Override
    public OptionalInt post(URI url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            return OptionalInt.of(client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("webhook to {} not delivered: {}", url.getHost(), e.getClass().getSimpleName());
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
