package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.asr.AsrEvent;
import dev.sws.core.bus.DeviceEvent;
import dev.sws.core.bus.ErrorEvent;
import dev.sws.core.bus.ModelEvent;
import dev.sws.core.bus.Subscription;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Status-bar state (device, model, real-time factor, last message); no Nodes. */
public final class MainViewModel implements AutoCloseable {

    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper("CPU");
    private final ReadOnlyStringWrapper model = new ReadOnlyStringWrapper("no model loaded");
    private final ReadOnlyStringWrapper rtf = new ReadOnlyStringWrapper("RTF –");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Ready");
    /** -1 while a model loads (the status bar's busy bar), else 0. */
    private final javafx.beans.property.ReadOnlyDoubleWrapper progress = new javafx.beans.property.ReadOnlyDoubleWrapper(0);
    private final List<Subscription> subs = new ArrayList<>();

    public MainViewModel(Workstation ctx, Consumer<ErrorEvent> onError) {
        var bus = ctx.bus();
        device.set(ctx.runtime().cudaProviderPresent() ? "CUDA available" : "CPU");
        subs.add(bus.subscribe(ModelEvent.class, FxExecutor.INSTANCE, Duration.ofMillis(33), e -> {
            switch (e) {
                case ModelEvent.Loading l -> {
                    message.set("Loading model " + l.modelId() + "…");
                    progress.set(-1);
                }
                case ModelEvent.Loaded l -> {
                    progress.set(0);
                    model.set(l.modelId());
                    device.set(l.device().toUpperCase(Locale.ROOT));
                    message.set("Model " + l.modelId() + " loaded in " + l.millis() + " ms");
                }
                case ModelEvent.Failed f -> {
                    progress.set(0);
                    message.set(f.userMessage());
                }
                default -> { }
            }
        }));
        subs.add(bus.subscribe(DeviceEvent.class, FxExecutor.INSTANCE, e -> {
            if (e instanceof DeviceEvent.Fallback f) {
                device.set("CPU (fallback)");
                message.set("Running on the CPU: " + f.reason());
            }
        }));
        subs.add(bus.subscribe(AsrEvent.Progress.class, FxExecutor.INSTANCE, Duration.ofMillis(100),
                p -> rtf.set(String.format(Locale.ROOT, "RTF %.3f", p.rtf()))));
        // a finished job replaces an older message (an error of a job before it must not stay as if it were current)
        subs.add(bus.subscribe(AsrEvent.Ended.class, FxExecutor.INSTANCE, e -> message.set(String.format(Locale.ROOT,
                "Transcribed %s: %.1f s of audio, %d segment%s.", e.transcript().source(), e.transcript().durationSeconds(),
                e.transcript().segments().size(), e.transcript().segments().size() == 1 ? "" : "s"))));
        subs.add(bus.subscribe(ErrorEvent.class, FxExecutor.INSTANCE, e -> {
            progress.set(0);
            message.set(e.userMessage());
            onError.accept(e);
        }));
    }

    public javafx.beans.property.ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty deviceProperty() {
        return device.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rtfProperty() {
        return rtf.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public void setMessage(String m) {
        message.set(m);
    }

    @Override
    public void close() {
        subs.forEach(Subscription::close);
    }
}
