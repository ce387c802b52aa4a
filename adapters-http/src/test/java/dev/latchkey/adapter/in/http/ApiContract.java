package dev.latchkey.adapter.in.http;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OpenAPI document the build generated from the controllers (META-INF/swagger/latchkey.yml, on the class path of
 * adapters-http's tests and of everything that depends on adapters-http), judging every exchange {@link Api} makes
 * with a validator nobody here wrote (Atlassian's swagger-request-validator): the answer must be one the document
 * declares for that operation (status, content type, headers, body schema), and so must the request unless the call
 * says it is malformed on purpose ({@link Api#malformed()}).
 *
 * <p>Only paths outside the document are not judged: the console's pages, the Swagger UI, /openapi.json, /health and
 * paths made up by tests (an unknown path's 404) have no operation to compare with.
 */
public final class ApiContract {

    /** The generated document, on the class path. */
    public static final String DOCUMENT = "META-INF/swagger/latchkey.yml";

    private static final class Holder {
        static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
                .createForInlineApiSpecification(document())
                .withLevelResolver(LevelResolver.create()
                        // a path the document does not have is not part of the contract (see the class comment)
                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.response.path.missing", ValidationReport.Level.IGNORE)
                        // OpenAPI's default: an object without additionalProperties takes other fields too (the
                        // validator's own default refuses them); the server ignores unknown fields of a request
                        .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    private ApiContract() {
    }

    private static String document() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is not on the class path: the OpenAPI document is generated"
                        + " when adapters-http is compiled");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What is wrong with this exchange according to the document, as one message per violation (empty when nothing is);
     * the request itself is judged only when {@code judgeRequest}.
     */
    static List<String> violations(String method, URI uri, Map<String, List<String>> requestHeaders, String requestBody,
            boolean judgeRequest, int status, Map<String, List<String>> responseHeaders, String responseBody) {
        // HEAD is answered as GET is, without the body (HTTP's rule, which the document leaves implicit)
        boolean head = method.equalsIgnoreCase("HEAD");
        if (java.util.Arrays.stream(Request.Method.values()).noneMatch(known -> known.name().equalsIgnoreCase(method))) {
            return List.of(); // a method OpenAPI has no word for (PROPFIND, ...): the document says nothing of it
        }
        Request.Method verb = head ? Request.Method.GET : Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        SimpleRequest.Builder request = new SimpleRequest.Builder(verb, path);
        requestHeaders.forEach((name, values) -> request.withHeader(name, name.equalsIgnoreCase("Authorization")
                ? values.stream().map(ApiContract::canonicalScheme).toList() : values));
        if (requestBody != null) {
            request.withBody(requestBody);
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                request.withQueryParam(name, value);
            }
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        responseHeaders.forEach((name, values) -> {
            if (name != null && !name.startsWith(":")) {
                response.withHeader(name, values);
            }
        });
        if (responseBody != null && !responseBody.isEmpty()) {
            response.withBody(responseBody);
        }
        ValidationReport report = judgeRequest
                ? Holder.VALIDATOR.validate(request.build(), response.build())
                : Holder.VALIDATOR.validateResponse(path, verb, response.build());
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !(head && message.getKey().equals("validation.response.body.missing")))
                // judging an answer alone still reports what it makes of the request (a method the path does not
                // have): that is the request's finding, not the answer's
                .filter(message -> judgeRequest || !message.getKey().startsWith("validation.request."))
                .map(message -> message.getKey() + ": " + message.getMessage()
                        + message.getAdditionalInfo().stream().map(info -> "\n      " + info).collect(Collectors.joining()))
                .toList();
    }

    /**
     * The validator matches the scheme "Bearer" case-sensitively; HTTP's authentication schemes are case-insensitive
     * (RFC 9110 11.1), and so is the server: {@code bearer <key>} is the document's bearer scheme too.
     */
    private static String canonicalScheme(String authorization) {
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer " + authorization.substring(7)
                : authorization;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }
}
