package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests no well-behaved client sends, written to the socket as bytes ({@link RawHttp}). Each is answered by Latchkey with a contract problem and a request id, never by Netty's bare error page, and never
 * quotes what was sent. Before: a control character in a key was {@code 400 validation_failed}, a 10,000-character
 * path {@code 413}, and none of these answers had a request id.
 */
@MicronautTest
class HostileHeadersTest extends HttpApiTest {

    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3}) ");

    @ParameterizedTest(name = "control character 0x{0} in X-API-Key")
    @ValueSource(strings = {"00", "01", "08", "0b", "1b", "1f", "7f"})
    void aControlCharacterInAKeyIsAMalformedKey(String hex) throws IOException {
        String key = Api.keyWithScopes(registerUser, issueApiKey, "process");
        char control = (char) Integer.parseInt(hex, 16);

        String inTheMiddle = raw("GET /v1/me", "X-API-Key: " + key.substring(0, 20) + control + key.substring(20));
        String atTheEnd = raw("GET /v1/me", "X-API-Key: " + key + control);
        String asBearer = raw("GET /v1/me", "Authorization: Bearer " + key + control);

        for (String answer : new String[] {inTheMiddle, atTheEnd, asBearer}) {
            assertProblem(answer, 401, "malformed_key");
            assertThat(answer).doesNotContain(key.substring(3, 20));
        }
    }

    @Test
    void aControlCharacterInAnotherHeaderIsValidationFailed() throws IOException {
        assertProblem(raw("GET /v1/me", "User-Agent: curl\u0001/8"), 400, "validation_failed");
    }

    @Test
    void aHeaderNameThatIsNoTokenIsValidationFailed() throws IOException {
        assertProblem(raw("GET /v1/me", "Bad Name: x"), 400, "validation_failed");
    }

    @Test
    void aTenThousandCharacterPathIsUriTooLong() throws IOException {
        assertProblem(raw("GET /" + "a".repeat(10_000)), 414, "uri_too_long");
    }

    @Test
    void headersLargerThanTheServerAcceptsArePayloadTooLargeWithARequestId() throws IOException {
        assertProblem(raw("GET /v1/me", "X-API-Key: " + "A".repeat(70_000)), 413, "payload_too_large");
    }

    private static void assertProblem(String answer, int status, String code) {
        Matcher statusLine = STATUS.matcher(answer);
        assertThat(statusLine.find()).as(answer).isTrue();
        assertThat(Integer.parseInt(statusLine.group(1))).as(answer).isEqualTo(status);
        assertThat(answer).containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"" + code + "\"");
        Matcher requestId = Pattern.compile("(?i)x-request-id: ([0-9a-f-]{36})").matcher(answer);
        assertThat(requestId.find()).as("X-Request-Id in " + answer).isTrue();
        assertThat(answer).contains("\"requestId\":\"" + requestId.group(1) + "\"");
    }

    private String raw(String requestLine, String... headers) throws IOException {
        return RawHttp.exchange(server, requestLine, List.of(headers), null);
    }
}
