package dev.latchkey.adapter.in.http.common;

import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scopes;

/**
 * For the OpenAPI document: the shapes of the values the API exchanges, as patterns and bounds. The domain checks
 * them (its constants give the bounds); these only describe them.
 */
public final class ApiSchemas {

    public static final String KEY_ID_PATTERN = "^[0-9A-Za-z]{" + KeyId.LENGTH + "}$";
    public static final int KEY_ID_LENGTH = KeyId.LENGTH;
    /** What {@link RequestIds} echoes of a client's {@code X-Request-Id}. */
    public static final String REQUEST_ID_PATTERN = "^[A-Za-z0-9._:-]{1,64}$";
    /** The bounds of the {@code RateLimit-*} headers, as OpenAPI writes them. */
    /** The largest int64: the bound of a count or sequence that has no smaller one. */
    public static final String MAX_LONG = "" + Long.MAX_VALUE;
    public static final String MAX_RATE_LIMIT = "" + RateLimit.MAX_LIMIT;
    public static final String MAX_RATE_LIMIT_PERIOD = "" + RateLimit.MAX_PERIOD_SECONDS;
    public static final String USER_ID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    public static final String SCOPE_PATTERN = "^[a-z0-9][a-z0-9:._-]{0,63}$";
    public static final String PREFIX_PATTERN = "^[a-z0-9]{1,20}(_[a-z0-9]{1,20})*$";
    public static final String KEY_PATTERN = "^[a-z0-9]{1,20}(_[a-z0-9]{1,20})*_[0-9A-Za-z]{50}$";
    public static final String START_PATTERN = "^[a-z0-9]{1,20}(_[a-z0-9]{1,20})*_[0-9A-Za-z]{4}$";
    /** Base64url without padding, as the listings hand them out. */
    public static final String CURSOR_PATTERN = "^[A-Za-z0-9_-]{1,400}$";
    public static final int CURSOR_LENGTH = 400;
    public static final String DATE_TIME = "date-time";
    /** RFC 3339 in UTC with fractions of a second: {@code 2026-11-22T10:15:30.123456Z}. */
    public static final int DATE_TIME_LENGTH = 40;
    /** The longest IP literal: an IPv6 address with an IPv4 one embedded, all groups written in full. */
    public static final int IP_LENGTH = 45;
    public static final int USER_ID_LENGTH = 36;
    public static final int KEY_LENGTH = ApiKeyToken.MAX_LENGTH;
    public static final int START_LENGTH = KeyPrefix.MAX_LENGTH + 1 + 4;
    public static final int SCOPE_LENGTH = 64;
    /** Scopes in a header, comma-separated: at most {@link Scopes#MAX_SCOPES}, each with its ", ". */
    public static final int SCOPE_LIST_LENGTH = Scopes.MAX_SCOPES * (SCOPE_LENGTH + 2);
    public static final String SCOPE_LIST_PATTERN = "^[a-z0-9:._, -]{0," + SCOPE_LIST_LENGTH + "}$";
    /** Codes, titles, client addresses, request ids. */
    public static final int SHORT_TEXT_LENGTH = 64;
    public static final int DETAIL_LENGTH = 2000;

    private ApiSchemas() {
    }
}
