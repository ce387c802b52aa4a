package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's sign-in waits for its verdict on the blocking pool; a verification that must read the store (here a
 * key with a quota, which is taken in the store on every use) reads it on a pool of its own. Were the read queued on
 * the blocking pool, as many parallel sign-ins as that pool has threads would each wait for a read that never gets a
 * thread, and the node would stop answering anything that touches the store. With 2 blocking threads, 24 parallel
 * sign-ins must all be answered, and the API after them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSignInPoolTest extends ApplicationOnFreshDatabase {

    private static final int SIGN_INS = 24;

    ConsoleSignInPoolTest() {
        super("signinpool", "sign-in-pool-test-pepper-0123456789abcdef",
                Map.of("micronaut.executors.io.n-threads", "2", "latchkey.throttle.max-failures", "100000"));
    }

    @Test
    void parallelSignInsWithAKeyReadFromTheStoreAreAllAnsweredAndTheNodeKeepsAnswering() throws Exception {
        String key = (String) issue(user("Ada"),
                "{\"name\":\"console\",\"scopes\":[\"users:read\"],\"remaining\":100000}").get("key");

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest signIn = HttpRequest.newBuilder(server.getURI().resolve("/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "latchkey_console_sign_in=token")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=token&key="
                        + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                .build();
        ExecutorService clients = Executors.newFixedThreadPool(SIGN_INS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < SIGN_INS; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return http.send(signIn, HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                // a deadlocked pool never answers: the wait is a bound on a hang, not a measure of speed
                assertThat(answer.get(60, TimeUnit.SECONDS)).as("a sign-in with a valid key").isEqualTo(303);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(api().get("/v1/me", "X-API-Key", key).status()).isEqualTo(200);
    }
}
