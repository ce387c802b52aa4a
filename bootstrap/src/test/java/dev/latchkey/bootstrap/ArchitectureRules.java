package dev.latchkey.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;

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

    /**
     * Domain model inside, then domain services (the policies), application, adapters outside; the adapters do not
     * know each other, except that the outbound ones share what every store offers: the store contracts beyond the
     * application's ports and the connection lanes (the package {@code adapter.out.persistence} itself).
     */
    ArchRule onion() {
        return onionArchitecture()
                .domainModels(pkg("domain"), pkg("domain.user.."), pkg("domain.apikey.."), pkg("domain.audit.."),
                        pkg("domain.usage.."), pkg("domain.webhook.."), pkg("domain.leak.."),
                        pkg("domain.access.."))
                .domainServices(pkg("domain.verification.."))
                .applicationServices(pkg("application.."))
                .adapter("http", pkg("adapter.in.http.."))
                .adapter("metrics", pkg("adapter.in.metrics.."))
                .adapter("persistence", pkg("adapter.out.persistence.."))
                .adapter("cache", pkg("adapter.out.cache.."))
                .adapter("limits", pkg("adapter.out.limits.."))
                .adapter("accounting", pkg("adapter.out.accounting.."))
                .adapter("webhook", pkg("adapter.out.webhook.."))
                .withOptionalLayers(false)
                .ignoreDependency(DescribedPredicate.describe("bootstrap", (JavaClass c) ->
                        c.getPackageName().startsWith(pkg("bootstrap"))), DescribedPredicate.alwaysTrue())
                .ignoreDependency(DescribedPredicate.describe("an outbound adapter", (JavaClass c) ->
                                c.getPackageName().startsWith(pkg("adapter.out."))),
                        DescribedPredicate.describe("what every store offers them (adapter.out.persistence)",
                                (JavaClass c) -> c.getPackageName().equals(pkg("adapter.out.persistence"))));
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

    /** A port is what the outside sees: it never names the service behind it. */
    ArchRule portsNeverDependOnServices() {
        return noClasses().that().resideInAPackage(pkg("application.port.."))
                .should().dependOnClassesThat().resideInAPackage(pkg("application.service.."))
                .as("ports never depend on the services that implement them");
    }

    /** What the outside calls and what the application needs from outside are separate contracts. */
    ArchRule inAndOutPortsStayApart() {
        return CompositeArchRule.of(noClasses().that().resideInAPackage(pkg("application.port.in.."))
                        .should().dependOnClassesThat().resideInAPackage(pkg("application.port.out..")))
                .and(noClasses().that().resideInAPackage(pkg("application.port.out.."))
                        .should().dependOnClassesThat().resideInAPackage(pkg("application.port.in..")))
                .as("in-ports and out-ports do not depend on each other");
    }

    /** Adapter classes are package-private where nothing outside needs them. */
    ArchRule adapterClassesArePackagePrivateUnlessUsedElsewhere() {
        return classes().that().resideInAPackage(pkg("adapter.."))
                .and().arePublic().and().areTopLevelClasses()
                .and().haveNameNotMatching(".*\\.\\$.*") // Micronaut's generated bean definitions
                .should(new ArchCondition<JavaClass>("be used outside their package (else be package-private)") {
                    @Override
                    public void check(JavaClass adapterClass, ConditionEvents events) {
                        boolean usedElsewhere = adapterClass.getPackage().getClasses().stream()
                                .filter(c -> c.equals(adapterClass) || c.getEnclosingClass()
                                        .map(adapterClass::equals).orElse(false))
                                .flatMap(c -> c.getDirectDependenciesToSelf().stream())
                                .anyMatch(dependency -> !dependency.getOriginClass().getPackageName()
                                        .equals(adapterClass.getPackageName()));
                        // javac copies constants (and annotation values) into the classes that use them, so the
                        // bytecode cannot tell whether a class that offers constants is used elsewhere
                        boolean offersConstants = adapterClass.getFields().stream().anyMatch(field ->
                                field.getModifiers().containsAll(Set.of(JavaModifier.PUBLIC, JavaModifier.STATIC,
                                        JavaModifier.FINAL)));
                        if (!usedElsewhere && !offersConstants) {
                            events.add(SimpleConditionEvent.violated(adapterClass, "public, but nothing outside "
                                    + adapterClass.getPackageName() + " uses " + adapterClass.getName() + "."));
                        }
                    }
                })
                .as("adapter classes are package-private unless another package uses them");
    }

    /**
     * The verification cache, the limiters and the failure counters are outbound adapters: Caffeine and Bucket4j stay
     * inside them. The one other cache is the console's session store, an inbound adapter's own state.
     */
    ArchRule cachingIsAnAdapterConcern() {
        return CompositeArchRule.of(noClasses().that().resideOutsideOfPackages(pkg("adapter.out.cache.."),
                                pkg("adapter.out.limits.."), pkg("adapter.in.http.console.."))
                        .should().dependOnClassesThat().resideInAnyPackage("com.github.benmanes.caffeine.."))
                .and(noClasses().that().resideOutsideOfPackages(pkg("adapter.out.cache.."), pkg("adapter.out.limits.."))
                        .should().dependOnClassesThat().resideInAnyPackage("io.github.bucket4j.."))
                .as("only the verification cache and the limits (adapter.out.cache, adapter.out.limits) use Caffeine"
                        + " and Bucket4j, and the console's sessions (adapter.in.http.console) Caffeine");
    }

    /** Redis is the shared limits' business: nothing else talks to it, or knows which client library does. */
    ArchRule redisIsAnAdapterConcern() {
        return noClasses().that().resideOutsideOfPackage(pkg("adapter.out.limits.redis.."))
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..")
                .as("only the shared limits (adapter.out.limits.redis) use the Redis client");
    }

    /**
     * Which database runs underneath is the persistence adapter's business: outside it nothing names a driver, a SQL
     * dialect, Flyway or the pool's configuration (the JDBC URL alone chooses, inside the adapter).
     */
    ArchRule theDatabaseIsAPersistenceConcern() {
        return noClasses().that().resideOutsideOfPackage(pkg("adapter.out.persistence.."))
                .should().dependOnClassesThat().resideInAnyPackage("com.mysql..", "org.mariadb..", "org.postgresql..",
                        "org.h2..", "org.flywaydb..", "io.micronaut.flyway..", "io.micronaut.data.jdbc..",
                        "io.micronaut.data.model.query.builder.sql..", "io.micronaut.configuration.jdbc..",
                        "com.zaxxer.hikari..")
                .as("only the persistence adapter (adapter.out.persistence) knows which database, driver, dialect and"
                        + " migrations are used");
    }

    /**
     * The adapters that work around the stores (the verification cache, the limits, accounting, webhook delivery) reach
     * them through the application's ports and the store contracts ({@code adapter.out.persistence}), never through
     * JDBC or a store's classes: each works the same over every store.
     */
    ArchRule roleAdaptersNeverTouchTheDatabase() {
        return noClasses().that().resideInAnyPackage(pkg("adapter.out.cache.."), pkg("adapter.out.limits.."),
                        pkg("adapter.out.accounting.."), pkg("adapter.out.webhook.."))
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.micronaut.data..",
                        "io.micronaut.transaction..", pkg("adapter.out.persistence.*.."))
                .as("the cache, limits, accounting and webhook adapters use no JDBC, Micronaut Data or store class"
                        + " (adapter.out.persistence.*), only ports and the store contracts");
    }

    /** A store is a store: what caches, limits and talks to Redis lives in its own adapter, over any store. */
    ArchRule storesAreOnlyStores() {
        return noClasses().that().resideInAPackage(pkg("adapter.out.persistence.."))
                .should().dependOnClassesThat().resideInAnyPackage("com.github.benmanes.caffeine..",
                        "io.github.bucket4j..", "io.lettuce..", pkg("adapter.out.cache.."), pkg("adapter.out.limits.."),
                        pkg("adapter.out.accounting.."), pkg("adapter.out.webhook.."))
                .as("the stores (adapter.out.persistence) use no Caffeine, Bucket4j or Redis client, and no cache,"
                        + " limits, accounting or webhook adapter");
    }

    /**
     * Each store (a subpackage of {@code adapter.out.persistence}) stands alone, so that a new one is written against
     * the contracts; and the contracts name no store.
     */
    ArchRule eachStoreStandsAlone() {
        return CompositeArchRule.of(slices().matching(pkg("adapter.out.persistence.(*)..")).should()
                        .notDependOnEachOther())
                .and(noClasses().that().resideInAPackage(pkg("adapter.out.persistence"))
                        .should().dependOnClassesThat().resideInAPackage(pkg("adapter.out.persistence.*..")))
                .as("the stores (adapter.out.persistence.*) do not depend on each other, nor the store contracts"
                        + " (adapter.out.persistence) on a store");
    }

    /**
     * The HTTP adapter's packages (keys, users, gateway, console, security, problem, common, ...) depend on each other
     * one way only: what they all share (schemas, header names, problems) sits below, and a package that answers
     * refusals its own way (the console) plugs into security instead of security knowing it.
     */
    ArchRule httpPackagesAreFreeOfCycles() {
        return slices().matching(pkg("adapter.in.http.(*)..")).should().beFreeOfCycles()
                .as("the packages of adapter.in.http do not depend on each other in a cycle");
    }

    List<ArchRule> all() {
        return List.of(onion(), domainIsPlainJava(), applicationKnowsOnlyTheDomain(), adaptersUsePortsNotServices(),
                portsNeverDependOnServices(), inAndOutPortsStayApart(),
                adapterClassesArePackagePrivateUnlessUsedElsewhere(), cachingIsAnAdapterConcern(),
                redisIsAnAdapterConcern(), theDatabaseIsAPersistenceConcern(), roleAdaptersNeverTouchTheDatabase(),
                storesAreOnlyStores(), eachStoreStandsAlone(), httpPackagesAreFreeOfCycles());
    }
}
