package dev.latchkey.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** An RFC 9457 problem document; {@code errors} lists invalid fields of a {@code validation_failed}. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String code, String detail, @Nullable String requestId,
               @Nullable List<FieldError> errors) {

    /** One invalid field: its name as the API calls it and what is wrong with it. */
    @Serdeable
    record FieldError(String field, String message) {
    }
}
