package dev.latchkey.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretBoxTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final WebhookSecretBox box = new WebhookSecretBox(
            "a-pepper-of-at-least-thirty-two-bytes-0123".getBytes(StandardCharsets.US_ASCII));

    @Test
    void aSealedSecretOpensAgainAndShowsNothingOfItself() {
        String sealed = box.seal(SECRET);
        String again = box.seal(SECRET);

        assertThat(sealed).startsWith("v1:").doesNotContain(SECRET.substring(6)).isNotEqualTo(again);
        assertThat(box.open(sealed)).isEqualTo(SECRET);
        assertThat(box.open(again)).isEqualTo(SECRET);
    }

    @Test
    void anAlteredSealOrAnotherPepperDoesNotOpen() {
        String sealed = box.seal(SECRET);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
        bytes[bytes.length - 1] ^= 1;
        String altered = "v1:" + Base64.getEncoder().encodeToString(bytes);
        WebhookSecretBox otherPepper = new WebhookSecretBox(
                "another-pepper-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> box.open(altered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> otherPepper.open(sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another pepper");
        assertThatThrownBy(() -> box.open(SECRET)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open("v1:AAAA")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open("v1:not base64!")).isInstanceOf(IllegalStateException.class);
    }
}
