package io.mnemos.speech;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** speech-service imports no other service, and its engines know nothing of the web layer. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mnemos.speech");

    @Test
    void noOtherServiceIsImported() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mnemos.memory..",
                        "io.mnemos.retrieval..",
                        "io.mnemos.orchestrator..",
                        "io.mnemos.vision..",
                        "io.mnemos.gateway..")
                .check(classes);
    }

    @Test
    void enginesAndSessionsDoNotDependOnTheWebLayer() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.mnemos.speech.asr..",
                        "io.mnemos.speech.tts..",
                        "io.mnemos.speech.vad..",
                        "io.mnemos.speech.duplex..",
                        "io.mnemos.speech.audio..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.mnemos.speech.ws..", "io.mnemos.web..")
                .check(classes);
    }
}
