package dev.latchkey.adapter.in.http;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import java.util.List;

/**
 * Turns every error Micronaut itself answers (unknown route, wrong method or media type, unreadable JSON,
 * bean validation, unexpected exceptions) into a problem+json with an API.md code.
 */
@Singleton
@Primary
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        ProblemCode code = ProblemCode.forStatus(response.code());
        List<Problem.FieldError> errors = context.getErrors().stream()
                .filter(error -> error.getPath().isPresent())
                .map(error -> new Problem.FieldError(fieldName(error.getPath().get()), safeMessage(context, error)))
                .toList();
        MutableHttpResponse<Problem> problem = Problems.response(context.getRequest(), code, detail(code, context),
                errors);
        response.getHeaders().forEach((name, values) -> {
            if (!problem.getHeaders().contains(name)) {
                values.forEach(value -> problem.header(name, value));
            }
        });
        return problem;
    }

    private static String detail(ProblemCode code, ErrorContext context) {
        return switch (code) {
            // Micronaut's own messages for these can quote the request; say only what is safe
            case INTERNAL_ERROR -> "an unexpected error occurred; quote the requestId when reporting it";
            case VALIDATION_FAILED -> context.getErrors().stream().filter(error -> error.getPath().isPresent())
                    .findFirst().map(error -> "the request has invalid fields")
                    .orElse("the request body or a parameter could not be read");
            default -> context.getErrors().stream().map(Error::getMessage).findFirst().orElse(code.title());
        };
    }

    /**
     * Bean-validation messages describe the rule ("must not be blank"); conversion messages quote the
     * value sent, which may be a key (the body of /v1/keys/verify), so they are replaced.
     */
    private static String safeMessage(ErrorContext context, Error error) {
        boolean describesRule = context.getRootCause().filter(ConstraintViolationException.class::isInstance).isPresent();
        return describesRule ? error.getMessage() : "has an invalid value or type";
    }

    /** {@code register.request.name} (bean validation's path) is the field {@code name} to a client. */
    private static String fieldName(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
