package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/configuration.md names every setting: each key of every application*.yml of the modules (commented-out
 * examples such as {@code # url: redis://...} included), each {@code latchkey.*} setting the main code reads
 * ({@code ${latchkey...}}, {@code @Property(name = ...)}, {@code @Requires(property = ...)} and the constants that
 * name a setting), and each {@code LATCHKEY_*} environment variable the code, main or test, names as a whole string.
 * The convention: a setting is written as its dotted name in backticks; a {@code latchkey.*} or {@code datasources.*}
 * setting also as its environment variable in backticks (upper case, {@code _} for {@code .} and {@code -}).
 */
class ConfigurationReferenceTest {

    private static final Path ROOT = Path.of(System.getProperty("latchkey.root", ".."));
    private static final Path DOC = ROOT.resolve("docs/configuration.md");
    private static final Pattern KEY_LINE = Pattern.compile("^( *)([A-Za-z0-9_.-]+):(.*)$");
    private static final Pattern COMMENTED_KEY = Pattern.compile("^( *)# ?([a-z][a-z0-9-]*): (\\S+)\\s*$");
    private static final Pattern READ_IN_CODE = Pattern.compile("\\$\\{(latchkey\\.[a-z0-9.-]+)"
            + "|(?:property|name) = \"(latchkey\\.[a-z0-9.-]+)\""
            + "|static final String (?:[A-Z_]*_)?(?:NAME|PROPERTY|SETTING) = \"([a-z]+\\.[a-z0-9.-]+)\"");
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("\"(LATCHKEY_[A-Z0-9_]+)\"");

    @Test
    void everySettingOfTheApplicationFilesIsInTheReference() throws IOException {
        List<Path> files = applicationFiles();
        Set<String> settings = new TreeSet<>();
        for (Path file : files) {
            settings.addAll(settingsOf(Files.readString(file)));
        }

        assertThat(files).as("application*.yml files").isNotEmpty();
        assertThat(settings).as("settings of %s", files).contains("latchkey.cache.max-staleness",
                "datasources.default.url", "latchkey.redis.url");
        assertThat(undocumented(settings)).as("settings of %s missing from %s", files, DOC).isEmpty();
    }

    @Test
    void everySettingTheCodeReadsIsInTheReference() throws IOException {
        Set<String> settings = new TreeSet<>();
        for (Path source : DocsLinksTest.mainSources()) {
            Matcher read = READ_IN_CODE.matcher(Files.readString(source));
            while (read.find()) {
                for (int group = 1; group <= read.groupCount(); group++) {
                    if (read.group(group) != null) {
                        settings.add(read.group(group));
                    }
                }
            }
        }

        assertThat(settings).as("settings read by the code").contains("latchkey.webhooks.enabled",
                "latchkey.http.forward-auth.refusal-status");
        assertThat(undocumented(settings)).as("settings the code reads missing from %s", DOC).isEmpty();
    }

    @Test
    void everyEnvironmentVariableTheCodeNamesIsInTheReference() throws IOException {
        Set<String> variables = new TreeSet<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path sources : modules.map(module -> module.resolve("src")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher variable = ENVIRONMENT_VARIABLE.matcher(Files.readString(file));
                        while (variable.find()) {
                            variables.add(variable.group(1));
                        }
                    }
                }
            }
        }
        String doc = Files.readString(DOC);

        assertThat(variables).as("LATCHKEY_* variables named in the code").contains("LATCHKEY_TEST_PG_URL");
        assertThat(variables.stream().filter(variable -> !doc.contains("`" + variable + "`")).toList())
                .as("environment variables missing from %s", DOC).isEmpty();
    }

    /** The checker itself: keys nested, in lists, and commented out are found; prose in comments is not. */
    @Test
    void theSettingsOfAFileAreItsKeysAndItsCommentedOutExamples() {
        String yml = """
                # a comment: prose, not a setting
                micronaut:
                  security:
                    intercept-url-map:
                      - pattern: /swagger/**
                        access: [isAnonymous()]
                latchkey:
                  redis:
                    # url: redis://127.0.0.1:6379
                    # opt-in: serve cached verdicts this much longer
                    timeout: 100ms
                  http:
                    key-headers: []
                  # verification-log: file:/var/log/latchkey/verifications.log
                """;

        assertThat(settingsOf(yml)).containsExactlyInAnyOrder("micronaut.security.intercept-url-map",
                "latchkey.redis.url", "latchkey.redis.timeout", "latchkey.http.key-headers",
                "latchkey.verification-log");
    }

    private static List<String> undocumented(Set<String> settings) throws IOException {
        String doc = Files.readString(DOC);
        return settings.stream().filter(setting -> !doc.contains("`" + setting + "`")
                || setting.matches("(latchkey|datasources)\\..*") && !doc.contains("`" + environmentName(setting) + "`"))
                .toList();
    }

    static String environmentName(String setting) {
        return setting.replaceAll("[.-]", "_").toUpperCase(Locale.ROOT);
    }

    /** The dotted keys of a YAML file's leaves (a list is a leaf), and of its commented-out {@code key: value} lines. */
    static Set<String> settingsOf(String yml) {
        Set<String> settings = new TreeSet<>();
        Object document = new Yaml().load(yml);
        if (document instanceof Map<?, ?> map) {
            leaves(map, "", settings);
        }
        Deque<String[]> parents = new ArrayDeque<>(); // {indent, key} of the real keys above the current line
        for (String line : yml.split("\n")) {
            Matcher commented = COMMENTED_KEY.matcher(line);
            Matcher key = KEY_LINE.matcher(line);
            Matcher current = commented.matches() ? commented : key.matches() ? key : null;
            if (current == null) {
                continue;
            }
            int indent = current.group(1).length();
            while (!parents.isEmpty() && Integer.parseInt(parents.peek()[0]) >= indent) {
                parents.pop();
            }
            if (current == commented) {
                List<String> path = new ArrayList<>(parents.stream().map(parent -> parent[1]).toList());
                java.util.Collections.reverse(path);
                path.add(commented.group(2));
                settings.add(String.join(".", path));
            } else {
                parents.push(new String[] {String.valueOf(indent), key.group(2)});
            }
        }
        return settings;
    }

    private static void leaves(Map<?, ?> map, String prefix, Set<String> settings) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                leaves(child, key + ".", settings);
            } else {
                settings.add(key);
            }
        }
    }

    /** Every application*.yml of the modules' sources, main and test. */
    private static List<Path> applicationFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path sources : modules.map(module -> module.resolve("src")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> found = Files.walk(sources)) {
                    found.filter(file -> file.getFileName().toString().matches("application.*\\.ya?ml"))
                            .sorted().forEach(files::add);
                }
            }
        }
        return files;
    }
}
