package dev.latchkey.adapter.in.http.common;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;

/**
 * The client's {@code User-Agent}, as the origin of a presented key: kept only for a honeytoken's alert, where it is
 * cut to {@code VerificationRequest.Origin.MAX_USER_AGENT} characters. Headers that are not well-formed HTTP were
 * refused before ({@code security.HeaderSanity}).
 */
public final class UserAgents {

    private UserAgents() {
    }

    /** The user agent of {@code request}; {@code null} when it sent none. */
    public static String of(HttpRequest<?> request) {
        return request.getHeaders().get(HttpHeaders.USER_AGENT);
    }
}
