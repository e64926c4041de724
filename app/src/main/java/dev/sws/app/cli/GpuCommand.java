package dev.sws.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code sws gpu status}: whether CUDA can be used, and why not. */
@Command(name = "gpu", description = "GPU support.", subcommands = {GpuCommand.Status.class})
final class GpuCommand extends CommandGroup {


    @Command(name = "status", description = "Explain whether CUDA is usable.")
    static final class Status implements Runnable {
        @ParentCommand
        GpuCommand gpu;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            var rt = gpu.parent.context().runtime();
            boolean driver = java.nio.file.Files.exists(java.nio.file.Path.of("/proc/driver/nvidia/version"));
            out.println("NVIDIA driver: " + (driver ? "present" : "not found (no NVIDIA GPU or driver on this machine)"));
            out.println("ONNX Runtime " + rt.version() + " CUDA execution provider: " + (rt.cudaProviderPresent() ? "available"
                    : "not in this build; everything runs on the CPU"));
            out.println("Models run on: " + (rt.cudaProviderPresent() && driver ? "CUDA (with CPU fallback)" : "CPU"));
        }
    }
}
