package dev.chatbot.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of bot-core, checked on its compiled classes: packages by feature with no cycles
 * between them, a vocabulary that everything may use and that uses nothing of ours, and no
 * platform library or framework anywhere in the engine.
 */
class CoreArchitectureTests {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.chatbot.core");
    }

    @Test
    void packagesHaveNoCycles() {
        // (**) makes every package its own slice, so llm and llm.openai must not need each other either
        slices().matching("dev.chatbot.core.(**)").should().beFreeOfCycles().check(core);
    }

    @Test
    void theVocabularyDependsOnNothingOfOurs() {
        classes().that().resideInAPackage("dev.chatbot.core.chat")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.chatbot.core.chat", "java..")
                .check(core);
    }

    @Test
    void theEngineImportsNoPlatformLibraryAndNoFramework() {
        noClasses().that().resideInAPackage("dev.chatbot..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.telegram..", "net.dv8tion..", "me.chanjar..", "com.github.binarywang..",
                        "org.springframework..", "jakarta.servlet..",
                        "dev.chatbot.telegram..", "dev.chatbot.discord..", "dev.chatbot.wechat..", "dev.chatbot.app..")
                .check(core);
    }

    @Test
    void onlyTheModelStreamsTransportUsesOkHttp() {
        // OkHttp carries the streamed model calls and stays behind StreamingClient: no provider, and
        // nothing of the engine, sees its types
        noClasses().that().resideInAPackage("dev.chatbot..").and().resideOutsideOfPackage("dev.chatbot.core.llm.http")
                .should().dependOnClassesThat().resideInAPackage("okhttp3..")
                .check(core);
    }

    @Test
    void providersOfOneWireFormatDoNotUseAnother() {
        for (String format : new String[] {"openai", "anthropic", "gemini"}) {
            noClasses().that().resideInAPackage("dev.chatbot.core.llm." + format + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherFormats(format))
                    .check(core);
        }
    }

    private static String[] otherFormats(String format) {
        return java.util.stream.Stream.of("openai", "anthropic", "gemini", "resilience")
                .filter(f -> !f.equals(format))
                .map(f -> "dev.chatbot.core.llm." + f + "..")
                .toArray(String[]::new);
    }
}
