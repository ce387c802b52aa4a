package dev.latchkey.adapter.in.http.problem;

import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.domain.InvalidValueException;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;

/** Builds problem+json responses, with the headers docs/api-guide.md §3 asks for. */
public final class Problems {

    static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    static final String REALM_CHALLENGE = "Bearer realm=\"latchkey\"";
    static final String RETRY_UNAVAILABLE_SECONDS = "5";

    private Problems() {
    }

    public static MutableHttpResponse<Problem> response(HttpRequest<?> request, ProblemCode code, String detail) {
        return response(request, code, detail, null);
    }

    public static MutableHttpResponse<Problem> response(HttpRequest<?> request, ProblemCode code, String detail,
                                                 List<Problem.FieldError> errors) {
        Problem problem = new Problem(code.type(), code.title(), code.status().getCode(), code.code(), detail,
                RequestIds.of(request), errors == null || errors.isEmpty() ? null : List.copyOf(errors));
        MutableHttpResponse<Problem> response = HttpResponse.<Problem>status(code.status()).body(problem)
                .contentType(PROBLEM_JSON);
        if (code.status().getCode() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, REALM_CHALLENGE);
        }
        if (code == ProblemCode.UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_UNAVAILABLE_SECONDS);
        }
        return response;
    }

    /**
     * {@code refusal} answered with {@code status} instead (its problem's {@code status} member too): same type, code,
     * detail and headers ({@code Retry-After} included). For {@code /v1/auth}'s refusal-status option.
     */
    public static MutableHttpResponse<Problem> withStatus(MutableHttpResponse<Problem> refusal, HttpStatus status) {
        Problem problem = refusal.body();
        refusal.status(status);
        if (problem != null) {
            refusal.body(new Problem(problem.type(), problem.title(), status.getCode(), problem.code(),
                    problem.detail(), problem.requestId(), problem.errors()));
        }
        return refusal;
    }

    /** A rule the domain enforces on a value: {@code validation_failed} naming the field. */
    public static MutableHttpResponse<Problem> invalidValue(HttpRequest<?> request, InvalidValueException invalid) {
        return response(request, ProblemCode.VALIDATION_FAILED, "the request has invalid fields",
                List.of(new Problem.FieldError(invalid.field(), invalid.getMessage())));
    }

    public static MutableHttpResponse<Problem> insufficientScope(HttpRequest<?> request, String neededScopes) {
        return insufficientScope(request, neededScopes, "this key lacks a scope the request needs: " + neededScopes);
    }

    /** {@code insufficient_scope}, with the scopes needed in the challenge and {@code detail} saying why. */
    public static MutableHttpResponse<Problem> insufficientScope(HttpRequest<?> request, String neededScopes,
                                                                 String detail) {
        return response(request, ProblemCode.INSUFFICIENT_SCOPE, detail)
                .header(HttpHeaders.WWW_AUTHENTICATE,
                        REALM_CHALLENGE + ", error=\"insufficient_scope\", scope=\"" + neededScopes + "\"");
    }
}
