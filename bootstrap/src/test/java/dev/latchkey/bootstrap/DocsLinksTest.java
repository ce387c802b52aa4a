package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation's links hold: every relative link of README.md and docs/**&#47;*.md names a file or folder that
 * exists and, when it names an anchor in a Markdown file, a heading of that file (GitHub's anchors); and every
 * docs/....md the code's sources name exists (the OpenAPI document's description points into docs/).
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of(System.getProperty("latchkey.root", ".."));
    private static final Pattern LINK = Pattern.compile("\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *#*$");
    private static final Pattern DOC_IN_CODE = Pattern.compile("\\bdocs/[A-Za-z0-9_./-]+\\.md\\b");

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            Matcher link = LINK.matcher(withoutCodeBlocks(Files.readString(file)));
            while (link.find()) {
                String target = link.group(1);
                if (!SCHEME.matcher(target).find()) {
                    problem(file, target).ifPresent(reason -> broken.add(ROOT.relativize(file) + ": (" + target
                            + ") " + reason));
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyDocNamedInTheCodeExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path source : mainSources()) {
            Matcher doc = DOC_IN_CODE.matcher(Files.readString(source));
            while (doc.find()) {
                if (!Files.isRegularFile(ROOT.resolve(doc.group()))) {
                    missing.add(ROOT.relativize(source) + " names " + doc.group());
                }
            }
        }
        assertThat(missing).as("docs named in the code that do not exist").isEmpty();
    }

    /** The checker itself: a link to a missing file or heading is found, a good one is not. */
    @Test
    void theCheckerTellsAGoodLinkFromABadOne() {
        Path readme = ROOT.resolve("README.md");

        assertThat(problem(readme, "docs/api-guide.md")).isEmpty();
        assertThat(problem(readme, "docs/gateways/")).isEmpty();
        assertThat(problem(readme, "#security-model")).isEmpty();
        assertThat(problem(readme, "docs/no-such-guide.md")).isPresent();
        assertThat(problem(readme, "docs/api-guide.md#no-such-heading")).isPresent();
        assertThat(slugs("## 8. Behaviour in detail\n## `latchkey.x`: the *one* (a/b)\n## Tests\n## Tests\n"))
                .contains("8-behaviour-in-detail", "latchkeyx-the-one-ab", "tests", "tests-1");
    }

    private static Optional<String> problem(Path file, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!Files.exists(resolved)) {
            return Optional.of("no such file");
        }
        if (anchor != null && resolved.toString().endsWith(".md")) {
            try {
                if (!slugs(withoutCodeBlocks(Files.readString(resolved))).contains(anchor)) {
                    return Optional.of("no heading #" + anchor);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    /** The anchors GitHub gives a Markdown file's headings. */
    static Set<String> slugs(String markdown) {
        Set<String> slugs = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(markdown);
        while (heading.find()) {
            String slug = heading.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int times = seen.merge(slug, 1, Integer::sum);
            slugs.add(times == 1 ? slug : slug + "-" + (times - 1));
        }
        return slugs;
    }

    private static String withoutCodeBlocks(String markdown) {
        return FENCE.matcher(markdown).replaceAll("");
    }

    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The Java sources of every module's main code. */
    static List<Path> mainSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.map(dir -> dir.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(module)) {
                    files.filter(file -> file.toString().endsWith(".java")).sorted().forEach(sources::add);
                }
            }
        }
        return sources;
    }
}
