package dev.latchkey.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

    private static final byte[] PEPPER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final SecretHasher hasher = new SecretHasher(PEPPER);
    private final ApiKeyToken token =
            ApiKeyToken.parse("lk_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEco").orElseThrow();

    @Test
    void hashIsHmacSha256OfTheSecretWithThePepper() {
        // printf %s BBBB…(32 B) | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
        assertThat(HexFormat.of().formatHex(hasher.hash(token).bytes()))
                .isEqualTo("a5a75600b34d435a2b9e1107f215ab6ff9270f9ec7aca19cdc64afe0b2a460fc");
    }

    @Test
    void matchesOnlyTheSameSecret() {
        SecretHash stored = hasher.hash(token);
        ApiKeyToken other = ApiKeyToken.generate(KeyPrefix.DEFAULT, new Random(1));

        assertThat(hasher.matches(token, stored)).isTrue();
        assertThat(hasher.matches(other, stored)).isFalse();
    }

    @Test
    void anotherPepperGivesAnotherHash() {
        SecretHasher otherPepper = new SecretHasher("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

        assertThat(otherPepper.matches(token, hasher.hash(token))).isFalse();
    }

    @Test
    void refusesAShortPepper() {
        assertThatThrownBy(() -> new SecretHasher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashNeverPrintsItself() {
        assertThat(hasher.hash(token).toString()).isEqualTo("SecretHash[redacted]");
    }
}
