package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Latchkey keeps its hexagonal shape; and each rule is shown to fail on classes that break it. */
class ArchitectureTest {

    private static final ImportOption NO_TEST_JARS = location -> !location.contains("-tests.jar");

    private static final JavaClasses LATCHKEY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(NO_TEST_JARS)
            .importPackages("dev.latchkey");

    private static final String FIXTURE_ROOT = "dev.latchkey.bootstrap.archfixture";
    private static final JavaClasses BROKEN = new ClassFileImporter().importPackages(FIXTURE_ROOT);

    /** Each rule, with the fixture violation it must report. */
    static Stream<Arguments> rules() {
        return Stream.of(
                rule(ArchitectureRules::onion, "LeakyEntity"),
                rule(ArchitectureRules::domainIsPlainJava, "LeakyEntity"),
                rule(ArchitectureRules::applicationKnowsOnlyTheDomain, "FrameworkBoundService"),
                rule(ArchitectureRules::adaptersUsePortsNotServices, "ShortcutController"),
                rule(ArchitectureRules::portsNeverDependOnServices, "ServiceAwareUseCase"),
                rule(ArchitectureRules::inAndOutPortsStayApart, "StoreAwareUseCase"),
                rule(ArchitectureRules::adapterClassesArePackagePrivateUnlessUsedElsewhere, "LonelyPublicAdapter"),
                rule(ArchitectureRules::cachingIsAnAdapterConcern, "CachingService"),
                rule(ArchitectureRules::redisIsAnAdapterConcern, "SharingService"),
                rule(ArchitectureRules::theDatabaseIsAPersistenceConcern, "DialectAwareController"),
                rule(ArchitectureRules::roleAdaptersNeverTouchTheDatabase, "SqlCountingUsage"),
                rule(ArchitectureRules::storesAreOnlyStores, "CaffeinatedStore"),
                rule(ArchitectureRules::eachStoreStandsAlone, "BorrowingStore"),
                rule(ArchitectureRules::httpPackagesAreFreeOfCycles, "ChickenController"));
    }

    private static Arguments rule(Function<ArchitectureRules, ArchRule> rule, String violator) {
        return Arguments.of(rule.apply(new ArchitectureRules("dev.latchkey")).getDescription(), rule, violator);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void latchkeyFollowsTheRule(String description, Function<ArchitectureRules, ArchRule> rule, String violator) {
        rule.apply(new ArchitectureRules("dev.latchkey")).check(LATCHKEY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theRuleRejectsClassesThatBreakIt(String description, Function<ArchitectureRules, ArchRule> rule,
                                          String violator) {
        assertThatThrownBy(() -> rule.apply(new ArchitectureRules(FIXTURE_ROOT)).check(BROKEN))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(violator + ".")
                .hasMessageNotContaining("failOnEmptyShould");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theRuleFailsWhenItsPackagesAreRenamedAway(String description, Function<ArchitectureRules, ArchRule> rule,
                                                  String violator) {
        assertThatThrownBy(() -> rule.apply(new ArchitectureRules("dev.latchkey.renamed")).check(LATCHKEY))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void importsEveryModulesProductionClassesAndNoTests() {
        assertThat(LATCHKEY.stream().map(c -> c.getPackageName()).distinct())
                .contains("dev.latchkey.domain.apikey", "dev.latchkey.application.service.keys",
                        "dev.latchkey.adapter.in.http.keys", "dev.latchkey.adapter.out.persistence.jdbc",
                        "dev.latchkey.bootstrap")
                .noneMatch(name -> name.contains("testsupport") || name.contains("archfixture"));
    }
}
