package dev.latchkey.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The architecture the README's "Layout" describes, as ArchUnit rules over a root package, so that the same rules can be run on
 * Latchkey ({@code dev.latchkey}) and on a deliberately broken class set that each of them must reject.
 * {@code failOnEmptyShould} stays on: a rule whose packages match nothing fails.
 */
final class ArchitectureRules {

    private final String root;

    ArchitectureRules(String root) {
        this.root = root;
    }

    private String pkg(String relative) {
        return root + "." + relative;
    }

    /** Domain model inside, then domain services (the policies), application, adapters outside. */
    ArchRule onion() {
        return onionArchitecture()
                .domainModels(pkg("domain"), pkg("domain.user.."), pkg("domain.apikey.."), pkg("domain.audit.."),
                        pkg("domain.usage.."))
                .domainServices(pkg("domain.verification.."))
                .applicationServices(pkg("application.."))
                .adapter("http", pkg("adapter.in.http.."))
                .adapter("persistence", pkg("adapter.out.persistence.."))
                .withOptionalLayers(false)
                .ignoreDependency(DescribedPredicate.describe("bootstrap", (JavaClass c) ->
                        c.getPackageName().startsWith(pkg("bootstrap"))), DescribedPredicate.alwaysTrue());
    }

    /** The domain is plain Java: the JDK (javax.crypto for HMAC) and itself. */
    ArchRule domainIsPlainJava() {
        return classes().that().resideInAPackage(pkg("domain.."))
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", pkg("domain.."))
                .as("domain depends only on the JDK and itself");
    }

    /** The application knows the domain and jakarta.inject at most: no framework, no JDBC, no Netty. */
    ArchRule applicationKnowsOnlyTheDomain() {
        return classes().that().resideInAPackage(pkg("application.."))
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "jakarta.inject..", pkg("domain.."), pkg("application.."))
                .as("application depends only on the JDK, jakarta.inject, the domain and itself");
    }

    /** Adapters call ports, never the services behind them. */
    ArchRule adaptersUsePortsNotServices() {
        return noClasses().that().resideInAPackage(pkg("adapter.."))
                .should().dependOnClassesThat().resideInAPackage(pkg("application.service.."))
                .as("adapters depend on application ports, never on application.service");
    }

    /** The HTTP adapter never reaches into persistence, nor persistence into HTTP. */
    ArchRule adaptersAreIndependent() {
        return noClasses().that().resideInAPackage(pkg("adapter.in.."))
                .should().dependOnClassesThat().resideInAPackage(pkg("adapter.out.."))
                .orShould().dependOnClassesThat().resideInAPackage(pkg("bootstrap.."))
                .as("inbound adapters never depend on outbound adapters or bootstrap");
    }

    /** The verification cache and the failure counter are outbound adapters: Caffeine and Bucket4j stay inside them. */
    ArchRule cachingIsAnAdapterConcern() {
        return noClasses().that().resideOutsideOfPackages(pkg("adapter.out.persistence.cache.."),
                        pkg("adapter.out.persistence.throttle.."))
                .should().dependOnClassesThat()
                .resideInAnyPackage("com.github.benmanes.caffeine..", "io.github.bucket4j..")
                .as("only the cache and throttle adapters (adapter.out.persistence.cache, .throttle) use Caffeine and "
                        + "Bucket4j");
    }

    List<ArchRule> all() {
        return List.of(onion(), domainIsPlainJava(), applicationKnowsOnlyTheDomain(), adaptersUsePortsNotServices(),
                adaptersAreIndependent(), cachingIsAnAdapterConcern());
    }
}
