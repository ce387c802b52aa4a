package dev.latchkey.adapter.out.accounting.verificationlog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the verification log goes ({@code latchkey.verification-log}): {@code off}, {@code stdout}, or
 * {@code file:/path} (opened for appending, created if missing; its directory must exist).
 */
public sealed interface VerificationLogTarget {

    /** The setting's name, as error messages give it. */
    String PROPERTY = "latchkey.verification-log";

    /** No log. */
    record Off() implements VerificationLogTarget {
    }

    /** Raw lines on standard output, between the application's own log lines (which are not JSON). */
    record Stdout() implements VerificationLogTarget {
    }

    /** Lines appended to a file. */
    record File(Path path) implements VerificationLogTarget {
    }

    /** {@code value} read; anything but {@code off}, {@code stdout} or {@code file:<path>} is refused, naming it. */
    static VerificationLogTarget parse(String value) {
        String setting = value == null ? "" : value.strip();
        String lower = setting.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("off")) {
            return new Off();
        }
        if (lower.equals("stdout")) {
            return new Stdout();
        }
        if (lower.startsWith("file:")) {
            String path = setting.substring("file:".length()).strip();
            if (path.isEmpty()) {
                throw new IllegalArgumentException(PROPERTY + " (LATCHKEY_VERIFICATION_LOG) file: needs a path,"
                        + " e.g. file:/var/log/latchkey/verifications.log");
            }
            try {
                return new File(Path.of(path).toAbsolutePath());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(PROPERTY + " (LATCHKEY_VERIFICATION_LOG) names an invalid path: "
                        + path);
            }
        }
        String hint = lower.equals("false") ? " (in YAML, quote it: \"off\")" : "";
        throw new IllegalArgumentException(PROPERTY + " (LATCHKEY_VERIFICATION_LOG) must be off, stdout or"
                + " file:/path, not '" + setting + "'" + hint);
    }

    /** Whether {@code value} turns the log off (unset, blank or {@code off}). */
    static boolean isOff(String value) {
        return value == null || value.isBlank() || value.strip().equalsIgnoreCase("off");
    }

    /**
     * The stream the lines go to: standard output (never closed by the log), or the file opened for appending (each
     * write lands at its end, also after {@code logrotate}'s {@code copytruncate}), opened again within a second
     * once it was moved away or deleted (logrotate's default). A file that cannot be opened is refused with one line
     * naming it.
     */
    static OutputStream open(VerificationLogTarget target) {
        return open(target, Duration.ofSeconds(1));
    }

    static OutputStream open(VerificationLogTarget target, Duration reopenCheck) {
        if (target instanceof File file) {
            try {
                return new ReopeningFile(file.path(), reopenCheck);
            } catch (IOException e) {
                // FileNotFoundException's message is "<path> (<reason>)"; no cause: the start names this line alone
                throw new IllegalStateException(PROPERTY + " (LATCHKEY_VERIFICATION_LOG): cannot open "
                        + e.getMessage() + " for appending");
            }
        }
        if (target instanceof Stdout) {
            return System.out;
        }
        throw new IllegalArgumentException("the verification log is off");
    }
}
