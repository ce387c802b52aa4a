package dev.latchkey.adapter.in.http.ops;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document generated from these controllers at build time, as {@code /openapi.yml} and
 * {@code /openapi.json}, and {@code /docs} (the bundled Swagger UI). No key needed.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class ApiDocsController {

    static final String DOCUMENT = "META-INF/swagger/latchkey.yml";
    static final String SWAGGER_UI = "/swagger-ui/index.html";

    private final String yaml;
    private final String json;

    ApiDocsController(JsonMapper jsonMapper) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing: the OpenAPI processor did not run");
            }
            this.yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Object tree = new Yaml(new LoaderOptions()).load(yaml);
        this.json = jsonMapper.writeValueAsString(tree);
    }

    @Get("/openapi.yml")
    @Produces("application/yaml")
    String yaml() {
        return yaml;
    }

    @Get("/openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    String json() {
        return json;
    }

    @Get("/docs")
    HttpResponse<?> docs() {
        return HttpResponse.seeOther(URI.create(SWAGGER_UI));
    }
}
