package dev.sws.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Guards what the Maven modules cannot: no package cycles anywhere; only engines touch ONNX Runtime; view models hold
 * no Nodes; the command line never reaches into the GUI. (Module direction itself — {app, spark} → workstation →
 * engines → core — is enforced by the Maven and JPMS module graph, where a wrong import does not compile.)
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sws");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.sws.(**)").should().beFreeOfCycles()
                .because("a package that needs another which needs it back cannot be understood, tested or moved alone")
                .check(classes);
    }

    @Test
    void onlyEnginesTouchOnnxRuntime() {
        noClasses().that().resideInAnyPackage("dev.sws.app..", "dev.sws.ui..", "dev.sws.workstation..")
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
    void commandLineDoesNotReachIntoTheGui() {
        noClasses().that().resideInAPackage("dev.sws.app.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sws.app.gui..", "javafx..")
                .because("the command line runs where no display (or no JavaFX) exists")
                .check(classes);
    }
}
