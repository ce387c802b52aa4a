package dev.latchkey.adapter.in.http;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.ApiKeyNotFound;
import dev.latchkey.domain.user.ExternalIdTaken;
import dev.latchkey.domain.user.UserNotFound;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/** Maps the domain's command failures to problems; each handler is one line of the mapping. */
final class DomainProblems {

    private DomainProblems() {
    }

    @Singleton
    @Produces
    static final class InvalidValue implements ExceptionHandler<InvalidValueException, MutableHttpResponse<?>> {
        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, InvalidValueException exception) {
            return Problems.response(request, ProblemCode.VALIDATION_FAILED, "the request has invalid fields",
                    List.of(new Problem.FieldError(exception.field(), exception.getMessage())));
        }
    }

    @Singleton
    @Produces
    static final class UnknownUser implements ExceptionHandler<UserNotFound, MutableHttpResponse<?>> {
        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, UserNotFound exception) {
            return Problems.response(request, ProblemCode.NOT_FOUND, exception.getMessage());
        }
    }

    @Singleton
    @Produces
    static final class UnknownKey implements ExceptionHandler<ApiKeyNotFound, MutableHttpResponse<?>> {
        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, ApiKeyNotFound exception) {
            return Problems.response(request, ProblemCode.NOT_FOUND, exception.getMessage());
        }
    }

    @Singleton
    @Produces
    static final class TakenExternalId implements ExceptionHandler<ExternalIdTaken, MutableHttpResponse<?>> {
        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, ExternalIdTaken exception) {
            return Problems.response(request, ProblemCode.CONFLICT, exception.getMessage());
        }
    }
}
