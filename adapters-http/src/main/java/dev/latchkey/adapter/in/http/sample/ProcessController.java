package dev.latchkey.adapter.in.http.sample;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.problem.MoreProblemResponses;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** The sample business endpoint (docs/api-guide.md §5): how an application's resource is protected by a scope. */
@Controller("/v1/process")
@ProblemResponses
@NegotiationProblemResponses
class ProcessController {

    static final String SUCCESS = "SUCCESS";

    @Serdeable
    @Schema(name = "ProcessRequest")
    record Process(@Nullable @NotBlank @Size(max = 64) @Schema(description = "SUCCESS is processed; any other is 422")
                   String status) {
    }

    @Serdeable
    @Schema(name = "Processed")
    record Processed(@Schema(format = "uuid", maxLength = ApiSchemas.USER_ID_LENGTH) String id,
                     @Schema(allowableValues = "SUCCESS") String status) {
    }

    @SuccessResponses.Ok
    @Operation(operationId = "process", summary = "The sample protected resource", tags = "sample")
    @Post
    @MoreProblemResponses.ProcessingFailed
    @Secured("process")
    @SuppressWarnings("unchecked") // a refusal is a problem response; the declared type documents the 200
    HttpResponse<Processed> process(HttpRequest<?> request, @Body @Valid Process body) {
        if (!SUCCESS.equals(body.status())) {
            return (HttpResponse<Processed>) (HttpResponse<?>) Problems.response(request, ProblemCode.PROCESSING_FAILED,
                    "only status SUCCESS can be processed");
        }
        return HttpResponse.ok(new Processed(UUID.randomUUID().toString(), SUCCESS));
    }
}
