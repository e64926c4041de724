package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.core.exec.DefaultTaskExecutor;
import dev.sws.core.util.AppPaths;
import dev.sws.ui.UiResources;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The JavaFX application: builds the context off the FX thread's critical path and shows the main window. */
public final class SwsApp extends Application {

    private Workstation ctx;
    private MainView view;

    public static void launchGui(String[] args) {
        Application.launch(SwsApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        ctx = new Workstation(AppPaths.fromEnvironment(), new DefaultTaskExecutor(2, FxExecutor.INSTANCE));
        view = new MainView(ctx, stage);
        WindowState window = WindowState.read(ctx.paths());
        Scene scene = new Scene(view, window.width(), window.height());
        Themes.apply(scene, ctx.settings().ui().theme());
        stage.setScene(scene);
        stage.setTitle("Speech Workstation");
        stage.getIcons().addAll(new Image(UiResources.icon("app-64.png").toExternalForm()),
                new Image(UiResources.icon("app-256.png").toExternalForm()));
        if (window.maximized()) {
            stage.setMaximized(true);
        }
        view.navigate(window.workspace());
        stage.setOnCloseRequest(e -> WindowState.of(stage, view.current()).write(ctx.paths()));
        stage.show();
        java.util.List<java.nio.file.Path> files = getParameters().getRaw().stream().filter(a -> !a.equals("gui"))
                .map(java.nio.file.Path::of).toList();
        if (!files.isEmpty()) {
            view.openFiles(files);
        }
        javafx.application.Platform.runLater(() -> ProcessHandle.current().info().startInstant().ifPresent(t ->
                java.util.logging.Logger.getLogger(SwsApp.class.getName()).info("window shown "
                        + java.time.Duration.between(t, java.time.Instant.now()).toMillis() + " ms after the process started")));
        if (Boolean.getBoolean("sws.exitAfterShow")) {   // start-up measurement and AOT cache training runs
            javafx.application.Platform.runLater(javafx.application.Platform::exit);
        }
    }

    @Override
    public void stop() {
        if (view != null) {
            view.close();
        }
        if (ctx != null) {
            ctx.close();
        }
        Platform.exit();
    }
}
