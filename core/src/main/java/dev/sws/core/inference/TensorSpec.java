package dev.sws.core.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import dev.sws.core.model.ModelContractException;

import java.util.List;
import java.util.Map;

/**
 * Expected name, element type and rank of one input or output. A {@code null} name accepts any name at that
 * position (for tensors addressed by position, like the LSTM states of a NeMo decoder), a {@code null} type any
 * element type, and rank -1 any rank.
 */
public record TensorSpec(String name, OnnxJavaType type, int rank) {

    public static TensorSpec f32(String name, int rank) {
        return new TensorSpec(name, OnnxJavaType.FLOAT, rank);
    }

    public static TensorSpec i64(String name, int rank) {
        return new TensorSpec(name, OnnxJavaType.INT64, rank);
    }

    public static TensorSpec any(String name, int rank) {
        return new TensorSpec(name, null, rank);
    }

    public static TensorSpec i32(String name, int rank) {
        return new TensorSpec(name, OnnxJavaType.INT32, rank);
    }

    private String describe() {
        return (name == null ? "(any name)" : "'" + name + "'") + (type == null ? "" : " " + type.name().toLowerCase())
                + (rank < 0 ? "" : " rank " + rank);
    }

    /** Checks the session's inputs position by position against {@code specs}. */
    public static void checkInputs(OwnedSession s, List<TensorSpec> specs) {
        check(s.file().getFileName().toString(), "input", s.inputNames(), s.inputInfo(), specs);
    }

    /** Checks the session's outputs position by position against {@code specs}. */
    public static void checkOutputs(OwnedSession s, List<TensorSpec> specs) {
        check(s.file().getFileName().toString(), "output", s.outputNames(), s.outputInfo(), specs);
    }

    static void check(String file, String kind, List<String> names, Map<String, NodeInfo> info, List<TensorSpec> specs) {
        if (names.size() < specs.size()) {
            TensorSpec missing = specs.get(names.size());
            throw new ModelContractException(file + ": " + kind + " " + missing.describe() + " is missing (the model has "
                    + names.size() + " " + kind + "s: " + names + ").");
        }
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec spec = specs.get(i);
            String actualName = names.get(i);
            if (spec.name != null && !spec.name.equals(actualName)) {
                if (names.contains(spec.name)) {
                    throw new ModelContractException(file + ": " + kind + " '" + spec.name + "' is at position " + names.indexOf(spec.name)
                            + ", expected position " + i + ".");
                }
                throw new ModelContractException(file + ": " + kind + " '" + spec.name + "' is missing (found '" + actualName
                        + "' at position " + i + "; " + kind + "s are " + names + ").");
            }
            if (!(info.get(actualName).getInfo() instanceof TensorInfo ti)) {
                throw new ModelContractException(file + ": " + kind + " '" + actualName + "' is not a tensor.");
            }
            if (spec.type != null && ti.type != spec.type) {
                throw new ModelContractException(file + ": " + kind + " '" + actualName + "' has type " + ti.type.name().toLowerCase()
                        + ", expected " + spec.type.name().toLowerCase() + ".");
            }
            if (spec.rank >= 0 && ti.getShape().length != spec.rank) {
                throw new ModelContractException(file + ": " + kind + " '" + actualName + "' has rank " + ti.getShape().length
                        + " (shape " + java.util.Arrays.toString(ti.getShape()) + "), expected rank " + spec.rank + ".");
            }
        }
    }

    /** The static shape of input {@code name} (-1 for dynamic dimensions). */
    public static long[] inputShape(OwnedSession s, String name) {
        return ((TensorInfo) s.inputInfo().get(name).getInfo()).getShape();
    }

    /** The static shape of the input at {@code index}. */
    public static long[] inputShape(OwnedSession s, int index) {
        return inputShape(s, s.inputNames().get(index));
    }
}
