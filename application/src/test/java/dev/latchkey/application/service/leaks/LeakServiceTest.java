package dev.latchkey.application.service.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.RotateOwnKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.leak.LeakOutcome;
import dev.latchkey.domain.leak.LeakReport;
import dev.latchkey.domain.user.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Leak reports over the fakes: what is ours is found with one read of the store, however many tokens a report holds. */
class LeakServiceTest {

    private final UseCases useCases = new UseCases();

    private LeakService leaks(LeakOutcome.Policy policy) {
        return new LeakService(useCases.apiKeys, useCases.apiKeyService, useCases.hasher, useCases.changeAudit, policy,
                useCases.clock);
    }

    private String issueKey() {
        User owner = useCases.userService.register(new RegisterUser.Command("Ada", null, null));
        return useCases.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "ci", Scopes.parse(List.of("me:rotate")),
                Optional.empty(), Optional.empty())).plaintext();
    }

    private static LeakReport report(String token) {
        return new LeakReport(token, "latchkey_api_key", "https://github.com/octo/app", "content");
    }

    @Test
    void everyReportedKeyIsReadInOneQuery() {
        List<LeakReport> reports = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reports.add(report(issueKey()));
        }
        reports.add(report("lk_notakeyatall"));
        reports.add(report("ghp_0123456789abcdefghijklmnopqrstuvwxyz"));
        int singleReads = useCases.apiKeys.singleReads;

        List<LeakOutcome> outcomes = leaks(LeakOutcome.Policy.FLAG).report(reports);

        assertThat(outcomes).extracting(LeakOutcome::action).containsExactly(LeakOutcome.Action.FLAGGED,
                LeakOutcome.Action.FLAGGED, LeakOutcome.Action.FLAGGED, LeakOutcome.Action.FLAGGED,
                LeakOutcome.Action.FLAGGED, LeakOutcome.Action.NONE, LeakOutcome.Action.NONE);
        assertThat(useCases.apiKeys.batchReads).isEqualTo(1);
        assertThat(useCases.apiKeys.singleReads).as("no read per token").isEqualTo(singleReads);
    }

    @Test
    void aKeyReportedTwiceInOneReportIsRevokedOnce() {
        String key = issueKey();

        List<LeakOutcome> outcomes = leaks(LeakOutcome.Policy.REVOKE).report(List.of(report(key), report(key)));

        assertThat(outcomes).extracting(LeakOutcome::action)
                .containsExactly(LeakOutcome.Action.REVOKED, LeakOutcome.Action.NONE);
    }

    /**
     * The reported key rotates itself after the report read it and before the report revokes it: the replacement,
     * which whoever holds the leaked key now holds, is revoked too (the next link is read after the revocation).
     */
    @Test
    void aSelfRotationCommittedWhileTheReportIsUnderWayIsFollowed() {
        String key = issueKey();
        var keyId = ApiKeyToken.parse(key).orElseThrow().keyId();
        String[] replacement = new String[1];
        useCases.apiKeys.afterNextBatchRead = () -> replacement[0] = useCases.apiKeyService.rotateOwn(
                new RotateOwnKey.Command(keyId, Duration.ofHours(1))).plaintext();

        List<LeakOutcome> outcomes = leaks(LeakOutcome.Policy.REVOKE).report(List.of(report(key)));

        assertThat(outcomes).extracting(LeakOutcome::action).containsExactly(LeakOutcome.Action.REVOKED);
        var successor = useCases.apiKeys.findById(ApiKeyToken.parse(replacement[0]).orElseThrow().keyId());
        assertThat(successor.orElseThrow().isRevoked()).as("the self-rotated replacement").isTrue();
    }

    @Test
    void aReportWithoutATokenOfOursReadsNothing() {
        List<LeakOutcome> outcomes = leaks(LeakOutcome.Policy.REVOKE).report(List.of(report("sk_live_nothing")));

        assertThat(outcomes).containsExactly(LeakOutcome.NOT_OURS);
        assertThat(useCases.apiKeys.batchReads).isZero();
    }
}
