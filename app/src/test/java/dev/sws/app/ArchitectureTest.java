package dev.sws.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Guards the layering: engines never import JavaFX; only engines and core touch ONNX Runtime; view models hold no Nodes. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sws");
    }

    @Test
    void enginesDoNotDependOnJavaFx() {
        noClasses().that().resideInAnyPackage("dev.sws.core..", "dev.sws.audio..", "dev.sws.asr..", "dev.sws.codec..", "dev.sws.tts..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("engines run headless (CLI, batch, Spark) and are tested without a display")
                .check(classes);
    }

    @Test
    void onlyEnginesTouchOnnxRuntime() {
        noClasses().that().resideInAnyPackage("dev.sws.app..", "dev.sws.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..")
                .because("native sessions and tensors are owned by engine classes, never by the UI or CLI")
                .check(classes);
    }

    @Test
    void viewModelsHoldNoNodes() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .because("view models are testable without a window (JabRef's MVVM rule)")
                .check(classes);
    }

    @Test
    void coreDoesNotDependOnEngines() {
        noClasses().that().resideInAPackage("dev.sws.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sws.audio..", "dev.sws.asr..", "dev.sws.app..")
                .check(classes);
    }
}
