package dev.latchkey.adapter.in.http.users;

import dev.latchkey.adapter.in.http.common.JsonFields;

import dev.latchkey.application.port.in.users.UpdateUser;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * The JSON bodies of the user resource (docs/api-guide.md §5): registering and patching a user. Unknown fields are
 * ignored; required fields are {@code @Nullable} for the JSON reader so that bean validation, not a parse error,
 * reports them by name.
 */
final class UserRequests {

    private UserRequests() {
    }

    @Serdeable
    @Schema(name = "NewUser")
    record RegisterUser(@Nullable @NotBlank @Size(max = User.MAX_NAME_LENGTH) String name,
                        @Nullable @Size(max = User.MAX_EMAIL_LENGTH) @Schema(format = "email") String email,
                        @Nullable @Size(min = 1, max = User.MAX_EXTERNAL_ID_LENGTH)
                        @Schema(description = "your own id for the user; unique") String externalId) {
    }

    /** For the OpenAPI document: the fields PATCH /v1/users/{userId} reads (all optional). */
    @Schema(name = "UserPatch")
    record UserPatchDoc(@Schema(minLength = 1, maxLength = User.MAX_NAME_LENGTH, requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                                description = "not null: a user keeps a name") String name,
                        @Nullable @Schema(nullable = true, format = "email", maxLength = User.MAX_EMAIL_LENGTH,
                                description = "null removes the address") String email,
                        @Nullable @Schema(allowableValues = {"active", "disabled"}) String status) {
    }

    /**
     * A PATCH of a user, read from the JSON tree so that an absent field (unchanged) differs from
     * {@code null} (cleared, for {@code email}).
     */
    static UpdateUser.Command userPatch(UserId id, JsonNode body) {
        JsonFields.requireObject(body);
        Optional<String> name = Optional.ofNullable(body.get("name")).map(node -> JsonFields.string("name", node, false));
        Optional<Optional<String>> email = Optional.ofNullable(body.get("email"))
                .map(node -> Optional.ofNullable(JsonFields.string("email", node, true)));
        Optional<UserStatus> status = Optional.ofNullable(body.get("status"))
                .map(node -> UserStatus.fromWireName(JsonFields.string("status", node, false)));
        return new UpdateUser.Command(id, name, email, status);
    }
}
