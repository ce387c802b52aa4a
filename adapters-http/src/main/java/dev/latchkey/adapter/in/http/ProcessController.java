package dev.latchkey.adapter.in.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import java.util.UUID;

/** The sample business endpoint of API.md §5: shows how an application's resource is protected by a scope. */
@Controller("/v1/process")
@ProblemResponses
class ProcessController {

    static final String SUCCESS = "SUCCESS";

    @Serdeable
    record Processed(String id, String status) {
    }

    @Post
    @ApiResponse(responseCode = "422", description = "processing_failed: status is not SUCCESS", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @Secured("process")
    HttpResponse<?> process(HttpRequest<?> request, @Body @Valid Requests.Process body) {
        if (!SUCCESS.equals(body.status())) {
            return Problems.response(request, ProblemCode.PROCESSING_FAILED,
                    "only status SUCCESS can be processed");
        }
        return HttpResponse.ok(new Processed(UUID.randomUUID().toString(), SUCCESS));
    }
}
