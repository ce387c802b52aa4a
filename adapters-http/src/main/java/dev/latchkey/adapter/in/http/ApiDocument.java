package dev.latchkey.adapter.in.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The OpenAPI document's header: what Latchkey is and the two ways to present a key (API.md §1). */
@OpenAPIDefinition(
        info = @Info(title = "Latchkey", version = "1",
                description = "Self-hosted API-key service: issue, verify, rotate and revoke API keys. "
                        + "Every error is application/problem+json with a machine-readable code.",
                license = @License(name = "Proprietary")),
        security = {@SecurityRequirement(name = ApiDocument.API_KEY), @SecurityRequirement(name = ApiDocument.BEARER)})
@SecurityScheme(name = ApiDocument.API_KEY, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "X-API-Key", description = "The key in the X-API-Key header")
@SecurityScheme(name = ApiDocument.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The key as a bearer token: Authorization: Bearer <key>")
final class ApiDocument {

    static final String API_KEY = "apiKey";
    static final String BEARER = "bearer";

    private ApiDocument() {
    }
}
