package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.in.http.console.ConsoleRegistry;
import dev.latchkey.application.port.in.keys.UpdateApiKey;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.verification.RejectionReason;
import io.micronaut.http.HttpMethod;
import io.micronaut.security.annotation.Secured;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's menu is its registry of sections ({@code ConsoleSection}): each registered page renders, its link is
 * in the layout in the registry's order, its route asks the scope the registry names, and a key sees the links of the
 * sections it holds the scope of and no other. And each end of a session the domain's policies can cause is told on
 * the sign-in page.
 */
@MicronautTest
class ConsoleNavigationTest extends HttpApiTest {

    private static final Pattern LINK = Pattern.compile("<li><a href=\"([^\"]+)\"( aria-current=\"page\")?>([^<]+)</a></li>");

    @Inject
    Router router;
    @Inject
    UpdateApiKey updateApiKey;

    /** The links of a page's menu, as {@code path title} and a {@code *} on the current one. */
    private static List<String> menu(String html) {
        String nav = html.substring(html.indexOf("<nav"), html.indexOf("</nav>"));
        Matcher links = LINK.matcher(nav);
        return links.results().map(link -> link.group(1) + " " + link.group(3) + (link.group(2) == null ? "" : " *"))
                .toList();
    }

    private static String link(ConsoleRegistry.Section section) {
        return section.path() + " " + section.title();
    }

    @Test
    void eachRegisteredSectionRendersWithEveryLinkInTheRegistrysOrderAndItsOwnMarked() {
        List<ConsoleRegistry.Section> sections = ConsoleRegistry.sections();
        assertThat(sections).isNotEmpty();
        ConsoleClient console = new ConsoleClient(server.getURI());
        console.signIn(Api.keyWithScopes(registerUser, issueApiKey, "admin"));

        assertThat(console.get("/console").header("Location")).isEqualTo(sections.get(0).path());
        for (ConsoleRegistry.Section section : sections) {
            ConsoleClient.Page page = console.get(section.path());

            assertThat(page.status()).as(section.path()).isEqualTo(200);
            assertFramedOnce(page.html(), section.path());
            assertThat(menu(page.html())).as(section.path()).containsExactlyElementsOf(sections.stream()
                    .map(other -> link(other) + (other.equals(section) ? " *" : "")).toList());
        }
    }

    /** The layout's frame around a page's own {@code <main>}: each part once, nothing of the templates left. */
    private static void assertFramedOnce(String html, String what) {
        for (String part : List.of("<head>", "<title>", "<header class=\"top\">", "<nav ", "<main ", "</main>",
                "</body>", "</html>")) {
            assertThat(html.split(Pattern.quote(part), -1)).as(what + ": " + part).hasSize(2);
        }
        assertThat(html).as(what).doesNotContain("th:").doesNotContain("The page's own").startsWith("<!DOCTYPE html>");
    }

    @Test
    void aFormsMessageIsShownOnceOnTheNextPage() {
        ConsoleClient console = new ConsoleClient(server.getURI());
        console.signIn(Api.keyWithScopes(registerUser, issueApiKey, "admin"));
        console.get("/console/users");

        String userPage = console.post("/console/users", "name", "Flashed").header("Location");
        ConsoleClient.Page page = console.get(userPage);

        assertFramedOnce(page.html(), userPage);
        assertThat(page.html().split("User Flashed created.", -1)).hasSize(2);
        assertThat(console.get(userPage).html()).doesNotContain("User Flashed created.");
    }

    @Test
    void aKeySeesOnlyTheSectionsItHoldsTheScopeOfAndOpensOnTheFirst() {
        List<ConsoleRegistry.Section> sections = ConsoleRegistry.sections();
        for (ConsoleRegistry.Section section : sections) {
            ConsoleClient console = new ConsoleClient(server.getURI());
            assertThat(console.signIn(Api.keyWithScopes(registerUser, issueApiKey, section.privilege())).status())
                    .as(section.privilege()).isEqualTo(303);

            assertThat(console.get("/console").header("Location")).isEqualTo(section.path());
            ConsoleClient.Page page = console.get(section.path());
            assertThat(page.status()).as(section.path()).isEqualTo(200);
            assertThat(menu(page.html())).as(section.privilege()).containsExactly(link(section) + " *");
            for (ConsoleRegistry.Section other : sections) {
                if (!other.equals(section)) {
                    assertThat(console.get(other.path()).status()).as(section.privilege() + " opens " + other.path())
                            .isEqualTo(403);
                }
            }
        }
    }

    @Test
    void aSessionWhoseKeyNoLongerGrantsAnySectionIsRefusedAtHome() {
        String key = Api.keyWithScopes(registerUser, issueApiKey, "users:read");
        ConsoleClient console = new ConsoleClient(server.getURI());
        console.signIn(key);
        assertThat(console.get("/console").header("Location")).isEqualTo("/console/users");

        String keyId = key.split("_")[key.split("_").length - 1].substring(0, KeyId.LENGTH);
        updateApiKey.update(Caller.SERVICE, new UpdateApiKey.Command(new KeyId(keyId), Optional.empty(),
                Optional.of(Scopes.parse(List.of("orders:read"))), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));
        ConsoleClient.Page home = console.get("/console");

        assertThat(home.status()).isEqualTo(403);
        assertThat(home.html()).contains("no longer grants any of " + String.join(", ",
                ConsoleRegistry.sections().stream().map(ConsoleRegistry.Section::privilege).toList()));
    }

    @Test
    void eachSectionsPageAsksTheScopeTheRegistryNames() {
        for (ConsoleRegistry.Section section : ConsoleRegistry.sections()) {
            List<String[]> secured = router.uriRoutes().map(UriRouteInfo.class::cast)
                    .filter(route -> route.getHttpMethod() == HttpMethod.GET
                            && route.getUriMatchTemplate().toString().equals(section.path()))
                    .map(route -> route.getAnnotationMetadata().stringValues(Secured.class)).toList();

            // (Micronaut may list a route twice: each must ask the scope)
            assertThat(secured).as(section.path()).isNotEmpty()
                    .allSatisfy(values -> assertThat(values).containsExactly(section.privilege()));
        }
    }

    @Test
    void everyRefusalOfTheDomainsPoliciesEndsASessionWithItsOwnWordsOnTheSignInPage() {
        ConsoleClient console = new ConsoleClient(server.getURI());
        for (RejectionReason reason : RejectionReason.values()) {
            ConsoleRegistry.Ending ending = ConsoleRegistry.endingOf(reason);

            ConsoleClient.Page signIn = console.get("/console/sign-in?ended=" + ending.word());

            assertThat(signIn.status()).isEqualTo(200);
            assertThat(signIn.html()).as(reason.name()).contains(ending.message());
        }
    }
}
