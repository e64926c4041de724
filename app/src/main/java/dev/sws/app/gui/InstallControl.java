package dev.sws.app.gui;

import dev.sws.core.bus.JobEvent;
import dev.sws.core.bus.Subscription;
import dev.sws.core.exec.BackgroundTask;
import dev.sws.core.exec.Progress;
import dev.sws.core.exec.TaskHandle;
import dev.sws.core.util.UserFacingException;
import dev.sws.workstation.Workstation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * A download-and-install action: its button, a cancel button and a progress bar while it runs, and a line saying
 * what happened (a cancelled or interrupted install keeps its transferred part and resumes next time). Progress
 * reaches the window through the bus, coalesced; the work runs on the workstation's executor.
 */
final class InstallControl extends VBox {

    /** The work; reports through {@code progress} and stops when it says so. */
    @FunctionalInterface
    interface Work {
        void run(Progress progress) throws Exception;
    }

    private final Workstation ctx;
    private final String job;
    private final Work work;
    private final String doneText;
    private final Runnable onDone;
    private final Button install;
    private final Button cancel = new Button("Cancel");
    private final ProgressBar bar = new ProgressBar(0);
    private final Label detail = new Label();
    private TaskHandle<Void> running;
    private Subscription progressSub;

    /** Ids: {@code idPrefix-install}, {@code -cancel}, {@code -detail}. */
    InstallControl(Workstation ctx, String idPrefix, String label, String doneText, Work work, Runnable onDone) {
        super(6);
        this.ctx = ctx;
        this.job = idPrefix + "-job";
        this.work = work;
        this.doneText = doneText;
        this.onDone = onDone;
        install = new Button(label);
        install.setId(idPrefix + "-install");
        cancel.setId(idPrefix + "-cancel");
        detail.setId(idPrefix + "-detail");
        detail.setWrapText(true);
        cancel.setVisible(false);
        bar.setVisible(false);
        bar.setPrefWidth(260);
        install.setOnAction(e -> start());
        cancel.setOnAction(e -> {
            if (running != null) {
                running.cancel();
            }
        });
        getChildren().addAll(new HBox(8, install, cancel, bar), detail);
    }

    Button button() {
        return install;
    }

    boolean isRunning() {
        return running != null;
    }

    private void start() {
        install.setDisable(true);
        cancel.setVisible(true);
        bar.setVisible(true);
        bar.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        detail.setText("Connecting…");
        progressSub = ctx.bus().subscribe(JobEvent.Progress.class, FxExecutor.INSTANCE, Duration.ofMillis(200), p -> {
            if (!job.equals(p.jobId())) {
                return;
            }
            if (p.total() > 1) {
                bar.setProgress(p.done() / (double) p.total());
                detail.setText(String.format(Locale.ROOT, "%s — %.0f of %.0f MB", p.detail(), p.done() / 1e6, p.total() / 1e6));
            } else {
                bar.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
                detail.setText(p.detail() + "…");
            }
        });
        running = ctx.executor().submit(BackgroundTask.of(install.getText(), p -> {
            work.run(new Progress() {
                @Override
                public void update(double done, double total, String message) {
                    ctx.bus().publish(new JobEvent.Progress(job, (long) done, (long) total, message));
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
            install.setDisable(false);
            Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause == null) {
                detail.setText(doneText);
            } else if (cause instanceof CancellationException) {
                detail.setText("Cancelled; the downloaded part is kept and the next install resumes from it.");
            } else {
                detail.setText(UserFacingException.messageOf(cause));
            }
            onDone.run();
        }, FxExecutor.INSTANCE);
    }
}
