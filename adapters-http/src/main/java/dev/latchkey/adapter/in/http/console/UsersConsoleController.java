package dev.latchkey.adapter.in.http.console;

import dev.latchkey.adapter.in.http.security.Callers;
import dev.latchkey.application.port.in.keys.ListApiKeys;
import dev.latchkey.application.port.in.users.DeleteUser;
import dev.latchkey.application.port.in.users.GetUser;
import dev.latchkey.application.port.in.users.ListUsers;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.in.users.UpdateUser;
import dev.latchkey.domain.DomainException;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserSearch;
import dev.latchkey.domain.user.UserStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The console's users: search, create, disable, enable and delete; a user's page lists their keys. */
@Hidden
@Controller(ConsolePaths.ROOT + "/users")
final class UsersConsoleController {

    static final int PAGE_SIZE = 25;

    private final ConsolePages pages;
    private final ListUsers listUsers;
    private final GetUser getUser;
    private final RegisterUser registerUser;
    private final UpdateUser updateUser;
    private final DeleteUser deleteUser;
    private final ListApiKeys listApiKeys;
    private final Clock clock;

    UsersConsoleController(ConsolePages pages, ListUsers listUsers, GetUser getUser, RegisterUser registerUser, UpdateUser updateUser,
                           DeleteUser deleteUser, ListApiKeys listApiKeys, Clock clock) {
        this.pages = pages;
        this.listUsers = listUsers;
        this.getUser = getUser;
        this.registerUser = registerUser;
        this.updateUser = updateUser;
        this.deleteUser = deleteUser;
        this.listApiKeys = listApiKeys;
        this.clock = clock;
    }

    @Get
    @Secured("users:read")
    HttpResponse<?> list(HttpRequest<?> request, Authentication authentication, @QueryValue @Nullable String q,
                         @QueryValue @Nullable String cursor) {
        ConsolePages.Listing users = ConsolePages.list(PAGE_SIZE, cursor, pageRequest -> q == null || q.isBlank()
                ? listUsers.list(pageRequest) : listUsers.search(new UserSearch(q), pageRequest), ConsoleViews::user);
        return pages.page(request, authentication, "users", ConsoleSection.USERS, ConsolePages.model(
                "q", q, "error", users.error(), "users", users.items(), "nextCursor", users.nextCursor()));
    }

    @Post
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("users:write")
    HttpResponse<?> create(HttpRequest<?> request, @Body @Nullable Map<String, String> body) {
        ConsoleForm form = ConsoleForm.of(body);
        ConsolePages.requireToken(request, form);
        try {
            User user = registerUser.register(new RegisterUser.Command(form.text("name"), form.text("email"),
                    form.text("externalId")));
            return ConsolePages.seeOther(request, userPath(user), false, "User " + user.name() + " created.");
        } catch (DomainException | InvalidValueException e) {
            return ConsolePages.seeOther(request, ConsoleSection.USERS.path, true,
                    "The user was not created: " + e.getMessage());
        }
    }

    @Get("/{userId}")
    @Secured("users:read")
    HttpResponse<?> show(HttpRequest<?> request, Authentication authentication, @PathVariable String userId,
                         @QueryValue @Nullable String cursor, @QueryValue("all") @Nullable String includeRevoked) {
        User user = ConsoleLookups.user(getUser, userId);
        ConsolePages.Listing keys = !authentication.getRoles().contains(Scope.KEYS_READ.value())
                ? new ConsolePages.Listing(List.of(), null, null)
                : ConsolePages.list(PAGE_SIZE, cursor, pageRequest -> listApiKeys.list(user.id(), pageRequest,
                        includeRevoked != null), key -> ConsoleViews.key(key, clock.instant(), Callers.of(authentication)));
        return pages.page(request, authentication, "user", ConsoleSection.USERS, ConsolePages.model(
                "user", ConsoleViews.user(user), "keys", keys.items(), "nextCursor", keys.nextCursor(),
                "error", keys.error(), "all", includeRevoked != null));
    }

    @Post("/{userId}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("users:write")
    HttpResponse<?> changeStatus(HttpRequest<?> request, Authentication authentication, @PathVariable String userId,
                                 @Body @Nullable Map<String, String> body) {
        ConsoleForm form = ConsoleForm.of(body);
        ConsolePages.requireToken(request, form);
        User user = ConsoleLookups.user(getUser, userId);
        try {
            UserStatus status = UserStatus.fromWireName(String.valueOf(form.text("status")));
            User changed = updateUser.update(Callers.of(authentication), new UpdateUser.Command(user.id(), Optional.empty(), Optional.empty(),
                    Optional.of(status)));
            return ConsolePages.seeOther(request, userPath(user), false, "User " + changed.name() + " is "
                    + status.wireName() + (changed.isActive() ? ": their keys work again."
                    : ": none of their keys works until enabled."));
        } catch (DomainException | InvalidValueException e) {
            return ConsolePages.seeOther(request, userPath(user), true, "Nothing changed: " + e.getMessage());
        }
    }

    @Get("/{userId}/delete")
    @Secured("users:write")
    HttpResponse<?> confirmDelete(HttpRequest<?> request, Authentication authentication, @PathVariable String userId) {
        User user = ConsoleLookups.user(getUser, userId);
        return pages.confirmation(request, authentication, "Delete " + user.name() + "?",
                "Every key of this user stops working at once, for good. The user cannot be restored.",
                userPath(user) + "/delete", "Delete user", userPath(user));
    }

    @Post("/{userId}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("users:write")
    HttpResponse<?> delete(HttpRequest<?> request, Authentication authentication, @PathVariable String userId,
                           @Body @Nullable Map<String, String> body) {
        ConsolePages.requireToken(request, ConsoleForm.of(body));
        User user = ConsoleLookups.user(getUser, userId);
        try {
            deleteUser.delete(Callers.of(authentication), user.id());
        } catch (DomainException e) {
            return ConsolePages.seeOther(request, userPath(user), true, "The user was not deleted: " + e.getMessage());
        }
        return ConsolePages.seeOther(request, ConsoleSection.USERS.path, false,
                "User " + user.name() + " deleted; their keys no longer work.");
    }

    static String userPath(User user) {
        return ConsoleSection.USERS.path + "/" + user.id().value();
    }
}
