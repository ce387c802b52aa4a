package dev.latchkey.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretBoxTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** Sealed by the first form of the box (v1, no endpoint in the associated data), under the pepper below. */
    private static final String SEALED_V1 = "v1:LvOX5CY/WGu1IoCxBbLt6U5McBgjv5PLT58iaggx0DU5vJfZvZF5akaK6kXz66Jg4Nb8w4kyhzUG"
            + "ZiSgk9N+Gjcz";
    private static final WebhookId ENDPOINT = new WebhookId("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");
    private static final WebhookId OTHER = new WebhookId("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c");
    private final WebhookSecretBox box = new WebhookSecretBox(
            "a-pepper-of-at-least-thirty-two-bytes-0123".getBytes(StandardCharsets.US_ASCII));

    @Test
    void aSealedSecretOpensAgainAndShowsNothingOfItself() {
        String sealed = box.seal(SECRET, ENDPOINT);
        String again = box.seal(SECRET, ENDPOINT);

        assertThat(sealed).startsWith("v2:").doesNotContain(SECRET.substring(6)).isNotEqualTo(again);
        assertThat(box.open(sealed, ENDPOINT)).isEqualTo(SECRET);
        assertThat(box.open(again, ENDPOINT)).isEqualTo(SECRET);
    }

    @Test
    void aSealCopiedToAnotherEndpointDoesNotOpenThere() {
        String sealed = box.seal(SECRET, ENDPOINT);

        assertThatThrownBy(() -> box.open(sealed, OTHER)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another endpoint").hasMessageNotContaining(SECRET.substring(6));
        assertThatThrownBy(() -> box.open("v1:" + sealed.substring(3), ENDPOINT)).as("nor as an unbound seal")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSealOfTheFirstFormStillOpens() {
        assertThat(box.open(SEALED_V1, ENDPOINT)).isEqualTo(SECRET);
        assertThat(box.open(SEALED_V1, OTHER)).as("it was bound to no endpoint").isEqualTo(SECRET);
    }

    @Test
    void anAlteredSealOrAnotherPepperDoesNotOpen() {
        String sealed = box.seal(SECRET, ENDPOINT);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
        bytes[bytes.length - 1] ^= 1;
        String altered = "v2:" + Base64.getEncoder().encodeToString(bytes);
        WebhookSecretBox otherPepper = new WebhookSecretBox(
                "another-pepper-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> box.open(altered, ENDPOINT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> otherPepper.open(sealed, ENDPOINT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another pepper");
        assertThatThrownBy(() -> otherPepper.open(SEALED_V1, ENDPOINT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open(SECRET, ENDPOINT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open("v2:AAAA", ENDPOINT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open("v2:not base64!", ENDPOINT)).isInstanceOf(IllegalStateException.class);
    }
}
