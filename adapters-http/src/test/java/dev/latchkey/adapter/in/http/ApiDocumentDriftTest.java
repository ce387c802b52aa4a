package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.verification.RecordedTrace;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.VerificationStep;
import dev.latchkey.domain.webhook.WebhookEventType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the served OpenAPI document lists by hand (an annotation takes constants only) agrees with the domain enums it
 * describes: the verdict codes with {@link RejectionReason}, the webhook event names and their count with
 * {@link WebhookEventType}, the explained verdict's step names with {@link VerificationStep}. A new verification policy or event type fails here until the document says so too.
 */
@MicronautTest
class ApiDocumentDriftTest extends HttpApiTest {

    @Test
    void theVerdictCodesAreValidAndEveryRejectionReason() {
        Map<String, Object> code = property(schemas(), "Verdict", "code");

        Set<String> expected = Stream.concat(Stream.of("VALID"), Arrays.stream(RejectionReason.values()).map(Enum::name))
                .collect(Collectors.toSet());
        assertThat(list(code, "enum")).as("Verdict.code in /openapi.json").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theTraceStepsAreTheVerificationStepsInTheirOrderAndTheTraceHoldsThemAll() {
        Map<String, Object> schemas = schemas();
        Map<String, Object> step = property(schemas, "VerificationTraceStep", "step");

        assertThat(list(step, "enum")).as("VerificationTraceStep.step in /openapi.json, in the verifier's order")
                .containsExactlyElementsOf(Arrays.stream(VerificationStep.values()).map(VerificationStep::wireName)
                        .toList());
        assertThat(list(property(schemas, "VerificationTraceStep", "outcome"), "enum")).containsExactlyElementsOf(
                Arrays.stream(RecordedTrace.Outcome.values()).map(o -> o.name().toLowerCase(Locale.ROOT)).toList());
        assertThat(property(schemas, "Verdict", "trace")).as("Verdict.trace's maxItems")
                .containsEntry("maxItems", VerificationStep.values().length);
    }

    @Test
    void theWebhookEventsAreExactlyTheEventTypesAndAllOfThemFitInOneSubscription() {
        Map<String, Object> schemas = schemas();
        Set<String> wireNames = Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName)
                .collect(Collectors.toSet());
        int longest = wireNames.stream().mapToInt(String::length).max().orElseThrow();

        for (Map<String, Object> event : List.of(items(property(schemas, "NewWebhook", "events")),
                items(property(schemas, "Webhook", "events")), property(schemas, "WebhookDelivery", "event"))) {
            String pattern = (String) event.get("pattern");
            assertThat(alternatives(pattern)).as("the event pattern %s", pattern).isEqualTo(wireNames);
            Pattern compiled = Pattern.compile(pattern);
            assertThat(wireNames).allMatch(name -> compiled.matcher(name).matches());
            assertThat(((Number) event.get("maxLength")).intValue()).isGreaterThanOrEqualTo(longest);
        }
        // "subscribe to everything": a list of every event type is within the bound
        assertThat(((Number) property(schemas, "NewWebhook", "events").get("maxItems")).intValue())
                .isEqualTo(WebhookEventType.values().length);
        assertThat(((Number) property(schemas, "Webhook", "events").get("maxItems")).intValue())
                .isEqualTo(WebhookEventType.values().length);
    }

    @Test
    void aSubscriptionToEveryEventTypeIsAccepted() {
        String[] admin = keyHeaders("admin");
        String everything = Arrays.stream(WebhookEventType.values()).map(type -> "\"" + type.wireName() + "\"")
                .collect(Collectors.joining(","));

        Api.Response created = api.post("/v1/webhooks", "{\"url\":\"https://hooks.example.com/all\",\"events\":["
                + everything + "]}", admin);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        api.send("DELETE", "/v1/webhooks/" + created.json().get("id"), null, admin);
    }

    /** The names a pattern of the form {@code ^(a\.b|c\.d)$} allows. */
    private static Set<String> alternatives(String pattern) {
        assertThat(pattern).startsWith("^(").endsWith(")$");
        return Arrays.stream(pattern.substring(2, pattern.length() - 2).split("\\|"))
                .map(alternative -> alternative.replace("\\.", "."))
                .collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> schemas() {
        Map<String, Object> components = (Map<String, Object>) api.get("/openapi.json").json().get("components");
        return (Map<String, Object>) components.get("schemas");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> schemas, String schema, String property) {
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) schemas.get(schema))
                .get("properties");
        assertThat(properties).as(schema).containsKey(property);
        return (Map<String, Object>) properties.get(property);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> items(Map<String, Object> arraySchema) {
        return (Map<String, Object>) arraySchema.get("items");
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> schema, String key) {
        return (List<String>) schema.get(key);
    }
}
