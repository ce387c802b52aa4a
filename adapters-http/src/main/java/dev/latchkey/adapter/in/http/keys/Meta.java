package dev.latchkey.adapter.in.http.keys;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * For the OpenAPI document only: what a key's {@code meta} is, a free-form JSON object (the fields that hold it are
 * JSON trees, read by {@link KeyMeta}). Its schema is named after the class: a {@code name} here would rename the
 * fields that refer to it.
 */
@Schema(type = "object", nullable = true, description = KeyMeta.DESCRIPTION,
        additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
public record Meta() {
}
