package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request body takes each field as the JSON type the contract gives it: a value of another type is
 * {@code 400 validation_failed} naming the field, never coerced (before: {@code {"name":123}} was a user named "123",
 * {@code {"key":["<key>"]}} was VALID, {@code {"gracePeriodSeconds":true}} a 1 s grace). One case per endpoint, field
 * and wrong type class; the refusal never quotes the value.
 */
@MicronautTest
class StrictJsonApiTest extends HttpApiTest {

    /** Valid bodies, field by field (raw JSON), that each case spoils one field of. */
    private static final Map<String, Map<String, String>> VALID = Map.of(
            "POST /v1/users", fields("name", "\"Ada\""),
            "POST /v1/users/{user}/keys", fields("name", "\"ci\"", "scopes", "[\"read\"]"),
            "PATCH /v1/users/{user}", fields(),
            "PATCH /v1/keys/{key}", fields(),
            "POST /v1/keys/{key}/rotate", fields(),
            "POST /v1/me/rotate", fields(),
            "POST /v1/keys/verify", fields("key", "\"{plaintext}\""),
            "POST /v1/process", fields("status", "\"SUCCESS\""));

    /** Values of every other type class, for a field of each type class (987654 and "zz-wrong" are never echoed). */
    private static final List<String> NOT_A_STRING = List.of("987654", "9.87654", "true", "[\"zz-wrong\"]",
            "{\"zz\":\"wrong\"}");
    private static final List<String> NOT_A_WHOLE_NUMBER = List.of("\"987654\"", "true", "987654.5", "[987654]",
            "{\"zz\":1}", "1e987654", "98765498765498765498765498765");
    private static final List<String> NOT_AN_ARRAY_OF_STRINGS = List.of("\"zz-wrong\"", "987654", "true", "[987654]",
            "[true]", "[[\"zz-wrong\"]]", "{\"zz\":\"wrong\"}");
    private static final List<String> NOT_AN_OBJECT = List.of("\"zz-wrong\"", "987654", "true", "[\"zz-wrong\"]");

    private String[] admin;
    private String userId;
    private String keyId;
    private String plaintext;

    @BeforeEach
    void setUp() {
        admin = keyHeaders("admin", "keys:verify", "process");
        userId = newUser(admin, "Ada");
        Map<String, Object> issued = api.post("/v1/users/" + userId + "/keys", "{\"name\":\"ci\",\"scopes\":[\"read\"]}",
                admin).json();
        keyId = (String) issued.get("id");
        plaintext = (String) issued.get("key");
    }

    static Stream<Arguments> wrongTypes() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, "POST /v1/users", NOT_A_STRING, "name", "email", "externalId");
        add(cases, "POST /v1/users/{user}/keys", NOT_A_STRING, "name", "prefix", "expiresAt");
        add(cases, "POST /v1/users/{user}/keys", NOT_AN_ARRAY_OF_STRINGS, "scopes");
        add(cases, "POST /v1/users/{user}/keys", NOT_A_WHOLE_NUMBER, "remaining");
        add(cases, "POST /v1/users/{user}/keys", NOT_AN_OBJECT, "meta", "rateLimit");
        add(cases, "PATCH /v1/users/{user}", NOT_A_STRING, "name", "email", "status");
        add(cases, "PATCH /v1/keys/{key}", NOT_A_STRING, "name", "expiresAt");
        add(cases, "PATCH /v1/keys/{key}", NOT_AN_ARRAY_OF_STRINGS, "scopes");
        add(cases, "PATCH /v1/keys/{key}", NOT_AN_OBJECT, "meta");
        add(cases, "POST /v1/keys/{key}/rotate", NOT_A_WHOLE_NUMBER, "gracePeriodSeconds");
        add(cases, "POST /v1/me/rotate", NOT_A_WHOLE_NUMBER, "gracePeriodSeconds");
        add(cases, "POST /v1/keys/verify", NOT_A_STRING, "key");
        add(cases, "POST /v1/keys/verify", NOT_AN_ARRAY_OF_STRINGS, "scopes");
        add(cases, "POST /v1/process", NOT_A_STRING, "status");
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("wrongTypes")
    void aFieldOfTheWrongTypeIsValidationFailedNamingIt(String endpoint, String field, String wrongValue) {
        Map<String, String> body = new LinkedHashMap<>(VALID.get(endpoint));
        body.put(field, wrongValue);
        String[] methodAndPath = endpoint.split(" ");
        String json = render(body).replace("{plaintext}", plaintext);

        Api.Response refused = api.malformed().send(methodAndPath[0], methodAndPath[1].replace("{user}", userId)
                .replace("{key}", keyId), json, "Content-Type", "application/json", admin[0], admin[1]);

        refused.isProblem(400, "validation_failed");
        assertThat(fieldsOf(refused)).containsExactly(field);
        assertThat(refused.body()).doesNotContain("987654").doesNotContain("zz").doesNotContain(plaintext);
    }

    private static void add(List<Arguments> cases, String endpoint, List<String> wrongValues, String... fields) {
        for (String field : fields) {
            for (String value : wrongValues) {
                cases.add(Arguments.of(endpoint, field, value));
            }
        }
    }

    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static String render(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":").append(value));
        return json.append('}').toString();
    }

    private static List<String> fieldsOf(Api.Response problem) {
        Object errors = problem.field("errors");
        assertThat(errors).as("errors in " + problem.body()).isInstanceOf(List.class);
        List<String> names = new ArrayList<>();
        for (Object error : (List<?>) errors) {
            names.add((String) ((Map<?, ?>) error).get("field"));
        }
        return names;
    }
}
