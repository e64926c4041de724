/** Style sheets, icons and message bundles of the GUI (views are built in code, see dev.sws.app.gui). */
module dev.sws.ui {
    exports dev.sws.ui;
    opens dev.sws.ui;
    opens dev.sws.ui.css;
    opens dev.sws.ui.icons;
}
