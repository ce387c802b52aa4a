package dev.latchkey.adapter.out.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.out.store.StoreUnavailable;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.verification.HoneytokenPresentation;
import dev.latchkey.domain.verification.VerificationEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The honeytokens' presentations among the verdicts, gathered per key, address and minute and handed on. */
class HoneytokenAlertsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:05Z");
    private static final KeyId KEY = new KeyId("AbCdEfGhIjKl");
    /** An address whose presentation the store refuses for itself (as PostgreSQL a NUL in the user agent). */
    private static final String POISON = "192.0.2.66";
    private final List<HoneytokenPresentation> handed = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private boolean refuse;
    private final List<String> attempted = new ArrayList<>();
    private final HoneytokenAlerts alerts = new HoneytokenAlerts(() -> presented -> {
        attempted.add(presented.requestId());
        if (refuse) {
            throw new StoreUnavailable(new IllegalStateException("store down"));
        }
        if (presented.clientIp().equals(POISON)) {
            throw new IllegalArgumentException("invalid byte sequence for encoding UTF8: 0x00");
        }
        handed.add(presented);
    }, new HoneytokenAlerts.Settings(Duration.ofSeconds(1), 3), registry);

    private static VerificationEvent event(KeyId keyId, String clientIp, Instant at, boolean honeytoken,
                                           String requestId) {
        return new VerificationEvent(at, keyId, null, "NOT_FOUND", clientIp, requestId, "/v1/auth", null, "curl/8",
                honeytoken);
    }

    @Test
    void gathersAKeyAddressAndMinuteIntoOneHandingWithTheFirstsOrigin() {
        alerts.record(event(KEY, "203.0.113.9", T0, true, "first"));
        alerts.record(event(KEY, "203.0.113.9", T0.plusSeconds(30), true, "second"));
        alerts.record(event(KEY, "203.0.113.9", T0.plusSeconds(60), true, "next-minute"));
        alerts.record(event(KEY, "198.51.100.1", T0, true, "other-address"));
        alerts.record(event(KEY, "203.0.113.9", T0, false, "a-wrong-secret"));
        alerts.record(event(null, "203.0.113.9", T0, false, "malformed"));

        alerts.flush();

        assertThat(handed).extracting(HoneytokenPresentation::requestId, HoneytokenPresentation::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("first", 2L),
                        org.assertj.core.groups.Tuple.tuple("next-minute", 1L),
                        org.assertj.core.groups.Tuple.tuple("other-address", 1L));
        assertThat(handed).filteredOn(presented -> presented.count() == 2).singleElement().satisfies(presented -> {
            assertThat(presented.minute()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
            assertThat(presented.firstAt()).isEqualTo(T0);
            assertThat(presented.lastAt()).isEqualTo(T0.plusSeconds(30));
        });
        handed.clear();
        alerts.flush();
        assertThat(handed).as("handed once").isEmpty();
    }

    @Test
    void keepsWhatTheStoreRefusedAndBoundsWhatWaits() {
        refuse = true;
        alerts.record(event(KEY, "203.0.113.9", T0, true, "first"));
        assertThatThrownBy(alerts::flush).isInstanceOf(StoreUnavailable.class);
        alerts.record(event(KEY, "203.0.113.9", T0, true, "again"));
        alerts.record(event(KEY, "203.0.113.2", T0, true, "b"));
        alerts.record(event(KEY, "203.0.113.3", T0, true, "c"));
        alerts.record(event(KEY, "203.0.113.4", T0, true, "past-the-bound"));

        refuse = false;
        alerts.flush();

        assertThat(handed).extracting(HoneytokenPresentation::requestId, HoneytokenPresentation::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("first", 2L),
                        org.assertj.core.groups.Tuple.tuple("b", 1L), org.assertj.core.groups.Tuple.tuple("c", 1L));
        assertThat(registry.counter("latchkey.honeytokens.dropped").count()).isEqualTo(1);
    }

    /** M1: one presentation the store will not take held up every other, forever. */
    @Test
    void onePresentationTheStoreRefusesIsRetriedThenDroppedAndTheOthersAreWritten() {
        alerts.record(event(KEY, POISON, T0, true, "poison"));
        alerts.record(event(KEY, "203.0.113.9", T0, true, "after-it"));

        assertThatThrownBy(alerts::flush).isInstanceOf(IllegalArgumentException.class);
        assertThat(handed).extracting(HoneytokenPresentation::requestId).containsExactly("after-it");

        alerts.record(event(KEY, "203.0.113.10", T0, true, "next"));
        for (int attempt = 2; attempt <= HoneytokenAlerts.MAX_ATTEMPTS; attempt++) {
            assertThatThrownBy(alerts::flush).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(handed).extracting(HoneytokenPresentation::requestId).containsExactly("after-it", "next");
        assertThat(registry.counter("latchkey.honeytokens.dropped").count()).isEqualTo(1);

        attempted.clear();
        alerts.flush();
        assertThat(attempted).as("dropped after " + HoneytokenAlerts.MAX_ATTEMPTS + " refusals").isEmpty();
    }

    /** M4: one address written two ways was two alerts a minute. */
    @Test
    void oneAddressWrittenSeveralWaysIsOneAddressInCanonicalText() {
        alerts.record(event(KEY, "2001:db8::1", T0, true, "short"));
        alerts.record(event(KEY, "2001:0DB8:0:0::1", T0.plusSeconds(1), true, "long"));
        alerts.record(event(KEY, "::ffff:203.0.113.9", T0, true, "mapped"));
        alerts.record(event(KEY, "203.0.113.9", T0, true, "plain"));

        alerts.flush();

        assertThat(handed).extracting(HoneytokenPresentation::clientIp, HoneytokenPresentation::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("2001:db8::1", 2L),
                        org.assertj.core.groups.Tuple.tuple("203.0.113.9", 2L));
    }
}
