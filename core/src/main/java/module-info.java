/**
 * Speech Workstation core: the event bus, background task execution, settings, logging, the model store and the
 * ONNX Runtime inference runtime. Pure compute and I/O: no JavaFX, no java.desktop.
 */
module dev.sws.core {
    requires transitive com.microsoft.onnxruntime;
    requires transitive com.fasterxml.jackson.databind;
    requires java.logging;
    requires java.net.http;
    requires jdk.unsupported; // sun.misc.Signal: stop inference before the exit hooks run (RunsInFlight)
    requires static jcuda; // automatic module (jcuda-12.6.0.jar); GpuDevices touches it only when asked

    exports dev.sws.core.bus;
    exports dev.sws.core.exec;
    exports dev.sws.core.settings;
    exports dev.sws.core.log;
    exports dev.sws.core.model;
    exports dev.sws.core.inference;
    exports dev.sws.core.util;
    exports dev.sws.core.text;
    exports dev.sws.core.gpu;
    exports dev.sws.core.onnx;

    opens dev.sws.core.settings to com.fasterxml.jackson.databind;
    opens dev.sws.core.model to com.fasterxml.jackson.databind;
}
