package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.Scope;
import java.util.Collection;
import java.util.List;

/**
 * What one step of an explained verdict looked at, in words ({@code text}) and, for the steps that have them, as
 * values: the client {@code address} checked, the {@code missingScopes}, the uses {@code remaining} (rate limit or
 * quota) and the seconds until the rate limit is whole again ({@code resetSeconds}). Each part {@code null} when the
 * step has none. Never key material: the secret is never described, only whether it matched.
 */
public record StepDetail(String text, String address, List<String> missingScopes, Long remaining,
                         Long resetSeconds) {

    public StepDetail {
        missingScopes = missingScopes == null ? null : List.copyOf(missingScopes);
    }

    public static StepDetail text(String text) {
        return new StepDetail(text, null, null, null, null);
    }

    /** The client address checked ({@code null}: not known). */
    public static StepDetail address(String text, String address) {
        return new StepDetail(text, address, null, null, null);
    }

    /** The required scopes the key does not grant (empty when it grants them all). */
    public static StepDetail missing(String text, Collection<Scope> missing) {
        return new StepDetail(text, null, missing.stream().map(Scope::value).sorted().toList(), null, null);
    }

    /** A rate limit's uses left and seconds until it is whole. */
    public static StepDetail rateLimit(String text, long remaining, long resetSeconds) {
        return new StepDetail(text, null, null, remaining, resetSeconds);
    }

    /** A quota's uses left. */
    public static StepDetail quota(String text, long remaining) {
        return new StepDetail(text, null, null, remaining, null);
    }
}
