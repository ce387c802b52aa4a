package dev.latchkey.domain.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AccessPoliciesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private final Random random = new Random(24);
    private final SecretHasher hasher = new SecretHasher("access-test-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final UserId owner = UserId.generate(NOW, random);

    private final Caller admin = caller("admin");
    private final Caller delegate = caller("keys:write", "keys:read");
    private final Caller userManager = caller("users:write");

    @Test
    void applicationScopesAreGrantedByAnyone() {
        assertThatCode(() -> AccessPolicies.requireMayGrant(delegate, scopes("process", "billing:read")))
                .doesNotThrowAnyException();
    }

    @Test
    void aBuiltInScopeIsGrantedOnlyByACallerThatHoldsIt() {
        assertThatCode(() -> AccessPolicies.requireMayGrant(delegate, scopes("keys:read", "process")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> AccessPolicies.requireMayGrant(delegate, scopes("users:write", "keys:read")))
                .isInstanceOf(InsufficientPrivilege.class)
                .hasMessage("granting these scopes needs a calling key that holds users:write")
                .extracting(e -> ((InsufficientPrivilege) e).missingScopes()).isEqualTo("users:write");
        assertThatThrownBy(() -> AccessPolicies.requireMayGrant(delegate, scopes("me:rotate")))
                .isInstanceOf(InsufficientPrivilege.class);
    }

    @Test
    void aVerdictIsExplainedOnlyToACallerThatHoldsAuditRead() {
        assertThatCode(() -> AccessPolicies.requireMayExplain(caller("keys:verify", "audit:read")))
                .doesNotThrowAnyException();
        assertThatCode(() -> AccessPolicies.requireMayExplain(admin)).doesNotThrowAnyException();
        assertThatThrownBy(() -> AccessPolicies.requireMayExplain(caller("keys:verify")))
                .isInstanceOf(InsufficientPrivilege.class)
                .hasMessage("explaining a verdict needs a calling key that holds audit:read");
    }

    @Test
    void onlyAdminGrantsAdmin() {
        Caller everythingButAdmin = caller("users:read", "users:write", "keys:read", "keys:write", "keys:verify",
                "audit:read", "me:rotate");

        assertThatThrownBy(() -> AccessPolicies.requireMayGrant(everythingButAdmin, scopes("admin")))
                .isInstanceOf(InsufficientPrivilege.class).hasMessageEndingWith("holds admin");
        assertThatCode(() -> AccessPolicies.requireMayGrant(admin, scopes("admin", "users:write", "me:rotate")))
                .doesNotThrowAnyException();
        assertThatCode(() -> AccessPolicies.requireMayGrant(Caller.SERVICE, scopes("admin")))
                .doesNotThrowAnyException();
    }

    @Test
    void onlyAdminIssuesAHoneytoken() {
        Caller everythingButAdmin = caller("users:read", "users:write", "keys:read", "keys:write", "keys:verify",
                "audit:read", "me:rotate");
        assertThatThrownBy(() -> AccessPolicies.requireMayIssueHoneytoken(everythingButAdmin))
                .isInstanceOf(InsufficientPrivilege.class)
                .hasMessage("issuing a honeytoken needs a calling key that holds admin");
        assertThatThrownBy(() -> AccessPolicies.requireMayIssueHoneytoken(delegate))
                .isInstanceOf(InsufficientPrivilege.class);
        assertThatCode(() -> AccessPolicies.requireMayIssueHoneytoken(admin)).doesNotThrowAnyException();
        assertThatCode(() -> AccessPolicies.requireMayIssueHoneytoken(Caller.SERVICE)).doesNotThrowAnyException();
    }

    @Test
    void aKeyIsManagedOnlyByACallerThatHoldsEveryBuiltInScopeOfIt() {
        ApiKey adminKey = key("admin");
        ApiKey appKey = key("process", "keys:read");

        assertThatThrownBy(() -> AccessPolicies.requireMayManage(delegate, adminKey))
                .isInstanceOf(InsufficientPrivilege.class).hasMessageContaining(adminKey.id().value());
        assertThatCode(() -> AccessPolicies.requireMayManage(delegate, appKey)).doesNotThrowAnyException();
        assertThatThrownBy(() -> AccessPolicies.requireMayManage(userManager, appKey))
                .isInstanceOf(InsufficientPrivilege.class);
        assertThatCode(() -> AccessPolicies.requireMayManage(admin, adminKey)).doesNotThrowAnyException();
    }

    @Test
    void aUserIsManagedOnlyByACallerThatHoldsWhatItsUnrevokedKeysHold() {
        ApiKey adminKey = key("admin");
        ApiKey appKey = key("process");

        assertThatThrownBy(() -> AccessPolicies.requireMayManageOwnerOf(userManager, List.of(appKey, adminKey)))
                .isInstanceOf(InsufficientPrivilege.class)
                .extracting(e -> ((InsufficientPrivilege) e).missingScopes()).isEqualTo("admin");
        assertThatCode(() -> AccessPolicies.requireMayManageOwnerOf(userManager, List.of(appKey)))
                .doesNotThrowAnyException();
        assertThatCode(() -> AccessPolicies.requireMayManageOwnerOf(userManager,
                List.of(appKey, adminKey.revokedAt(NOW)))).doesNotThrowAnyException();
        assertThatCode(() -> AccessPolicies.requireMayManageOwnerOf(admin, List.of(adminKey)))
                .doesNotThrowAnyException();
    }

    @Test
    void aCallerHoldsWhatItsScopesGrant() {
        assertThat(caller("admin").held()).containsAll(Scopes.BUILT_IN);
        assertThat(caller("keys:write").held()).hasSize(1);
    }

    private static Scopes scopes(String... names) {
        return Scopes.parse(List.of(names));
    }

    private Caller caller(String... names) {
        return Caller.ofKey(ApiKeyToken.generate(new KeyPrefix("lk"), random).keyId(), scopes(names));
    }

    private ApiKey key(String... names) {
        return ApiKey.issue(ApiKeyToken.generate(new KeyPrefix("lk"), random), hasher, owner, "k", scopes(names), NOW,
                null);
    }
}
