#!/usr/bin/env python3
"""Builds the fixture of core's Int8ComputeTest: one MatMul whose weights are stored the way training/asr/compress.py
stores them (int8, one scale per output column, zero point 0, DequantizeLinear with axis 1), so ONNX Runtime fuses it
into MatMulNBits on the CPU exactly as it does in the house models.

  x (rows, 64) float -> y (rows, 16) float;  y = x @ (w_int8 * scale)

The scales are powers of two, so the dequantised weights are exact in fp32 and the test can compute y itself.
Output: core/src/test/resources/fixtures/int8-matmul.onnx (and .json with the weights, for the test's reference).
Run with Debian's python3-onnx: python3 make_int8_matmul_fixture.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

K, N = 64, 16


def main(out):
    rng = np.random.default_rng(11)
    w = rng.integers(-127, 128, size=(K, N)).astype(np.int8)
    scale = (2.0 ** -rng.integers(5, 9, size=N)).astype(np.float32)
    zero = np.zeros(N, dtype=np.int8)
    inits = [numpy_helper.from_array(w, "w_q"), numpy_helper.from_array(scale, "w_scale"),
             numpy_helper.from_array(zero, "w_zero")]
    nodes = [helper.make_node("DequantizeLinear", ["w_q", "w_scale", "w_zero"], ["w"], axis=1, name="w_dq"),
             helper.make_node("MatMul", ["x", "w"], ["y"], name="matmul")]
    graph = helper.make_graph(nodes, "int8_matmul",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["rows", K])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["rows", N])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="sws-fixture")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(out, exist_ok=True)
    onnx.save(model, os.path.join(out, "int8-matmul.onnx"))
    with open(os.path.join(out, "int8-matmul.json"), "w") as f:
        json.dump({"w": w.astype(int).tolist(), "scale": scale.astype(float).tolist()}, f)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "core", "src",
                                                             "test", "resources", "fixtures"))
