package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.apikey.ApiKeyToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line in process: what each command prints and the status it ends with (no server is started). */
class LatchkeyCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        LatchkeyCommand.Outcome outcome = LatchkeyCommand.run(new PrintWriter(out, true), new PrintWriter(err, true),
                args);
        assertThat(outcome.serving()).isFalse();
        return new Run(outcome.exitCode(), out.toString(), err.toString());
    }

    @Test
    void generateKeyPrintsANewKeyInTheApiFormatEachTime() {
        Run first = run("generate-key");
        Run second = run("generate-key");

        assertThat(first.exitCode()).isZero();
        assertThat(ApiKeyToken.parse(first.out().strip())).isPresent();
        assertThat(first.out()).startsWith("lk_").isNotEqualTo(second.out());
        assertThat(run("generate-key", "--prefix", "acme_live").out()).startsWith("acme_live_");
    }

    @Test
    void aBadPrefixIsOneLineAndStatus2() {
        Run bad = run("generate-key", "--prefix", "Not-OK!");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().strip()).startsWith("latchkey generate-key: invalid --prefix: prefix must be")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(run("generate-key", "--prefix").exitCode()).isEqualTo(2);
    }

    @Test
    void anUnknownCommandOrArgumentIsOneLineAndStatus2() {
        Run unknown = run("frobnicate");
        Run stray = run("serve", "now");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("frobnicate").contains("--help");
        assertThat(stray.exitCode()).isEqualTo(2);
        assertThat(stray.err().strip()).doesNotContain("\n").contains("'now'");
    }

    @Test
    void helpListsTheCommandsAndEachHasItsOwn() {
        Run help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve").contains("generate-key").contains("migrate").contains("version");
        assertThat(run("help").out()).isEqualTo(help.out());
        assertThat(run("generate-key", "--help").out()).contains("--prefix=PREFIX");
        assertThat(run("migrate", "--help").out()).contains("migrate the database schema");
        assertThat(run("serve", "--help").out()).contains("--name=value");
    }

    @Test
    void versionPrintsTheBuildsVersion() {
        Run version = run("version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("latchkey ").doesNotContain("${").doesNotContain("unknown");
        assertThat(run("--version").out()).isEqualTo(version.out());
    }
}
