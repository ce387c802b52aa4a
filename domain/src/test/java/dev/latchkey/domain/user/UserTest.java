package dev.latchkey.domain.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.InvalidValueException;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UserTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private final Random random = new Random(11);

    @Test
    void aRegisteredUserIsActive() {
        User user = User.register(UserId.generate(NOW, random), "Ada", "ada@example.com", "crm-42", NOW);

        assertThat(user.isActive()).isTrue();
        assertThat(user.createdAt()).isEqualTo(NOW).isEqualTo(user.updatedAt());
    }

    @Test
    void rejectsInvalidFieldsNamingTheField() {
        UserId id = UserId.generate(NOW, random);
        assertField(() -> User.register(id, "", null, null, NOW), "name");
        assertField(() -> User.register(id, "x".repeat(201), null, null, NOW), "name");
        assertField(() -> User.register(id, "Ada", "not-an-address", null, NOW), "email");
        assertField(() -> User.register(id, "Ada", null, " ", NOW), "externalId");
        assertField(() -> User.register(id, "Ada", null, "x".repeat(201), NOW), "externalId");
        assertThat(User.register(id, "x".repeat(200), null, "x".repeat(200), NOW).name()).hasSize(200);
    }

    @Test
    void idsAreVersion7UuidsInCreationOrder() {
        UserId earlier = UserId.generate(NOW, random);
        UserId later = UserId.generate(NOW.plusMillis(1), random);

        assertThat(java.util.UUID.fromString(earlier.value()).version()).isEqualTo(7);
        assertThat(earlier).isLessThan(later);
        assertThatThrownBy(() -> new UserId("ABC")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void statusHasWireNames() {
        assertThat(UserStatus.fromWireName("disabled")).isEqualTo(UserStatus.DISABLED);
        assertThat(UserStatus.ACTIVE.wireName()).isEqualTo("active");
        assertThatThrownBy(() -> UserStatus.fromWireName("Active")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void changesKeepIdentityAndMoveUpdatedAt() {
        User user = User.register(UserId.generate(NOW, random), "Ada", "ada@example.com", "crm-1", NOW);
        Instant later = NOW.plusSeconds(5);

        User changed = user.renamed("Ada L.", later).withEmail(null, later).withStatus(UserStatus.DISABLED, later);

        assertThat(changed.id()).isEqualTo(user.id());
        assertThat(changed.name()).isEqualTo("Ada L.");
        assertThat(changed.email()).isNull();
        assertThat(changed.status()).isEqualTo(UserStatus.DISABLED);
        assertThat(changed.createdAt()).isEqualTo(NOW);
        assertThat(changed.updatedAt()).isEqualTo(later);
        assertField(() -> user.renamed(" ", later), "name");
        assertField(() -> user.withEmail("nope", later), "email");
        assertField(() -> user.withStatus(UserStatus.DELETED, later), "status");
    }

    @Test
    void deletionIsFinalAndFreesTheExternalId() {
        User deleted = User.register(UserId.generate(NOW, random), "Ada", null, "crm-1", NOW).deleted(NOW);

        assertThat(deleted.isDeleted()).isTrue();
        assertThat(deleted.externalId()).isNull();
        assertThatThrownBy(() -> deleted.withStatus(UserStatus.ACTIVE, NOW)).isInstanceOf(IllegalStateException.class);
    }

    private static void assertField(Runnable action, String field) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }
}
