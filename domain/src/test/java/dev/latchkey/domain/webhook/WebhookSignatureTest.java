package dev.latchkey.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The Standard Webhooks specification's own example, so that any receiver library agrees with us. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final Instant AT = Instant.ofEpochSecond(1614265330);
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final WebhookSignature signature = WebhookSignature.ofSecret(SECRET);

    @Test
    void signsAsTheStandardWebhooksExampleDoes() {
        assertThat(signature.sign(ID, AT, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void aReceiverAcceptsTheGenuineDeliveryAmongOtherSignatures() {
        assertThat(signature.verify(ID, "1614265330", BODY, SIGNATURE, AT, Duration.ofMinutes(5))).isTrue();
        assertThat(signature.verify(ID, "1614265330", BODY, "v1,bm90IGl0 " + SIGNATURE, AT.plusSeconds(299),
                Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void aForgeryIsDetected() {
        assertThat(signature.verify(ID, "1614265330", BODY.replace("2432232314", "2432232315"), SIGNATURE, AT,
                Duration.ofMinutes(5))).as("another body").isFalse();
        assertThat(signature.verify("msg_other", "1614265330", BODY, SIGNATURE, AT, Duration.ofMinutes(5)))
                .as("another message id").isFalse();
        assertThat(WebhookSignature.ofSecret("whsec_" + "A".repeat(32)).verify(ID, "1614265330", BODY, SIGNATURE, AT,
                Duration.ofMinutes(5))).as("another secret").isFalse();
        assertThat(signature.verify(ID, "1614265330", BODY, "v2," + SIGNATURE.substring(3), AT, Duration.ofMinutes(5)))
                .as("another version").isFalse();
        assertThat(signature.verify(ID, "1614265330", BODY, "v1,not base64!", AT, Duration.ofMinutes(5))).isFalse();
        assertThat(signature.verify(ID, "1614265330", BODY, null, AT, Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void aReplayOutsideTheToleranceIsRefusedEvenWithItsOwnSignature() {
        assertThat(signature.verify(ID, "1614265330", BODY, SIGNATURE, AT.plusSeconds(301), Duration.ofMinutes(5)))
                .isFalse();
        assertThat(signature.verify(ID, "1614265330", BODY, SIGNATURE, AT.minusSeconds(301), Duration.ofMinutes(5)))
                .isFalse();
        // a moved timestamp does not match the signature made over the old one
        assertThat(signature.verify(ID, "1614265631", BODY, SIGNATURE, AT.plusSeconds(301), Duration.ofMinutes(5)))
                .isFalse();
        assertThat(signature.verify(ID, "soon", BODY, SIGNATURE, AT, Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void secretsAreWhsecAndEnoughBase64() {
        assertThat(WebhookSignature.secretOf(new byte[32])).startsWith("whsec_").hasSize(6 + 44);
        WebhookSignature.ofSecret(WebhookSignature.secretOf(new byte[32]));
        for (String wrong : new String[] {null, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_###", "whsec_AAAA"}) {
            assertThatThrownBy(() -> WebhookSignature.ofSecret(wrong)).as(String.valueOf(wrong))
                    .isInstanceOf(InvalidValueException.class);
        }
        assertThat(signature.toString()).doesNotContain("MfKQ");
    }
}
