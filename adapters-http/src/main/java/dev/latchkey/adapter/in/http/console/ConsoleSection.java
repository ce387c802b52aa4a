package dev.latchkey.adapter.in.http.console;

import dev.latchkey.domain.apikey.Scope;
import io.micronaut.security.authentication.Authentication;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's sections, in the order of its menu: each with its page, the title of its link, and the built-in scope
 * a key needs to see the link and open the page (the page's controller says the same in its {@code @Secured};
 * {@code ConsoleNavigationTest} checks both). The first section a key may see is its home, and a key that may see none
 * cannot sign in. A new page in the menu is an entry here, a controller named for it and a template.
 */
enum ConsoleSection {

    USERS("/users", "Users", Scope.USERS_READ),
    AUDIT("/audit", "Audit", Scope.AUDIT_READ),
    VERIFY("/verify", "Verify", Scope.KEYS_VERIFY);

    /** The section's page. */
    final String path;
    /** The title of its link. */
    final String title;
    /** The built-in scope that shows the link and opens the page. */
    final Scope privilege;

    ConsoleSection(String page, String title, Scope privilege) {
        this.path = ConsolePaths.ROOT + page;
        this.title = title;
        this.privilege = privilege;
    }

    /** Whether the signed-in key may see this section: its granted scopes are its roles. */
    boolean visibleTo(Authentication authentication) {
        return authentication.getRoles().contains(privilege.value());
    }

    /** The scopes of which a key needs one to sign in: one per section. */
    static List<Scope> privileges() {
        return Arrays.stream(values()).map(section -> section.privilege).toList();
    }

    /** The first section the key may see: where the console opens. */
    static Optional<ConsoleSection> home(Authentication authentication) {
        return Arrays.stream(values()).filter(section -> section.visibleTo(authentication)).findFirst();
    }

    /** The menu as the layout draws it: the links the key may see, the one of {@code current} marked. */
    static List<Map<String, Object>> menu(Authentication authentication, ConsoleSection current) {
        return Arrays.stream(values()).filter(section -> section.visibleTo(authentication))
                .map(section -> ConsolePages.model("path", section.path, "title", section.title,
                        "current", section == current))
                .toList();
    }
}
