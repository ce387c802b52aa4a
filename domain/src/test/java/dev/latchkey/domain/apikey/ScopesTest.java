package dev.latchkey.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.InvalidValueException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopesTest {

    @Test
    void adminGrantsEveryBuiltInScopeButNotCustomOnes() {
        Scopes admin = Scopes.parse(List.of("admin"));

        assertThat(admin.grantsAll(Scopes.BUILT_IN)).isTrue();
        assertThat(admin.grantsAll(Set.of(new Scope("process")))).isFalse();
    }

    @Test
    void otherScopesGrantOnlyThemselves() {
        Scopes scopes = Scopes.parse(List.of("keys:read", "process"));

        assertThat(scopes.grantsAll(Set.of(Scope.KEYS_READ, new Scope("process")))).isTrue();
        assertThat(scopes.grantsAll(Set.of(Scope.KEYS_WRITE))).isFalse();
        assertThat(scopes.grantsAll(Set.of())).isTrue();
    }

    @Test
    void namesAreSortedAndDeduplicated() {
        assertThat(Scopes.parse(List.of("b", "a", "b")).names()).containsExactly("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Admin", ":read", "has space", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ünïcode"})
    void rejectsMalformedScopes(String name) {
        assertThatThrownBy(() -> new Scope(name)).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("scopes");
    }

    @Test
    void acceptsTheFullAlphabetUpTo64Characters() {
        assertThat(new Scope("a" + "b".repeat(63)).value()).hasSize(64);
        assertThat(new Scope("0a:b.c_d-e").value()).isEqualTo("0a:b.c_d-e");
    }

    @Test
    void limitsTheNumberOfScopes() {
        List<String> many = IntStream.range(0, Scopes.MAX_SCOPES + 1).mapToObj(i -> "s" + i).toList();

        assertThatThrownBy(() -> Scopes.parse(many)).isInstanceOf(InvalidValueException.class);
        assertThat(Scopes.parse(many.subList(0, Scopes.MAX_SCOPES)).values()).hasSize(Scopes.MAX_SCOPES);
        assertThat(Scopes.parse(Collections.emptyList()).values()).isEmpty();
    }
}
