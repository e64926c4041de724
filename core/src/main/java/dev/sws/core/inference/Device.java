package dev.sws.core.inference;

import dev.sws.core.util.UserFacingException;

/** Where a session runs. */
public sealed interface Device {

    /** The CPU, through ONNX Runtime's default execution provider. */
    record Cpu() implements Device {
        @Override
        public String toString() {
            return "cpu";
        }
    }

    /** An NVIDIA GPU through ONNX Runtime's CUDA execution provider. */
    record Cuda(int id) implements Device {
        public Cuda {
            if (id < 0) {
                throw new IllegalArgumentException("CUDA device id must be >= 0");
            }
        }

        @Override
        public String toString() {
            return "cuda:" + id;
        }
    }

    Device CPU = new Cpu();

    /** Parses {@code cpu}, {@code cuda}, {@code cuda:N}; {@code auto} means CUDA 0 when available (decided by the caller). */
    static Device parse(String s) {
        if (s == null || s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("cuda") || s.equals("gpu")) {
            return new Cuda(0);
        }
        if (s.matches("cuda:\\d+")) {
            return new Cuda(Integer.parseInt(s.substring(5)));
        }
        throw new UserFacingException("Unknown device '" + s + "'; use cpu or cuda:N.");
    }
}
