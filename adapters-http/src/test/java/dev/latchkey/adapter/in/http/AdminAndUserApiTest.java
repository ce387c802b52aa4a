package dev.latchkey.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;

/**
 * What the HTTP tests of one user's keys share beyond {@link HttpApiTest}: an admin's key and a user, Ada, both new for
 * every test. The admin's key has the built-in scope {@code admin} and whatever more the test names.
 */
abstract class AdminAndUserApiTest extends HttpApiTest {

    private final String[] adminScopes;
    /** The header that presents the admin's key. */
    String[] admin;
    /** The id of the user Ada, made by the admin. */
    String userId;

    AdminAndUserApiTest(String... moreAdminScopes) {
        adminScopes = new String[moreAdminScopes.length + 1];
        adminScopes[0] = "admin";
        System.arraycopy(moreAdminScopes, 0, adminScopes, 1, moreAdminScopes.length);
    }

    @BeforeEach
    void newAdminAndUser() {
        admin = keyHeaders(adminScopes);
        userId = newUser(admin, "Ada");
    }

    /** The admin's rotation of the key {@code keyId} with a grace of 60 seconds: a {@code 201}. */
    Api.Response rotateWithGrace(Object keyId) {
        Api.Response rotated = api.post("/v1/keys/" + keyId + "/rotate", "{\"gracePeriodSeconds\":60}", admin);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        return rotated;
    }
}
