package dev.latchkey.application.service.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void userCursorsRoundTrip() {
        UserId id = new UserId("01a20500-14f8-749d-b734-6677a3055c10");

        assertThat(Cursors.toUser(Cursors.ofUser(id))).isEqualTo(id);
        assertThat(Cursors.ofUser(id)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void keyCursorsRoundTripToTheNanosecond() {
        ApiKeys.Position position = new ApiKeys.Position(Instant.parse("2026-11-22T10:15:30.123456Z"),
                new KeyId("aB3dE5gH7jK9"));

        assertThat(Cursors.toKey(Cursors.ofKey(position))).isEqualTo(position);
    }

    @Test
    void refusesCursorsItDidNotMakeOrOfTheOtherKind() {
        String userCursor = Cursors.ofUser(new UserId("01a20500-14f8-749d-b734-6677a3055c10"));
        String keyCursor = Cursors.ofKey(new ApiKeys.Position(Instant.EPOCH, new KeyId("aB3dE5gH7jK9")));

        for (String bad : List.of("!!", "", "dTE6", keyCursor)) {
            assertThatThrownBy(() -> Cursors.toUser(bad)).isInstanceOf(InvalidValueException.class);
        }
        for (String bad : List.of("!!", "azE6MTox", "azE6eDp5OmFCM2RFNWdIN2pLOQ", userCursor)) {
            assertThatThrownBy(() -> Cursors.toKey(bad)).isInstanceOf(InvalidValueException.class);
        }
    }
}
