package dev.latchkey.adapter.in.http.problem;

import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.common.StrictJsonTypes;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.serde.exceptions.InvalidFormatException;
import io.micronaut.serde.exceptions.InvalidPropertyFormatException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns every error Micronaut itself answers (unknown route, wrong method or media type, unreadable JSON,
 * bean validation, unexpected exceptions) into a problem+json with a code of docs/api-guide.md §3.
 */
@Singleton
@Primary
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        ProblemCode code = isRequestLineTooLong(context) ? ProblemCode.URI_TOO_LONG : ProblemCode.forStatus(response.code());
        List<Problem.FieldError> errors = fieldErrors(context);
        MutableHttpResponse<Problem> problem = Problems.response(context.getRequest(), code, detail(code, errors),
                errors);
        response.getHeaders().forEach((name, values) -> {
            if (!problem.getHeaders().contains(name)) {
                values.forEach(value -> problem.header(name, value));
            }
        });
        // errors Netty raises while decoding never pass the filters: the request id is put on here
        problem.getHeaders().set(RequestIds.HEADER, RequestIds.of(context.getRequest()));
        return problem;
    }

    /**
     * Bean-validation violations name the field and describe the rule ("must not be blank"). Other errors
     * (conversion) can quote the value sent, which may be a key, so only the field name is kept.
     */
    private static List<Problem.FieldError> fieldErrors(ErrorContext context) {
        var violations = context.getRootCause()
                .filter(ConstraintViolationException.class::isInstance)
                .map(cause -> ((ConstraintViolationException) cause).getConstraintViolations());
        if (violations.isPresent()) {
            return violations.get().stream()
                    .map(violation -> new Problem.FieldError(fieldName(violation), violation.getMessage()))
                    .sorted(Comparator.comparing(Problem.FieldError::field))
                    .toList();
        }
        Optional<Problem.FieldError> wrongType = context.getRootCause().flatMap(ProblemErrorResponseProcessor::wrongType);
        if (wrongType.isPresent()) {
            return List.of(wrongType.get());
        }
        return context.getErrors().stream()
                .filter(error -> error.getPath().isPresent())
                .map(error -> new Problem.FieldError(lastSegment(error.getPath().get()), "has an invalid value or type"))
                .toList();
    }

    /**
     * A request line (method, path and query) longer than Netty's limit: 414, not the 413 Micronaut answers. Netty
     * records why it could not decode the request on the request it hands over.
     */
    private static boolean isRequestLineTooLong(ErrorContext context) {
        return context.getRequest() instanceof NettyHttpRequest<?> netty
                && netty.getNativeRequest().decoderResult().cause() instanceof TooLongHttpLineException;
    }

    /**
     * A body field of the wrong JSON type (see {@link StrictJsonTypes}): the outermost property names the field of
     * the body, the innermost cause says what was expected. Only our own messages are kept, which never quote the
     * value; others may.
     */
    private static Optional<Problem.FieldError> wrongType(Throwable error) {
        InvalidPropertyFormatException property = null;
        String message = "has an invalid value or type";
        for (Throwable cause = error; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof InvalidPropertyFormatException found && property == null) {
                property = found;
            }
            if (cause instanceof InvalidFormatException format && !(cause instanceof InvalidPropertyFormatException)
                    && format.getMessage() != null && format.getMessage().startsWith(StrictJsonTypes.MESSAGE_START)) {
                message = format.getMessage();
            }
        }
        return property == null ? Optional.empty()
                : Optional.of(new Problem.FieldError(property.getArgument().getName(), message));
    }

    private static String detail(ProblemCode code, List<Problem.FieldError> errors) {
        // never Micronaut's own message: it can quote the request (an Accept header, a path with a query string)
        return switch (code) {
            case NOT_FOUND -> "there is nothing at this path";
            case METHOD_NOT_ALLOWED -> "this path does not take this method";
            case NOT_ACCEPTABLE -> "the response is application/json (errors application/problem+json); the Accept "
                    + "header allows neither";
            case UNSUPPORTED_MEDIA_TYPE -> "the request body must be application/json";
            case INTERNAL_ERROR -> "an unexpected error occurred; quote the requestId when reporting it";
            case URI_TOO_LONG -> "the request line (method, path and query) is longer than the server accepts";
            case PAYLOAD_TOO_LARGE -> "the request body, or its headers together, are larger than the server accepts";
            case VALIDATION_FAILED -> errors.isEmpty() ? "the request body or a parameter could not be read"
                    : "the request has invalid fields";
            default -> code.title();
        };
    }

    /** The API's name for the violated field: the last property node (past method, parameter and list nodes). */
    private static String fieldName(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                name = node.getName();
            }
        }
        return name != null ? name : lastSegment(violation.getPropertyPath().toString());
    }

    private static String lastSegment(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
