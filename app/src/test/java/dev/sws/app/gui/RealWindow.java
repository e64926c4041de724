package dev.sws.app.gui;

import dev.sws.core.exec.DefaultTaskExecutor;
import dev.sws.core.util.AppPaths;
import dev.sws.workstation.Workstation;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real main window on the test's display (Xvfb under ./sws test), with its workstation; screenshots to target/. */
final class RealWindow implements AutoCloseable {

    final Workstation ctx;
    final MainView view;
    final Stage stage;

    private RealWindow(Workstation ctx, MainView view, Stage stage) {
        this.ctx = ctx;
        this.view = view;
        this.stage = stage;
    }

    /** Skips the test class without a display; error dialogs stay closed (the tests read messages instead). */
    static void assumeDisplay() {
        assumeTrue(System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isBlank(),
                "no display: run through ./sws test, which starts Xvfb");
        System.setProperty("sws.gui.noDialogs", "true");
    }

    static RealWindow open(double width, double height) throws Exception {
        FxToolkit.registerPrimaryStage();
        Workstation ctx = new Workstation(AppPaths.fromEnvironment(), new DefaultTaskExecutor(2, FxExecutor.INSTANCE));
        MainView[] view = {null};
        Stage stage = FxToolkit.setupStage(s -> {
            view[0] = new MainView(ctx, s);
            Scene scene = new Scene(view[0], width, height);
            Themes.apply(scene, "light");
            s.setScene(scene);
            s.show();
            s.toFront();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return new RealWindow(ctx, view[0], stage);
    }

    void screenshot(FxRobot robot, String name) throws java.io.IOException {
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        robot.interact(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null), "png", shots.resolve(name).toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() throws Exception {
        FxToolkit.cleanupStages();
        FxToolkit.setupFixture(view::close);   // on the FX thread, as the application's stop() does
        ctx.close();
    }
}
