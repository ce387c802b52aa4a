package dev.latchkey.adapter.out.persistence.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/persistence-adapters.md cannot drift from the kit: its example is {@link KitExampleUsersContractTest}, a test
 * that compiles and runs, region for region, and its table names every contract class of the kit's
 * {@code contract} package.
 */
class PersistenceAdaptersDocTest {

    private static final Path DOCS = Path.of(System.getProperty("latchkey.docs", "../docs"));
    private static final Path DOC = DOCS.resolve("persistence-adapters.md");
    private static final Path TESTS = Path.of("src/test/java/dev/latchkey/adapter/out/persistence");
    private static final Path EXAMPLE = TESTS.resolve("memory/KitExampleUsersContractTest.java");
    private static final Path CONTRACTS = TESTS.resolve("contract");

    @Test
    void theDocsExampleIsTheCompiledExampleTest() throws IOException {
        Matcher inDoc = Pattern.compile("<!-- snippet: KitExampleUsersContractTest -->\\n```java\\n(.*?)\\n```\\n"
                + "<!-- end snippet -->", Pattern.DOTALL).matcher(Files.readString(DOC));
        Matcher inTest = Pattern.compile("// begin snippet: KitExampleUsersContractTest\\n(.*?)\\n// end snippet",
                Pattern.DOTALL).matcher(Files.readString(EXAMPLE));

        assertThat(inDoc.find()).as("the example's markers in %s", DOC).isTrue();
        assertThat(inTest.find()).as("the snippet's markers in %s", EXAMPLE).isTrue();
        assertThat(inDoc.group(1)).as("the example in %s, against %s", DOC, EXAMPLE).isEqualTo(inTest.group(1));
    }

    @Test
    void theDocNamesEveryContractOfTheKit() throws IOException {
        List<String> contracts;
        try (Stream<Path> files = Files.list(CONTRACTS)) {
            contracts = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith("Contract.java"))
                    .map(name -> name.substring(0, name.length() - ".java".length()))
                    .sorted().toList();
        }
        String doc = Files.readString(DOC);

        assertThat(contracts).as("the contract classes in %s", CONTRACTS).isNotEmpty();
        assertThat(contracts.stream().filter(contract -> !doc.contains("| `" + contract + "` |")).toList())
                .as("contract classes of %s missing from the table of %s", CONTRACTS, DOC).isEmpty();
    }
}
