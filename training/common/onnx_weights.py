"""Float weights of a shipped ONNX graph, for rebuilding a PyTorch checkpoint from it (training/*/from_onnx.py)."""
import numpy as np
import onnx
from onnx import numpy_helper


def shipped_values(path):
    """name -> float array of every float initializer, int8 ones (compress.py's X_i8 / X_scale) dequantised."""
    m = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    axes = {n.output[0]: next((a.i for a in n.attribute if a.name == "axis"), 1)
            for n in m.graph.node if n.op_type == "DequantizeLinear"}
    out = {}
    for name, a in inits.items():
        if name.endswith("_i8") and name[:-3] + "_scale" in inits:
            base = name[:-3]
            scale = inits[base + "_scale"]
            shape = [1] * a.ndim
            shape[axes[base]] = -1
            out[base] = a.astype(np.float32) * scale.reshape(shape)
        elif a.dtype == np.float32 and not name.endswith("_scale"):
            out[name] = a
    return out
