package dev.latchkey.adapter.in.http.security;


import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.verification.RejectionReason;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticationFailureTest {

    @Test
    void everyRejectionHasItsApiCode() {
        Map<RejectionReason, String> expected = Map.of(
                RejectionReason.IP_NOT_ALLOWED, "ip_not_allowed",
                RejectionReason.USAGE_EXCEEDED, "usage_exceeded",
                RejectionReason.RATE_LIMITED, "rate_limited",
                RejectionReason.MALFORMED, "malformed_key",
                RejectionReason.NOT_FOUND, "invalid_key",
                RejectionReason.EXPIRED, "expired_key",
                RejectionReason.REVOKED, "revoked_key",
                RejectionReason.DISABLED, "disabled_user",
                RejectionReason.INSUFFICIENT_SCOPE, "insufficient_scope");

        assertThat(Arrays.stream(RejectionReason.values()))
                .allSatisfy(reason -> assertThat(AuthenticationFailure.of(reason).code().code())
                        .isEqualTo(expected.get(reason)));
        assertThat(AuthenticationFailure.of(RejectionReason.DISABLED).code().status().getCode()).isEqualTo(401);
        assertThat(AuthenticationFailure.of(RejectionReason.INSUFFICIENT_SCOPE).code().status().getCode()).isEqualTo(403);
        assertThat(AuthenticationFailure.of(RejectionReason.USAGE_EXCEEDED).code().status().getCode()).isEqualTo(403);
        assertThat(AuthenticationFailure.of(RejectionReason.IP_NOT_ALLOWED).code().status().getCode()).isEqualTo(403);
        assertThat(AuthenticationFailure.of(RejectionReason.RATE_LIMITED).code().status().getCode()).isEqualTo(429);
        assertThat(AuthenticationFailure.of(RejectionReason.RATE_LIMITED).countsAgainstClient()).isFalse();
    }
}
