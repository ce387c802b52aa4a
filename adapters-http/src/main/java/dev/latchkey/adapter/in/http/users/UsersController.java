package dev.latchkey.adapter.in.http.users;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.PathIds;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.problem.MoreProblemResponses;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.security.Callers;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.users.DeleteUser;
import dev.latchkey.application.port.in.users.GetUser;
import dev.latchkey.application.port.in.users.ListUsers;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.in.users.UpdateUser;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserSearch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.validation.Valid;
import java.net.URI;

/** {@code /v1/users}: register, list and read users. */
@Controller("/v1/users")
@ProblemResponses
@NegotiationProblemResponses
class UsersController {

    private final RegisterUser registerUser;
    private final GetUser getUser;
    private final ListUsers listUsers;
    private final UpdateUser updateUser;
    private final DeleteUser deleteUser;

    UsersController(RegisterUser registerUser, GetUser getUser, ListUsers listUsers, UpdateUser updateUser,
                    DeleteUser deleteUser) {
        this.registerUser = registerUser;
        this.getUser = getUser;
        this.listUsers = listUsers;
        this.updateUser = updateUser;
        this.deleteUser = deleteUser;
    }

    @SuccessResponses.Created
    @Operation(operationId = "createUser", summary = "Create a user", tags = "users")
    @Post
    @Status(HttpStatus.CREATED)
    @MoreProblemResponses.Conflict
    @Secured("users:write")
    HttpResponse<UserViews.UserView> register(@Body @Valid UserRequests.RegisterUser request) {
        User user = registerUser.register(new RegisterUser.Command(request.name(), request.email(),
                request.externalId()));
        return HttpResponse.created(UserViews.UserView.of(user), URI.create("/v1/users/" + user.id().value()));
    }

    @SuccessResponses.Ok
    @Operation(operationId = "listUsers", summary = "List users", tags = "users")
    @Get
    @Secured("users:read")
    UserViews.UserPage list(@QueryValue @Nullable @Parameter(description = "page size", schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "" + PageRequest.MAX_LIMIT, defaultValue = "" + PageRequest.DEFAULT_LIMIT)) Integer limit, @QueryValue @Nullable @Parameter(description = "the nextCursor of the previous page", schema = @Schema(type = "string", pattern = ApiSchemas.CURSOR_PATTERN, maxLength = ApiSchemas.CURSOR_LENGTH)) String cursor, @QueryValue @Nullable @Parameter(description = "only the users whose name, email or externalId contains this text (A-Z in either case)", schema = @Schema(type = "string", minLength = 1, maxLength = UserSearch.MAX_LENGTH)) String q) {
        PageRequest page = PageRequest.of(limit, cursor);
        return UserViews.UserPage.of(q == null ? listUsers.list(page) : listUsers.search(new UserSearch(q), page));
    }

    @SuccessResponses.Ok
    @Operation(operationId = "getUser", summary = "Get a user", tags = "users")
    @Get("/{userId}")
    @Secured("users:read")
    UserViews.UserView get(@PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH)) String userId) {
        return UserViews.UserView.of(getUser.get(PathIds.user(userId)));
    }

    /**
     * Only the fields sent change, on the user as it is at that moment; {@code "email": null} clears the address. A
     * user deleted meanwhile stays deleted (404).
     */
    @SuccessResponses.Ok
    @Operation(operationId = "updateUser", summary = "Change a user", tags = "users", description = "Only the fields sent change. The calling key must hold every built-in scope of the user's unrevoked keys (so only admin disables or re-enables an admin), else 403 insufficient_scope and nothing changes.")
    @Patch("/{userId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Secured("users:write")
    @RequestBody(content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserRequests.UserPatchDoc.class)),
        @Content(mediaType = "application/merge-patch+json", schema = @Schema(implementation = UserRequests.UserPatchDoc.class))})
    UserViews.UserView update(Authentication authentication, @PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH)) String userId, @Body JsonNode patch) {
        return UserViews.UserView.of(updateUser.update(Callers.of(authentication), UserRequests.userPatch(PathIds.user(userId), patch)));
    }

    /** Every key of the user stops working at once. */
    @SuccessResponses.NoContent
    @Operation(operationId = "deleteUser", summary = "Delete a user and stop their keys", tags = "users", description = "The calling key must hold every built-in scope of the user's unrevoked keys, else 403 insufficient_scope and nothing changes.")
    @Delete("/{userId}")
    @Status(HttpStatus.NO_CONTENT)
    @Secured("users:write")
    HttpResponse<Void> delete(Authentication authentication, @PathVariable @Parameter(schema = @Schema(type = "string", pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH)) String userId) {
        deleteUser.delete(Callers.of(authentication), PathIds.user(userId));
        return HttpResponse.noContent();
    }
}
