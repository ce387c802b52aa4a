package dev.latchkey.adapter.in.http.security;

import dev.latchkey.adapter.in.http.problem.Problem;
import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.adapter.in.http.problem.Problems;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.VerifiableKey;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one mapping from what became of a presented key to an HTTP answer: the problem (code, status, detail) of a
 * refusal with its {@code Retry-After} and challenge, {@code missing_key}, {@code insufficient_scope} naming the scopes
 * asked for, and the {@code /v1/auth} grant's headers. The API's security, {@code /v1/auth} and the console all answer
 * through it ({@link AuthenticationFailure#of} names the refusal of each verdict).
 */
public final class VerdictAnswers {

    /** The headers of a {@code /v1/auth} grant. */
    public static final String USER_ID = "X-Latchkey-User-Id";
    public static final String KEY_ID = "X-Latchkey-Key-Id";
    public static final String SCOPES = "X-Latchkey-Scopes";

    private VerdictAnswers() {
    }

    /** The answer to a request that presented no key. */
    public static MutableHttpResponse<Problem> missingKey(HttpRequest<?> request) {
        return Problems.response(request, ProblemCode.MISSING_KEY,
                "present an API key in X-API-Key or Authorization: Bearer");
    }

    /** The answer to a request whose key was refused for {@code failure}. */
    public static MutableHttpResponse<Problem> refusal(HttpRequest<?> request, AuthenticationFailure failure) {
        MutableHttpResponse<Problem> problem = Problems.response(request, failure.code(), failure.detail());
        if (failure.retryAfterSeconds() != null) {
            problem.header(HttpHeaders.RETRY_AFTER, failure.retryAfterSeconds().toString());
        }
        return problem;
    }

    /**
     * The answer to a request whose key was refused for {@code failure}, when the request itself named the scopes it
     * needs ({@code required}, in the order named): a missing scope is answered naming them all.
     */
    public static MutableHttpResponse<Problem> refusal(HttpRequest<?> request, AuthenticationFailure failure,
                                                       List<String> required) {
        return failure.code() == ProblemCode.INSUFFICIENT_SCOPE
                ? Problems.insufficientScope(request, String.join(" ", required)) : refusal(request, failure);
    }

    /** {@code /v1/auth}'s answer for a key that passed: who it is, in headers, no body. */
    public static MutableHttpResponse<?> granted(VerifiableKey key) {
        return HttpResponse.ok()
                .header(USER_ID, key.owner().value())
                .header(KEY_ID, key.id().value())
                .header(SCOPES, key.scopes().granted().stream().map(Scope::value).sorted()
                        .collect(Collectors.joining(",")));
    }
}
