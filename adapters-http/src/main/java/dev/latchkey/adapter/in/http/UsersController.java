package dev.latchkey.adapter.in.http;

import dev.latchkey.application.port.in.GetUser;
import dev.latchkey.application.port.in.ListUsers;
import dev.latchkey.application.port.in.PageRequest;
import dev.latchkey.application.port.in.DeleteUser;
import dev.latchkey.application.port.in.RegisterUser;
import dev.latchkey.application.port.in.UpdateUser;
import dev.latchkey.domain.user.User;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.validation.Valid;
import java.net.URI;

/** {@code /v1/users}: register, list and read users. */
@Controller("/v1/users")
@ProblemResponses
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

    @Post
    @Status(HttpStatus.CREATED)
    @ApiResponse(responseCode = "409", description = "conflict: a user with that externalId exists", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Secured("users:write")
    HttpResponse<Views.UserView> register(@Body @Valid Requests.RegisterUser request) {
        User user = registerUser.register(new RegisterUser.Command(request.name(), request.email(),
                request.externalId()));
        return HttpResponse.created(Views.UserView.of(user), URI.create("/v1/users/" + user.id().value()));
    }

    @Get
    @Secured("users:read")
    Views.ItemsView<Views.UserView> list(@QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        return Views.ItemsView.of(listUsers.list(PageRequest.of(limit, cursor)), Views.UserView::of);
    }

    @Get("/{userId}")
    @Secured("users:read")
    Views.UserView get(@PathVariable String userId) {
        return Views.UserView.of(getUser.get(PathIds.user(userId)));
    }

    /** Only the fields sent change; {@code "email": null} clears the address. */
    @Patch("/{userId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Secured("users:write")
    @RequestBody(content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Requests.UserPatchDoc.class)),
        @Content(mediaType = "application/merge-patch+json", schema = @Schema(implementation = Requests.UserPatchDoc.class))})
    Views.UserView update(@PathVariable String userId, @Body JsonNode patch) {
        return Views.UserView.of(updateUser.update(Requests.userPatch(PathIds.user(userId), patch)));
    }

    /** Every key of the user stops working at once. */
    @Delete("/{userId}")
    @Status(HttpStatus.NO_CONTENT)
    @Secured("users:write")
    HttpResponse<Void> delete(@PathVariable String userId) {
        deleteUser.delete(PathIds.user(userId));
        return HttpResponse.noContent();
    }
}
