/** The Speech Workstation application: JavaFX GUI (MVVM) and the command line (picocli), wiring the engines. */
module dev.sws.app {
    requires dev.sws.asr;
    requires dev.sws.tts;
    requires dev.sws.codec;
    requires dev.sws.ui;
    requires javafx.controls;
    requires javafx.swing;
    requires org.controlsfx.controls;
    requires info.picocli;
    requires java.logging;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires java.desktop;

    opens dev.sws.app.cli to info.picocli;
    opens dev.sws.app.gui to javafx.graphics;
    exports dev.sws.app;
    exports dev.sws.app.batch;
    exports dev.sws.app.service;
}
