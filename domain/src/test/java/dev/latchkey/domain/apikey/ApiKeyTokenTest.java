package dev.latchkey.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyTokenTest {

    // vectors computed independently (Python zlib.crc32 + base62) from docs/api-guide.md §2
    private static final String SIMPLE = "lk_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEco";
    private static final String MULTI_SEGMENT = "acme_live_3Yh8Kq0ZbT1wN4fSxN4fSxN4fSxN4fSxN4fSxN4fSxab47ZlOQ";

    @Test
    void parsesAKnownKeyIntoItsParts() {
        ApiKeyToken token = ApiKeyToken.parse(SIMPLE).orElseThrow();

        assertThat(token.prefix()).isEqualTo(new KeyPrefix("lk"));
        assertThat(token.keyId()).isEqualTo(new KeyId("AAAAAAAAAAAA"));
        assertThat(token.secret()).isEqualTo("B".repeat(32));
        assertThat(token.value()).isEqualTo(SIMPLE);
        assertThat(token.start()).isEqualTo("lk_AAAA");
    }

    @Test
    void splitsAtTheLastUnderscoreSoPrefixesMayHaveSeveral() {
        ApiKeyToken token = ApiKeyToken.parse(MULTI_SEGMENT).orElseThrow();

        assertThat(token.prefix().value()).isEqualTo("acme_live");
        assertThat(token.keyId().value()).isEqualTo("3Yh8Kq0ZbT1w");
        assertThat(token.start()).isEqualTo("acme_live_3Yh8");
    }

    @Test
    void checksumIsCrc32AsSixBase62Digits() {
        assertThat(ApiKeyToken.checksumOf("lk_AAAAAAAAAAAA" + "B".repeat(32))).isEqualTo("2JCEco");
        assertThat(Base62.encode(0, 6)).isEqualTo("000000");
        assertThat(Base62.encode(61, 2)).isEqualTo("0z");
        assertThat(Base62.encode(0xFFFFFFFFL, 6)).isEqualTo("4gfFC3");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "lk",
        "lk_",
        "_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEco",
        "LK_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEco",
        "lk_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEc",
        "lk_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEcoo",
        "lk_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEcO",
        "lk_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB-2JCEco",
        "lk__AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEco",
        "Bearer lk_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEco",
        "lk_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEco ",
        "abcdefghijklmnopqrstu_AAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2JCEco",
    })
    void rejectsWhatDoesNotParse(String presented) {
        assertThat(ApiKeyToken.parse(presented)).isEmpty();
    }

    @Test
    void rejectsNullAndOverlongInputWithoutWork() {
        assertThat(ApiKeyToken.parse(null)).isEmpty();
        assertThat(ApiKeyToken.parse("a".repeat(10_000))).isEmpty();
    }

    @Test
    void generatedKeysParseBackAndAreDistinct() {
        Random random = new Random(7);
        ApiKeyToken first = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);
        ApiKeyToken second = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);

        assertThat(ApiKeyToken.parse(first.value())).contains(first);
        assertThat(first.value()).hasSize(53).startsWith("lk_");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void toStringNeverShowsTheSecret() {
        ApiKeyToken token = ApiKeyToken.parse(SIMPLE).orElseThrow();

        assertThat(token.toString()).doesNotContain("BBBB").doesNotContain("2JCEco").contains("AAAAAAAAAAAA");
    }
}
