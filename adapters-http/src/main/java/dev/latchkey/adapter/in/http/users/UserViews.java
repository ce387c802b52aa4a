package dev.latchkey.adapter.in.http.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.Views;
import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.domain.user.User;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The JSON shapes of users in responses. Absent values are written as {@code null}. */
public final class UserViews {

    private UserViews() {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "User")
    public record UserView(@Schema(pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH) String id,
                    @Schema(minLength = 1, maxLength = User.MAX_NAME_LENGTH) String name,
                    @Nullable @Schema(format = "email", maxLength = User.MAX_EMAIL_LENGTH, nullable = true)
                    String email,
                    @Nullable @Schema(maxLength = User.MAX_EXTERNAL_ID_LENGTH, nullable = true) String externalId,
                    @Schema(allowableValues = {"active", "disabled"}) String status,
                    @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String createdAt,
                    @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH) String updatedAt) {
    public     static UserView of(User user) {
            return new UserView(user.id().value(), user.name(), user.email(), user.externalId(),
                    user.status().wireName(), Views.timestamp(user.createdAt()), Views.timestamp(user.updatedAt()));
        }
    }

    /** A page of users; {@code nextCursor} is null on the last page. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "UserPage")
    record UserPage(@ArraySchema(maxItems = PageRequest.MAX_LIMIT) List<UserView> items,
                    @Nullable @Schema(pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH,
                            nullable = true) String nextCursor) {
    public     static UserPage of(Page<User> page) {
            return new UserPage(page.items().stream().map(UserView::of).toList(), page.nextCursor().orElse(null));
        }
    }
}
