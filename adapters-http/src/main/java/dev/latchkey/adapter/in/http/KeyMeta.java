package dev.latchkey.adapter.in.http;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyMetadata;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A key's {@code meta} between its JSON form in requests and responses and its stored text. */
@Singleton
final class KeyMeta {

    private final JsonMapper json;

    KeyMeta(JsonMapper json) {
        this.json = json;
    }

    /** The metadata of a request field: a JSON object, or absent for {@code null}. */
    KeyMetadata fromRequest(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidValueException("meta", "meta must be a JSON object");
        }
        try {
            return new KeyMetadata(json.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode toResponse(KeyMetadata meta) {
        if (meta == null) {
            return null;
        }
        try {
            return json.readValue(meta.json(), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored meta is not JSON", e);
        }
    }

    /** A key as shown, with its metadata as JSON. */
    Views.KeyView view(ApiKey key) {
        return Views.KeyView.of(key, toResponse(key.meta()));
    }
}
