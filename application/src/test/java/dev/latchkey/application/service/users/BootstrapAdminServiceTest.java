package dev.latchkey.application.service.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BootstrapAdminServiceTest {

    private final UseCases app = new UseCases();
    private final ApiKeyToken bootstrapKey = ApiKeyToken.generate(KeyPrefix.DEFAULT, new Random(99));

    @Test
    void createsTheAdminUserAndItsKeyWithScopeAdmin() {
        app.bootstrapAdmin.ensure(bootstrapKey);

        User admin = app.users.findByExternalId(BootstrapAdminService.ADMIN_EXTERNAL_ID).orElseThrow();
        ApiKey key = app.apiKeys.findById(bootstrapKey.keyId()).orElseThrow();
        assertThat(admin.name()).isEqualTo("admin");
        assertThat(key.owner()).isEqualTo(admin.id());
        assertThat(key.scopes().names()).containsExactly("admin");
        assertThat(app.verify(bootstrapKey.value(), Set.of(Scope.USERS_WRITE)).isValid()).isTrue();
    }

    @Test
    void isIdempotentAcrossRestarts() {
        app.bootstrapAdmin.ensure(bootstrapKey);
        app.bootstrapAdmin.ensure(bootstrapKey);

        assertThat(app.users.listAfter(Optional.empty(), 10)).hasSize(1);
        User admin = app.users.findByExternalId(BootstrapAdminService.ADMIN_EXTERNAL_ID).orElseThrow();
        assertThat(app.apiKeyService.list(admin.id(), PageRequest.first(10), true).items()).hasSize(1);
    }

    @Test
    void aSecondBootstrapKeyIsAddedToTheSameAdmin() {
        app.bootstrapAdmin.ensure(bootstrapKey);
        app.bootstrapAdmin.ensure(ApiKeyToken.generate(KeyPrefix.DEFAULT, new Random(100)));

        User admin = app.users.findByExternalId(BootstrapAdminService.ADMIN_EXTERNAL_ID).orElseThrow();
        assertThat(app.apiKeyService.list(admin.id(), PageRequest.first(10), true).items()).hasSize(2);
    }

    @Test
    void refusesAKeyIdThatAnotherKeyAlreadyHas() {
        User someone = app.userService.register(new RegisterUser.Command("Eve", null, null));
        String taken = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(someone.id(), "x", Scopes.none(),
                Optional.empty(), Optional.empty())).plaintext();
        ApiKeyToken takenToken = ApiKeyToken.parse(taken).orElseThrow();

        assertThatThrownBy(() -> app.bootstrapAdmin.ensure(takenToken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(takenToken.secret());
    }
}
