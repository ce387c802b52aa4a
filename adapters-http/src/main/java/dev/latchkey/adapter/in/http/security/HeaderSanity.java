package dev.latchkey.adapter.in.http.security;

import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.adapter.in.http.problem.Problems;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import java.util.Map;

/**
 * Refuses a request whose headers are not well-formed HTTP: a header name that is not a token, or a value holding a
 * control character. Netty's own header validation is off ({@code micronaut.server.netty.validate-headers}) because
 * it answers before Latchkey sees the request (a bare 400, no request id) and cannot tell a key header from another:
 * the API guide (§1) wants a control character in a key to be {@code 401 malformed_key}. So this filter does the check
 * right after the request id is assigned: key headers are left to the authentication fetcher (which refuses them as
 * malformed), every other header is {@code 400 validation_failed}. Netty still frames the request itself (request
 * line, CRLF-separated lines, Content-Length and Transfer-Encoding), and refuses a malformed frame.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class HeaderSanity {

    private final List<String> keyHeaders;

    HeaderSanity(@Property(name = "latchkey.http.key-headers") @Nullable List<String> extraKeyHeaders) {
        this.keyHeaders = PresentedKey.keyHeaderNames(extraKeyHeaders == null ? List.of() : extraKeyHeaders);
    }

    @RequestFilter
    @Nullable
    MutableHttpResponse<?> check(HttpRequest<?> request) {
        for (Map.Entry<String, List<String>> header : request.getHeaders()) {
            String name = header.getKey();
            if (!isToken(name)) {
                return refuse(request, "a request header name is not a valid HTTP token");
            }
            if (isKeyHeader(name)) {
                continue;
            }
            for (String value : header.getValue()) {
                if (PresentedKey.hasControlCharacter(value)) {
                    return refuse(request, "a request header value holds a control character");
                }
            }
        }
        return null;
    }

    /** A short list compared ignoring case: no allocation per header, unlike a lower-cased lookup. */
    private boolean isKeyHeader(String name) {
        if (name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION)) {
            return true;
        }
        for (String keyHeader : keyHeaders) {
            if (name.equalsIgnoreCase(keyHeader)) {
                return true;
            }
        }
        return false;
    }

    private static MutableHttpResponse<?> refuse(HttpRequest<?> request, String detail) {
        // the header's name and value are not quoted: either may be (part of) a key sent under another name
        return Problems.response(request, ProblemCode.VALIDATION_FAILED, detail);
    }

    /** RFC 9110 token: 1*tchar. */
    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }
}
