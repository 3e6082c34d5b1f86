package io.mnemos.vision;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The service imports no other service, and its engine packages stay free of the HTTP and storage layer. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mnemos.vision");

    @Test
    void noOtherServiceIsImported() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mnemos.memory..",
                        "io.mnemos.retrieval..",
                        "io.mnemos.orchestrator..",
                        "io.mnemos.speech..",
                        "io.mnemos.gateway..")
                .check(CLASSES);
    }

    @Test
    void enginesDoNotDependOnTheApiLayer() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.mnemos.vision.image..",
                        "io.mnemos.vision.hash..",
                        "io.mnemos.vision.ocr..",
                        "io.mnemos.vision.caption..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mnemos.vision.images..",
                        "io.mnemos.web..",
                        "io.mnemos.messaging..",
                        "org.springframework..")
                .check(CLASSES);
    }
}
