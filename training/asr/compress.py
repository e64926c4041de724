#!/usr/bin/env python3
"""Weight-only int8 compression of an exported ONNX model (4x smaller files, same graph interface).

Every large float32 weight that feeds a MatMul, Gemm or Conv (or is the table of a Gather) becomes an int8 initializer with one float scale per
output channel (symmetric, zero point 0) and a DequantizeLinear node that restores a float tensor under the
original name, so nothing else in the graph changes. Activations stay float, so accuracy is essentially that of
the float model (checked by the Java tests and `./sws eval asr`). Works with onnx >= 1.12.

Usage: compress.py IN.onnx OUT.onnx [--min-size 4096]
"""
import argparse

import numpy as np
import onnx
from onnx import helper, numpy_helper


def compress(model, min_size=4096):
    g = model.graph
    uses = {}
    for n in g.node:
        for i, name in enumerate(n.input):
            uses.setdefault(name, []).append((n, i))
    new_inits, new_nodes, done = [], [], 0
    for init in list(g.initializer):
        if init.data_type != onnx.TensorProto.FLOAT:
            continue
        w = numpy_helper.to_array(init)
        if w.ndim < 2 or w.size < min_size:
            continue
        consumers = uses.get(init.name, [])
        if not consumers or not all(n.op_type in ("MatMul", "Gemm", "Conv") or (n.op_type == "Gather" and i == 0)
                                    for n, i in consumers):
            continue
        n0, idx = consumers[0]
        if n0.op_type == "MatMul":
            axis = w.ndim - 1 if idx == 1 else 0       # B (K, N): one scale per output column
        elif n0.op_type == "Gemm":
            trans_b = next((a.i for a in n0.attribute if a.name == "transB"), 0)
            axis = 0 if (idx == 1 and trans_b) else w.ndim - 1
        else:
            axis = 0                                    # Conv weight (O, I, ...); Gather table: one scale per row
        red = tuple(a for a in range(w.ndim) if a != axis)
        scale = np.abs(w).max(axis=red) / 127.0
        scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
        shape = [1] * w.ndim
        shape[axis] = -1
        q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
        qn, sn, zn = init.name + "_i8", init.name + "_scale", init.name + "_zp"
        new_inits += [numpy_helper.from_array(q, qn), numpy_helper.from_array(scale, sn),
                      numpy_helper.from_array(np.zeros(scale.shape, np.int8), zn)]
        new_nodes.append(helper.make_node("DequantizeLinear", [qn, sn, zn], [init.name], axis=axis, name=init.name + "_dq"))
        g.initializer.remove(init)
        done += 1
    g.initializer.extend(new_inits)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(new_nodes + nodes)  # dequantisation first keeps the graph topologically sorted
    return done


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--min-size", type=int, default=4096)
    a = ap.parse_args()
    m = onnx.load(a.inp)
    n = compress(m, a.min_size)
    onnx.checker.check_model(m)
    onnx.save(m, a.out)
    print(f"{a.out}: {n} weights compressed to int8")


if __name__ == "__main__":
    main()
