/**
 * The headless workstation: the composition root ({@code Workstation}), the engine services with their model caches,
 * the batch runner and its job store. Used by the GUI and command line ({@code dev.sws.app}) and by the Spark job.
 */
module dev.sws.workstation {
    requires transitive dev.sws.asr;
    requires transitive dev.sws.tts;
    requires transitive dev.sws.codec;
    requires java.logging;
    requires java.sql;
    requires org.xerial.sqlitejdbc;

    exports dev.sws.workstation;
    exports dev.sws.workstation.batch;
    exports dev.sws.workstation.document;
    exports dev.sws.workstation.service;
}
