package dev.latchkey.application.service.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.in.users.UpdateUser;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.user.ExternalIdTaken;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserNotFound;
import dev.latchkey.domain.user.UserStatus;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserServiceTest {

    private final UseCases app = new UseCases();

    @Test
    void registersAnActiveUserAtTheStoresPrecision() {
        User user = app.userService.register(new RegisterUser.Command("Ada", "ada@example.com", "crm-42"));

        assertThat(user.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(user.createdAt()).isEqualTo(UseCases.START.truncatedTo(ChronoUnit.MICROS));
        assertThat(app.userService.get(user.id())).isEqualTo(user);
    }

    @Test
    void refusesADuplicateExternalId() {
        app.userService.register(new RegisterUser.Command("Ada", null, "crm-42"));

        assertThatThrownBy(() -> app.userService.register(new RegisterUser.Command("Eve", null, "crm-42")))
                .isInstanceOf(ExternalIdTaken.class);
    }

    @Test
    void anUnknownUserIsNotFound() {
        assertThatThrownBy(() -> app.userService.get(new UserId("00000000-0000-7000-8000-000000000000")))
                .isInstanceOf(UserNotFound.class);
    }

    @Test
    void updatesOnlyWhatIsPresent() {
        User user = app.userService.register(new RegisterUser.Command("Ada", "ada@example.com", "crm-1"));
        app.clock.advance(Duration.ofSeconds(1));

        User renamed = app.userService.update(Caller.SERVICE, new UpdateUser.Command(user.id(), Optional.of("Ada L."), Optional.empty(),
                Optional.empty()));
        User cleared = app.userService.update(Caller.SERVICE, new UpdateUser.Command(user.id(), Optional.empty(),
                Optional.of(Optional.empty()), Optional.of(UserStatus.DISABLED)));

        assertThat(renamed.email()).isEqualTo("ada@example.com");
        assertThat(renamed.updatedAt()).isAfter(user.updatedAt());
        assertThat(cleared.name()).isEqualTo("Ada L.");
        assertThat(cleared.email()).isNull();
        assertThat(app.userService.get(user.id())).isEqualTo(cleared);
    }

    @Test
    void aDeletedUserIsNotFoundAndItsExternalIdIsFree() {
        User user = app.userService.register(new RegisterUser.Command("Ada", null, "crm-1"));

        app.userService.delete(Caller.SERVICE, user.id());

        assertThatThrownBy(() -> app.userService.get(user.id())).isInstanceOf(UserNotFound.class);
        assertThatThrownBy(() -> app.userService.delete(Caller.SERVICE, user.id())).isInstanceOf(UserNotFound.class);
        assertThatThrownBy(() -> app.userService.update(Caller.SERVICE, new UpdateUser.Command(user.id(), Optional.of("x"),
                Optional.empty(), Optional.empty()))).isInstanceOf(UserNotFound.class);
        assertThat(app.userService.register(new RegisterUser.Command("Ada again", null, "crm-1")).externalId())
                .isEqualTo("crm-1");
    }

    @Test
    void pagesThroughEveryUserExactlyOnceInCreationOrder() {
        List<User> registered = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            registered.add(app.userService.register(new RegisterUser.Command("user " + i, null, null)));
            app.clock.advance(Duration.ofMillis(1));
        }

        List<User> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            Page<User> page = app.userService.list(new PageRequest(3, cursor));
            seen.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent());

        assertThat(seen).containsExactlyElementsOf(registered);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void theLastFullPageHasNoNextCursor() {
        app.userService.register(new RegisterUser.Command("a", null, null));
        app.userService.register(new RegisterUser.Command("b", null, null));

        assertThat(app.userService.list(PageRequest.first(2)).nextCursor()).isEmpty();
    }

    @Test
    void refusesACursorItDidNotIssueAndAnOutOfRangeLimit() {
        assertThatThrownBy(() -> app.userService.list(PageRequest.of(10, "not-a-cursor!")))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        assertThatThrownBy(() -> app.userService.list(PageRequest.of(10, "azE6eHh4")))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> PageRequest.of(0, null)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> PageRequest.of(101, null)).isInstanceOf(InvalidValueException.class);
        assertThat(PageRequest.of(null, null).limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
    }
}
