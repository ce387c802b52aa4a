package dev.latchkey.adapter.in.http.console;

import dev.latchkey.domain.verification.RejectionReason;
import java.util.Arrays;
import java.util.List;

/** The console's registries, for the HTTP tests in another package: its sections and how a session's end is told. */
public final class ConsoleRegistry {

    private ConsoleRegistry() {
    }

    /** A section of the console's menu: its page, its link's title, the scope that shows it. */
    public record Section(String path, String title, String privilege) {
    }

    /** A session's end as the sign-in page's address names it and as the page says it. */
    public record Ending(String word, String message) {
    }

    /** The sections, in the menu's order. */
    public static List<Section> sections() {
        return Arrays.stream(ConsoleSection.values())
                .map(section -> new Section(section.path, section.title, section.privilege.value())).toList();
    }

    /** The end of a session whose key the domain's policies refused for {@code reason}. */
    public static Ending endingOf(RejectionReason reason) {
        SessionEnding ending = SessionEnding.of(reason);
        return new Ending(ending.word, ending.message);
    }
}
