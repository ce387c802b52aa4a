package dev.latchkey.adapter.in.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.verification.RejectionReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every refusal of the domain's verification policies ends a console session with words of its own. */
class SessionEndingTest {

    @Test
    void everyRejectionReasonHasAnEndingTheSignInPageCanName() {
        for (RejectionReason reason : RejectionReason.values()) {
            SessionEnding ending = SessionEnding.of(reason);
            assertThat(ending.message).as(reason.name()).startsWith("Your session ended: ").endsWith(".");
            assertThat(SessionEnding.named(ending.word)).as(reason.name()).contains(ending);
        }
    }

    @Test
    void theEndingsAreNamedApartAndAWordThatIsNoneNamesNothing() {
        assertThat(Arrays.stream(SessionEnding.values()).map(ending -> ending.word).distinct())
                .hasSize(SessionEnding.values().length);
        assertThat(SessionEnding.named("unavailable")).isEmpty();
        assertThat(SessionEnding.named(null)).isEmpty();
    }

    @Test
    void theRefusalsOfAKeysStandingEachSayWhatHappened() {
        assertThat(SessionEnding.of(RejectionReason.REVOKED).word).isEqualTo("revoked");
        assertThat(SessionEnding.of(RejectionReason.EXPIRED).word).isEqualTo("expired");
        assertThat(SessionEnding.of(RejectionReason.DISABLED).word).isEqualTo("disabled");
        assertThat(SessionEnding.of(RejectionReason.IP_NOT_ALLOWED).word).isEqualTo("address");
        assertThat(SessionEnding.of(RejectionReason.NOT_FOUND).word).isEqualTo("gone");
    }
}
