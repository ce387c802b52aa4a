package dev.latchkey.adapter.in.http.problem;

import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.domain.DomainException;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.access.InsufficientPrivilege;
import dev.latchkey.domain.apikey.ApiKeyNotFound;
import dev.latchkey.domain.apikey.KeyNotRotatable;
import dev.latchkey.domain.user.ExternalIdTaken;
import dev.latchkey.domain.user.UserNotFound;
import dev.latchkey.domain.webhook.WebhookNotFound;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps the domain's command failures, and a lost store, to problems. */
final class DomainProblems {

    private DomainProblems() {
    }

    /** A rule the domain enforces on a value: {@code validation_failed} naming the field. */
    @Singleton
    @Produces
    static final class InvalidValue implements ExceptionHandler<InvalidValueException, MutableHttpResponse<?>> {
        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, InvalidValueException exception) {
            return Problems.invalidValue(request, exception);
        }
    }

    /** A command the domain refused: unknown things are {@code not_found}, clashes are {@code conflict}. */
    @Singleton
    @Produces
    static final class Refused implements ExceptionHandler<DomainException, MutableHttpResponse<?>> {
        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, DomainException exception) {
            return Problems.response(request, codeOf(exception), exception.getMessage());
        }

        static ProblemCode codeOf(DomainException exception) {
            if (exception instanceof UserNotFound || exception instanceof ApiKeyNotFound
                    || exception instanceof WebhookNotFound) {
                return ProblemCode.NOT_FOUND;
            }
            if (exception instanceof ExternalIdTaken || exception instanceof KeyNotRotatable) {
                return ProblemCode.CONFLICT;
            }
            throw new IllegalStateException("no problem code for " + exception.getClass().getName(), exception);
        }
    }

    /**
     * A change that would grant, alter or remove a built-in scope the calling key does not hold: 403
     * {@code insufficient_scope} naming the scopes it lacks; nothing was changed.
     */
    @Singleton
    @Produces
    static final class Unprivileged implements ExceptionHandler<InsufficientPrivilege, MutableHttpResponse<?>> {
        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, InsufficientPrivilege exception) {
            return Problems.insufficientScope(request, exception.missingScopes(), exception.getMessage());
        }
    }

    /** The store is down: 503, never 401 or 500; the client may retry shortly. */
    @Singleton
    @Produces
    static final class Unavailable implements ExceptionHandler<StoreUnavailable, MutableHttpResponse<?>> {
        @Override
        public MutableHttpResponse<?> handle(HttpRequest request, StoreUnavailable exception) {
            return Problems.response(request, ProblemCode.UNAVAILABLE, "the key store cannot be reached; retry shortly");
        }
    }
}
