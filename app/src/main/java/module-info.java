/** The Speech Workstation application: JavaFX GUI (MVVM) and the command line (picocli), over the headless workstation. */
module dev.sws.app {
    requires dev.sws.workstation;
    requires dev.sws.ui;
    requires javafx.controls;
    requires org.controlsfx.controls;
    requires javafx.swing;
    requires info.picocli;
    requires java.logging;
    requires java.desktop;

    opens dev.sws.app.cli to info.picocli;
    opens dev.sws.app.cli.measure to info.picocli;
    opens dev.sws.app.cli.shared to info.picocli;
    opens dev.sws.app.gui to javafx.graphics;
    exports dev.sws.app;
}
