package dev.latchkey.adapter.out.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.user.UserId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index of cached keys by owner, as one key, a few and many: what goes in comes out, and nothing more. */
class KeysByOwnerTest {

    private static final UserId ADA = new UserId("01a20500-14f8-749d-b734-6677a3055c10");
    private static final UserId BOB = new UserId("01a20500-14f8-749d-b734-6677a3055c11");

    private final KeysByOwner index = new KeysByOwner();

    private static List<String> keys(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(String.format("K%011d", i));
        }
        return keys;
    }

    @Test
    void holdsEachOwnersKeysApartWhateverTheirNumber() {
        for (int count : new int[] {1, 2, 4, 5, 16, 17, 100}) {
            List<String> adas = keys(count);
            adas.forEach(key -> index.add(ADA, key));
            adas.forEach(key -> index.add(ADA, key)); // twice: still once
            index.add(BOB, "BBBBBBBBBBBB");

            assertThat(index.of(ADA)).containsExactlyInAnyOrderElementsOf(adas);
            assertThat(index.of(BOB)).containsExactly("BBBBBBBBBBBB");

            adas.subList(0, count / 2).forEach(key -> index.remove(ADA, key));
            assertThat(index.of(ADA)).containsExactlyInAnyOrderElementsOf(adas.subList(count / 2, count));
            adas.forEach(key -> index.remove(ADA, key));
            assertThat(index.of(ADA)).isEmpty();
            assertThat(index.owners()).isEqualTo(1);

            index.remove(BOB, "BBBBBBBBBBBB");
            assertThat(index.owners()).isZero();
        }
    }

    @Test
    void aFreedSlotIsUsedAgainAndRemovingWhatIsNotThereChangesNothing() {
        keys(4).forEach(key -> index.add(ADA, key));
        index.remove(ADA, "K00000000001");
        index.remove(ADA, "NOTINDEXED00");
        index.remove(BOB, "K00000000002");
        index.add(ADA, "K00000000009");

        assertThat(index.of(ADA)).containsExactlyInAnyOrder("K00000000000", "K00000000002", "K00000000003",
                "K00000000009");
    }
}
