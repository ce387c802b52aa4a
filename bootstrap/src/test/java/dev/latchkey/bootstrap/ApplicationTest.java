package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.apikey.ApiKeyToken;
import org.junit.jupiter.api.Test;

class ApplicationTest {

    @Test
    void generatesKeysInTheApiFormat() {
        String key = Application.generateKey(new String[0]);

        assertThat(ApiKeyToken.parse(key)).isPresent();
        assertThat(key).startsWith("lk_");
        assertThat(Application.generateKey(new String[0])).isNotEqualTo(key);
    }

    @Test
    void generatesKeysWithAChosenPrefix() {
        assertThat(Application.generateKey(new String[] {"--prefix", "acme_live"})).startsWith("acme_live_");
        assertThatThrownBy(() -> Application.generateKey(new String[] {"--prefix"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
