package dev.latchkey.adapter.in.http.problem;

import io.micronaut.http.HttpStatus;
import java.util.Locale;

/** The machine-readable problem codes of docs/api-guide.md §3, with their status and title. */
public enum ProblemCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Invalid request"),
    AMBIGUOUS_CREDENTIALS(HttpStatus.BAD_REQUEST, "Ambiguous credentials"),
    MISSING_KEY(HttpStatus.UNAUTHORIZED, "Missing API key"),
    MALFORMED_KEY(HttpStatus.UNAUTHORIZED, "Malformed API key"),
    INVALID_KEY(HttpStatus.UNAUTHORIZED, "Invalid API key"),
    EXPIRED_KEY(HttpStatus.UNAUTHORIZED, "Expired API key"),
    REVOKED_KEY(HttpStatus.UNAUTHORIZED, "Revoked API key"),
    DISABLED_USER(HttpStatus.UNAUTHORIZED, "Disabled user"),
    INVALID_SIGNATURE(HttpStatus.UNAUTHORIZED, "Invalid signature"),
    INSUFFICIENT_SCOPE(HttpStatus.FORBIDDEN, "Insufficient scope"),
    USAGE_EXCEEDED(HttpStatus.FORBIDDEN, "Usage exceeded"),
    IP_NOT_ALLOWED(HttpStatus.FORBIDDEN, "IP not allowed"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    CONFLICT(HttpStatus.CONFLICT, "Conflict"),
    PAYLOAD_TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Payload too large"),
    URI_TOO_LONG(HttpStatus.REQUEST_URI_TOO_LONG, "URI too long"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    PROCESSING_FAILED(HttpStatus.UNPROCESSABLE_ENTITY, "Processing failed"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Rate limited"),
    TOO_MANY_FAILURES(HttpStatus.TOO_MANY_REQUESTS, "Too many failures"),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable");

    public final HttpStatus status;
    private final String title;
    public final String code;
    private final String type;

    ProblemCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
        // computed once: every refusal on the hot path writes both
        this.code = name().toLowerCase(Locale.ROOT);
        this.type = "urn:latchkey:problem:" + code;
    }

    public HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }

    public String code() {
        return code;
    }

    String type() {
        return type;
    }

    /** The code for an HTTP status that Micronaut itself produced (routing, body binding, ...). */
    static ProblemCode forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION_FAILED;
            case 401 -> MISSING_KEY;
            case 403 -> INSUFFICIENT_SCOPE;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> PROCESSING_FAILED;
            case 503 -> UNAVAILABLE;
            default -> status >= 400 && status < 500 ? VALIDATION_FAILED : INTERNAL_ERROR;
        };
    }
}
