package dev.latchkey.adapter.in.http.keys;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.access.AccessPolicies;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyMetadata;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;

/** A key's {@code meta} between its JSON form in requests and responses and its stored text. */
@Singleton
public final class KeyMeta {

    /** How deep meta may nest: deep enough for any real use, far below what a JSON writer or reader chokes on. */
    public static final int MAX_DEPTH = 20;
    /** For the OpenAPI document. */
    static final String DESCRIPTION = "the owner's data: any JSON object, at most " + KeyMetadata.MAX_BYTES
            + " bytes and " + MAX_DEPTH + " levels deep; Latchkey keeps it and hands it back, never reads it";

    private final JsonMapper json;

    KeyMeta(JsonMapper json) {
        this.json = json;
    }

    /** The metadata of a request field: a JSON object, or absent for {@code null}. */
    public KeyMetadata fromRequest(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidValueException("meta", "meta must be a JSON object");
        }
        if (depthExceeds(node, MAX_DEPTH)) {
            throw new InvalidValueException("meta", "meta may nest at most " + MAX_DEPTH + " levels");
        }
        try {
            return new KeyMetadata(json.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code node} nests deeper than {@code limit} levels (itself level 1); walked without recursion. */
    private static boolean depthExceeds(JsonNode node, int limit) {
        ArrayDeque<JsonNode> level = new ArrayDeque<>(List.of(node));
        for (int depth = 1; !level.isEmpty(); depth++) {
            if (depth > limit) {
                return true;
            }
            ArrayDeque<JsonNode> next = new ArrayDeque<>();
            for (JsonNode container : level) {
                for (JsonNode child : container.values()) {
                    if (child.isObject() || child.isArray()) {
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        return false;
    }

    public JsonNode toResponse(KeyMetadata meta) {
        if (meta == null) {
            return null;
        }
        try {
            return json.readValue(meta.json(), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored meta is not JSON", e);
        }
    }

    /**
     * A key as shown to {@code viewer}, with its metadata as JSON; whether it is a honeytoken only to a viewer who may
     * tell honeytokens apart (to anyone else, {@code null} for every key).
     */
    KeyViews.KeyView view(ApiKey key, Caller viewer) {
        return KeyViews.KeyView.of(key, toResponse(key.meta()), AccessPolicies.maySeeHoneytokens(viewer));
    }
}
