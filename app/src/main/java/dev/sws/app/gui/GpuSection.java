package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.workstation.service.GpuService;
import dev.sws.core.exec.BackgroundTask;
import dev.sws.core.gpu.GpuDevices;
import dev.sws.core.gpu.GpuRuntime;
import dev.sws.core.util.UserFacingException;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;


/**
 * The GPU part of Settings: what the GPU runtime pack and the driver say, and its install ({@link InstallControl}).
 * The GPU list comes from a background task.
 */
final class GpuSection extends VBox {

    private final Workstation ctx;
    private final GpuService gpu;
    private final Label status = new Label("Looking for GPUs…");
    private final InstallControl install;

    GpuSection(Workstation ctx) {
        super(6);
        this.ctx = ctx;
        this.gpu = ctx.gpu();
        setId("gpu-section");
        status.setId("gpu-status");
        status.setWrapText(true);
        install = new InstallControl(ctx, "gpu", "Install GPU runtime",
                "Installed. Restart Speech Workstation to run models on the GPU.",
                p -> gpu.install(GpuService.defaultRepo(), true, p), this::refresh);
        install.button().setTooltip(new Tooltip("Fetches ONNX Runtime's CUDA build and the CUDA 12 + cuDNN 9 libraries from "
                + GpuService.defaultRepo().getHost() + " (only the needed files, about 1.4 GB), checks each against its "
                + "pinned SHA-256 and keeps them in " + gpu.pack().dir()));
        Label title = new Label("GPU");
        title.getStyleClass().add("section-title");
        getChildren().addAll(title, status, install);
        refresh();
    }

    /** The summary, from a background task (the driver query can take a moment). */
    void refresh() {
        ctx.executor().submit(BackgroundTask.of("gpu status", p -> {
                    GpuDevices.Listing l = GpuDevices.list();
                    return new Object[]{summary(l), !l.gpus().isEmpty()};
                }))
                .future().whenCompleteAsync((r, err) -> {
                    status.setText(err != null ? UserFacingException.messageOf(err) : (String) r[0]);
                    boolean gpuFound = err == null && (Boolean) r[1];
                    // without an NVIDIA GPU the 1.4 GB pack could not run anything: not offered (sws gpu install still can)
                    install.button().setDisable((gpu.pack().isInstalled() || !gpuFound) && !install.isRunning());
                    install.button().setText(gpu.pack().isInstalled() ? "GPU runtime installed" : !gpuFound
                            ? "Install GPU runtime (needs an NVIDIA GPU)" : gpu.pack().partialBytes() > 0
                            ? "Resume GPU runtime install" : "Install GPU runtime");
                }, FxExecutor.INSTANCE);
    }

    private String summary(GpuDevices.Listing l) {
        String gpus = l.gpus().isEmpty() ? "No NVIDIA GPU: " + l.problem() + "."
                : "GPUs: " + String.join("; ", l.gpus().stream().map(GpuDevices.Gpu::describe).toList()) + ".";
        GpuRuntime.State s = GpuRuntime.state();
        String pack = gpu.pack().isInstalled() ? "GPU runtime pack installed" : "GPU runtime pack not installed";
        String now = s.active() ? "Models can run on CUDA now (" + s.cudnn() + ")." : "Running on the CPU: " + s.reason() + "."
                + (gpu.pack().isInstalled() && !l.gpus().isEmpty() ? " The runtime is chosen at start-up: restart after changing the device." : "");
        return gpus + "\n" + pack + ". " + now;
    }
}
