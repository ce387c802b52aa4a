package dev.latchkey.adapter.in.http.ops;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The OpenAPI document's header: what Latchkey is and the two ways to present a key (docs/api-guide.md §1). The
 * consistency of verification is not restated here: docs/verification-cache.md is its one statement, and the
 * description points there.
 */
@OpenAPIDefinition(
        info = @Info(title = "Latchkey", version = "1",
                description = "Self-hosted API-key service: issue, verify, rotate and revoke API keys. "
                        + "Every error is application/problem+json with a machine-readable code.\n\n"
                        + "Consistency of verification: each node caches what it has verified and follows the "
                        + "changes made on other nodes through a change feed in the database. How fresh a verdict is "
                        + "on each node (latchkey.cache.max-staleness), what an outage of the database does to it, "
                        + "and when lastUsedAt is written are stated once, exactly, in docs/verification-cache.md "
                        + "of Latchkey's source.\n\n"
                        + "Request bodies are read strictly: a field of the wrong JSON type (a number for a string, a "
                        + "lone string for an array, a string or boolean for a number) is 400 validation_failed naming "
                        + "the field; unknown fields are ignored. A key header holding a control character, or longer "
                        + "than 256 characters, is 401 malformed_key; another header with a control character, or a "
                        + "header name that is not an HTTP token, is 400 validation_failed. A request line longer than "
                        + "4,096 characters is 414 uri_too_long; headers larger than 64 KiB together, or a body larger "
                        + "than 1 MB, 413 payload_too_large. Every error, including these, carries X-Request-Id and "
                        + "its requestId.\n\n"
                        + "When the database cannot be reached, a request that needs it is 503 unavailable with "
                        + "Retry-After within latchkey.store-timeout (1 s), or twice that when its statement was "
                        + "already waiting on a database that stopped answering, never 401 and never a hang; the "
                        + "service refuses such calls at once until a background probe reaches the database again. "
                        + "A slow query is not an outage: a statement that does not finish within the store timeout "
                        + "is stopped by the database and its request alone is 503 unavailable; cached verifications "
                        + "and other calls go on answering.\n\n"
                        + "Privileges: the built-in scopes (admin, users:read, users:write, keys:read, keys:write, "
                        + "keys:verify, audit:read, me:rotate) are privileges; admin holds them all. A key grants, "
                        + "changes or removes only the built-in scopes it holds, so only admin grants admin: issuing a "
                        + "key needs the built-in scopes it would hold; changing, rotating or revoking a key needs every "
                        + "built-in scope of that key (and of the scopes a PATCH sets); changing, disabling, re-enabling "
                        + "or deleting a user needs every built-in scope of the user's unrevoked keys. Refusals are "
                        + "403 insufficient_scope, WWW-Authenticate naming the missing scopes; nothing is changed. "
                        + "Other scopes are the application's own, grantable by any keys:write key.\n\n"
                        + "Limits: a key may have a rateLimit {limit 1-1000000, periodSeconds 1-86400} (a token bucket "
                        + "per key, refilled evenly, shared by all nodes through Redis when configured, else per node; "
                        + "past it 429 rate_limited with Retry-After) and a quota, "
                        + "remaining (uses left, null for unlimited; each successful use takes one, exactly, in the "
                        + "database; at 0, 403 usage_exceeded). Every response to a request whose key has a rate limit "
                        + "carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds until the whole "
                        + "limit is back), /v1/auth included. Both apply to /v1/keys/verify for the key in the body, "
                        + "reported in the verdict.\n\n"
                        + "Allowed addresses: a key with allowedCidrs (1-32 IPv4 or IPv6 blocks) works only for a "
                        + "client at one of them; elsewhere 403 ip_not_allowed (IP_NOT_ALLOWED in a verdict), taking "
                        + "nothing from its limits. The client address is the TCP peer, or the forwarded address when "
                        + "the peer is one of latchkey.http.trusted-proxies; /v1/keys/verify also takes clientIp, the "
                        + "address of the client that presented the key to the calling service.\n\n"
                        + "Webhooks (/v1/webhooks, scope admin): the key and user lifecycle events that the events "
                        + "pattern of NewWebhook lists, written to an outbox in the transaction of the change and "
                        + "delivered at least once with exponential backoff; each delivery is signed "
                        + "the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature: v1, "
                        + "HMAC-SHA-256 of id.timestamp.body under the endpoint's secret, shown once). No payload "
                        + "holds key material.\n\n"
                        + "Leaks (POST /v1/leaks): reports in GitHub's secret-scanning format, signed by GitHub (ECDSA; "
                        + "Github-Public-Key-Identifier and Github-Public-Key-Signature) or sent with an admin key. A "
                        + "genuine live key is revoked at once (or flagged), audited as key.leaked and announced; the "
                        + "answer never echoes a token, and without a valid signature or key nothing is looked at.\n\n"
                        + "Audit: changes are recorded in the transaction of the change; every verification "
                        + "(key.verified, key.rejected with its code, by key id, never by secret) is queued and written "
                        + "within latchkey.audit.flush-interval (at most 1 s), all of it on graceful shutdown. Usage "
                        + "counts are added to the database every latchkey.usage.flush-interval (5 s).",
                license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
        servers = @Server(url = "/", description = "production: the installation that serves this document",
                extensions = @Extension(properties = @ExtensionProperty(name = "x-internal", value = "false",
                        parseValue = true))),
        tags = {@Tag(name = "users", description = "Users, who own keys"),
                @Tag(name = "keys", description = "Issuing, changing, rotating and revoking keys; their usage"),
                @Tag(name = "caller", description = "What a key can do about itself"),
                @Tag(name = "verification", description = "Verifying keys for other services"),
                @Tag(name = "gateway", description = "Forward authentication for nginx, Traefik and Envoy"),
                @Tag(name = "audit", description = "Who did what with which key, when"),
                @Tag(name = "webhooks", description = "Endpoints that hear of keys' and users' lifecycle; their deliveries"),
                @Tag(name = "leaks", description = "Reports of keys found in public places"),
                @Tag(name = "sample", description = "How an application's own endpoint is protected"),
                @Tag(name = "operations", description = "Liveness; no key needed")})
@SecurityScheme(name = ApiDocument.API_KEY, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "X-API-Key", description = "The key in the X-API-Key header")
@SecurityScheme(name = ApiDocument.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The key as a bearer token: Authorization: Bearer <key>")
@SecurityScheme(name = ApiDocument.GITHUB_SIGNATURE, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "Github-Public-Key-Signature", description = "POST /v1/leaks only: a report signed the way GitHub's "
        + "secret scanning signs, base64 of the ECDSA (P-256, SHA-256) signature of the raw body in "
        + "Github-Public-Key-Signature, with the verification key's id in Github-Public-Key-Identifier; checked against "
        + "the keys of latchkey.leaks.github-keys-file")
public final class ApiDocument {

    public static final String API_KEY = "apiKey";
    public static final String BEARER = "bearer";
    public static final String GITHUB_SIGNATURE = "githubSignature";

    private ApiDocument() {
    }
}
