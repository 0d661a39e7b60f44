package dev.chatbot.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Here every module is on the class path, so this is where the arrows between modules are
 * checked: each platform adapter depends on bot-core only, never on another adapter, and nothing
 * but this app module assembles them. An adapter brings its own Spring wiring, in its {@code spring}
 * package; the rest of it does without Spring.
 */
class ModuleArchitectureTests {

    private static final List<String> ADAPTERS = List.of("telegram", "discord", "wechat");

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.chatbot");

    @Test
    void noAdapterImportsAnother() {
        for (String adapter : ADAPTERS) {
            String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter))
                    .map(a -> "dev.chatbot." + a + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.chatbot." + adapter + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void adaptersDoNotReachIntoTheApp() {
        noClasses().that().resideInAnyPackage(ADAPTERS.stream().map(a -> "dev.chatbot." + a + "..").toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage("dev.chatbot.app..")
                .check(classes);
    }

    @Test
    void onlyAnAdaptersSpringPackageKnowsSpring() {
        for (String adapter : ADAPTERS) {
            noClasses().that().resideInAPackage("dev.chatbot." + adapter + "..")
                    .and().resideOutsideOfPackage("dev.chatbot." + adapter + ".spring..")
                    .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }
}
