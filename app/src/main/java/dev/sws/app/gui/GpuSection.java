package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.workstation.service.GpuService;
import dev.sws.core.bus.JobEvent;
import dev.sws.core.bus.Subscription;
import dev.sws.core.exec.BackgroundTask;
import dev.sws.core.exec.TaskHandle;
import dev.sws.core.gpu.GpuDevices;
import dev.sws.core.gpu.GpuRuntime;
import dev.sws.core.util.UserFacingException;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * The GPU part of Settings: what the GPU runtime pack and the driver say, and an install button with progress and
 * cancel (a cancelled or interrupted install resumes next time). The GPU list comes from a background task.
 */
final class GpuSection extends VBox {

    private static final String JOB = "gpu-install";

    private final Workstation ctx;
    private final GpuService gpu;
    private final Label status = new Label("Looking for GPUs…");
    private final Button install = new Button("Install GPU runtime");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar bar = new ProgressBar(0);
    private final Label detail = new Label();
    private TaskHandle<Void> running;
    private Subscription progressSub;

    GpuSection(Workstation ctx) {
        super(6);
        this.ctx = ctx;
        this.gpu = ctx.gpu();
        setId("gpu-section");
        status.setId("gpu-status");
        status.setWrapText(true);
        install.setId("gpu-install");
        cancel.setId("gpu-cancel");
        detail.setId("gpu-detail");
        install.setTooltip(new Tooltip("Fetches ONNX Runtime's CUDA build and the CUDA 12 + cuDNN 9 libraries from Maven Central "
                + "(only the needed files, about 1.4 GB), checks each against its pinned SHA-256 and keeps them in " + gpu.pack().dir()));
        cancel.setVisible(false);
        bar.setVisible(false);
        bar.setPrefWidth(260);
        install.setOnAction(e -> startInstall());
        cancel.setOnAction(e -> {
            if (running != null) {
                running.cancel();
            }
        });
        Label title = new Label("GPU");
        title.getStyleClass().add("section-title");
        getChildren().addAll(title, status, new HBox(8, install, cancel, bar), detail);
        refresh();
    }

    /** The summary, from a background task (the driver query can take a moment). */
    void refresh() {
        ctx.executor().submit(BackgroundTask.of("gpu status", p -> summary()))
                .future().whenCompleteAsync((s, err) -> {
                    status.setText(err != null ? UserFacingException.messageOf(err) : s);
                    install.setDisable(gpu.pack().isInstalled() && running == null);
                    install.setText(gpu.pack().isInstalled() ? "GPU runtime installed" : gpu.pack().partialBytes() > 0
                            ? "Resume GPU runtime install" : "Install GPU runtime");
                }, FxExecutor.INSTANCE);
    }

    private String summary() {
        GpuDevices.Listing l = GpuDevices.list();
        String gpus = l.gpus().isEmpty() ? "No NVIDIA GPU: " + l.problem() + "."
                : "GPUs: " + String.join("; ", l.gpus().stream().map(GpuDevices.Gpu::describe).toList()) + ".";
        GpuRuntime.State s = GpuRuntime.state();
        String pack = gpu.pack().isInstalled() ? "GPU runtime pack installed" : "GPU runtime pack not installed";
        String now = s.active() ? "Models can run on CUDA now (" + s.cudnn() + ")." : "Running on the CPU: " + s.reason() + "."
                + (gpu.pack().isInstalled() && !l.gpus().isEmpty() ? " The runtime is chosen at start-up: restart after changing the device." : "");
        return gpus + "\n" + pack + ". " + now;
    }

    private void startInstall() {
        install.setDisable(true);
        cancel.setVisible(true);
        bar.setVisible(true);
        bar.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        detail.setText("Connecting to " + GpuService.defaultRepo().getHost() + "…");
        progressSub = ctx.bus().subscribe(JobEvent.Progress.class, FxExecutor.INSTANCE, Duration.ofMillis(200), p -> {
            if (JOB.equals(p.jobId()) && p.total() > 0) {
                bar.setProgress(p.done() / (double) p.total());
                detail.setText(String.format(Locale.ROOT, "%s — %.0f of %.0f MB", p.detail(), p.done() / 1e6, p.total() / 1e6));
            }
        });
        running = ctx.executor().submit(BackgroundTask.of("install GPU runtime", p -> {
            gpu.install(GpuService.defaultRepo(), true, new dev.sws.core.exec.Progress() {
                @Override
                public void update(double done, double total, String message) {
                    ctx.bus().publish(new JobEvent.Progress(JOB, (long) done, (long) total, message));
                }

                @Override
                public boolean isCancelled() {
                    return p.isCancelled();
                }
            });
            return null;
        }));
        running.future().whenCompleteAsync((v, err) -> {
            running = null;
            progressSub.close();
            cancel.setVisible(false);
            bar.setVisible(false);
            Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause == null) {
                detail.setText("Installed. Restart Speech Workstation to run models on the GPU.");
            } else if (cause instanceof CancellationException) {
                detail.setText("Cancelled; the downloaded part is kept and the next install resumes from it.");
            } else {
                detail.setText(UserFacingException.messageOf(cause));
            }
            refresh();
        }, FxExecutor.INSTANCE);
    }
}
