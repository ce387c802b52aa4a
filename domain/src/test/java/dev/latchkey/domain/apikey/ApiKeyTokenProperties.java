package dev.latchkey.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ApiKeyTokenProperties {

    private static final java.util.regex.Pattern PREFIX_GRAMMAR =
            java.util.regex.Pattern.compile("[a-z0-9]{1,20}(_[a-z0-9]{1,20})*");

    @Property(tries = 3000)
    void prefixValidationFollowsTheGrammarExactly(@ForAll("prefixLike") String candidate) {
        boolean grammatical = candidate.length() <= KeyPrefix.MAX_LENGTH && PREFIX_GRAMMAR.matcher(candidate).matches();

        assertThat(KeyPrefix.isValid(candidate)).as(candidate).isEqualTo(grammatical);
    }

    @Provide
    Arbitrary<String> prefixLike() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("ab9z0_A-").ofMinLength(0).ofMaxLength(24);
        return segment.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join("_", parts));
    }

    @Property
    void everyGeneratedKeyParsesBackToItself(@ForAll("prefixes") KeyPrefix prefix, @ForAll long seed) {
        ApiKeyToken token = ApiKeyToken.generate(prefix, new Random(seed));

        ApiKeyToken parsed = ApiKeyToken.parse(token.value()).orElseThrow();

        assertThat(parsed).isEqualTo(token);
        assertThat(parsed.value()).isEqualTo(token.value());
        assertThat(token.value()).hasSize(prefix.value().length() + 1 + ApiKeyToken.BODY_LENGTH);
    }

    @Property
    void everySingleCharacterChangeIsRejected(@ForAll("prefixes") KeyPrefix prefix, @ForAll long seed,
                                              @ForAll @IntRange(min = 0, max = 1000) int position,
                                              @ForAll char replacement) {
        String key = ApiKeyToken.generate(prefix, new Random(seed)).value();
        int index = position % key.length();
        if (key.charAt(index) == replacement) {
            return;
        }
        String changed = key.substring(0, index) + replacement + key.substring(index + 1);

        assertThat(ApiKeyToken.parse(changed)).isEmpty();
    }

    @Property
    void everySingleCharacterDeletionOrInsertionIsRejected(@ForAll long seed,
                                                          @ForAll @IntRange(min = 0, max = 1000) int position,
                                                          @ForAll char inserted) {
        String key = ApiKeyToken.generate(KeyPrefix.DEFAULT, new Random(seed)).value();
        int index = position % key.length();

        assertThat(ApiKeyToken.parse(key.substring(0, index) + key.substring(index + 1))).isEmpty();
        assertThat(ApiKeyToken.parse(key.substring(0, index) + inserted + key.substring(index))).isEmpty();
    }

    @Property
    void arbitraryTextNeverThrows(@ForAll String text) {
        assertThat(ApiKeyToken.parse(text)).isNotNull();
    }

    @Provide
    Arbitrary<KeyPrefix> prefixes() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789")
                .ofMinLength(1).ofMaxLength(20);
        return Combinators.combine(segment, segment.list().ofMaxSize(1))
                .as((first, rest) -> rest.isEmpty() ? first : first + "_" + rest.get(0))
                .filter(KeyPrefix::isValid)
                .map(KeyPrefix::new);
    }
}
