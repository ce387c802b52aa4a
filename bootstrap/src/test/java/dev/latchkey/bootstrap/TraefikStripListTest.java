package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Traefik configuration of docs/gateways/traefik.md removes every spelling of the identity headers that PHP-FPM,
 * Rack or gunicorn would read as the real one, but the dashed one (which {@code authResponseHeaders} replaces): with
 * no Traefik here, this keeps the documented list complete.
 */
class TraefikStripListTest {

    private static final Path DOC = Path.of(System.getProperty("latchkey.docs", "../docs"), "gateways", "traefik.md");
    private static final List<List<String>> IDENTITY_HEADERS = List.of(List.of("X", "Latchkey", "User", "Id"),
            List.of("X", "Latchkey", "Key", "Id"), List.of("X", "Latchkey", "Scopes"));

    @Test
    void theStripMiddlewareRemovesTheKeyAndEverySeparatorSpellingOfTheIdentityHeaders() throws IOException {
        String doc = Files.readString(DOC);
        Matcher block = Pattern.compile("latchkey-strip:\\s*\\n\\s*headers:\\s*\\n\\s*customRequestHeaders:\\s*\\n"
                + "((?:\\s+[A-Za-z_-]+: \"\"\\n)+)").matcher(doc);
        assertThat(block.find()).as("the latchkey-strip middleware in %s", DOC).isTrue();
        Set<String> removed = block.group(1).lines().map(line -> line.strip().replace(": \"\"", ""))
                .collect(Collectors.toSet());

        List<String> expected = new ArrayList<>(List.of("X-Api-Key"));
        for (List<String> parts : IDENTITY_HEADERS) {
            int separators = parts.size() - 1;
            for (int mask = 1; mask < 1 << separators; mask++) { // mask 0: every separator a dash, replaced by Traefik
                StringBuilder name = new StringBuilder(parts.get(0));
                for (int i = 0; i < separators; i++) {
                    name.append((mask >> i & 1) == 1 ? '_' : '-').append(parts.get(i + 1));
                }
                expected.add(name.toString());
            }
        }
        assertThat(removed).containsExactlyInAnyOrderElementsOf(expected);
    }
}
