package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console as a browser without a script sees it: cookies kept from one answer to the next, forms posted
 * url-encoded with the page's token, redirects not followed (the tests look at them).
 */
final class ConsoleClient {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    record Page(int status, Map<String, List<String>> headers, String html) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        List<String> cookies() {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        String cookie(String name) {
            return cookies().stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
        }

        /** The form token of the page. */
        String token() {
            Matcher matcher = TOKEN.matcher(html);
            assertThat(matcher.find()).as("a form token in: " + html).isTrue();
            return matcher.group(1);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String token;

    ConsoleClient(URI base) {
        this.base = base;
    }

    /** Signs in with {@code key} as a person would: the form, then the redirect. */
    Page signIn(String key) {
        get("/console/sign-in");
        return post("/console/sign-in", "key", key);
    }

    Page get(String path, String... headers) {
        Page page = send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET(), headers);
        if (page.status() == 200 && TOKEN.matcher(page.html()).find()) {
            token = page.token();
        }
        return page;
    }

    /** Posts a form with the token of the last page read. */
    Page post(String path, String... fields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", token);
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return postForm(path, form);
    }

    /** Posts exactly these fields: no token unless one is among them. */
    Page postForm(String path, Map<String, String> fields, String... headers) {
        String body = fields.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded"), headers);
    }

    String token() {
        return token;
    }

    Map<String, String> cookies() {
        return cookies;
    }

    private Page send(HttpRequest.Builder request, String... headers) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Page page = new Page(response.statusCode(), response.headers().map(), response.body());
            for (String cookie : page.cookies()) {
                String pair = cookie.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || cookie.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
