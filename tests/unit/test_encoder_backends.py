"""The encoder's two backends: ONNX Runtime (served) gives the NumPy reference's vectors, and reads
the weights in place from the model file, so that workers share them."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from app.claims.matching.embedding import Encoder, _header, model_dir
from app.claims.matching.graph import Weight, encoder_graph
from app.claims.matching.matcher import shared_encoder

DEV = Path(__file__).parents[2] / "evals" / "real" / "dev.yaml"


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    pages = yaml.safe_load(DEV.read_text())
    texts = [s["text"] for page in pages for s in page["sentences"]]
    assert len(texts) >= 200
    return texts[:200]


def test_onnx_runtime_gives_the_numpy_references_vectors(sentences: list[str]) -> None:
    served, reference = shared_encoder(), Encoder(backend="numpy")
    assert served.backend == "onnxruntime"
    # One sentence at a time, as /v1/claims/match encodes; then in padded batches, as the loader
    # and the article review do.
    alone = np.vstack([served.encode([t]) for t in sentences])
    assert np.abs(alone - np.vstack([reference.encode([t]) for t in sentences])).max() < 1e-5
    batched = served.encode(sentences, batch_size=16)
    assert np.abs(batched - reference.encode(sentences, batch_size=16)).max() < 1e-5


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown encoder backend"):
        Encoder(backend="torch")


def test_the_graph_names_the_weights_and_holds_none_of_them() -> None:
    path = model_dir() / "model.safetensors"
    start, header = _header(path)
    weights = {
        name: Weight(tuple(meta["shape"]), start + meta["data_offsets"][0], 4)
        for name, meta in header.items()
        if meta["dtype"] == "F32"
    }
    graph = encoder_graph(weights, path.name, layers=6, heads=12, width=384, eps=1e-12)
    assert len(graph) < 100_000  # the layers' weights alone are 42 MB
    assert b"encoder.layer.5.output.dense.weight" in graph


# Run in a fresh process: the memory it reports must not include what other tests touched.
_MEASURE = """
import json, re
from pathlib import Path
from app.claims.matching.embedding import Encoder

def anon_kb():
    return int(re.search(r"RssAnon:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))

def mapped_kb(name):
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        if re.match(r"[0-9a-f]+-[0-9a-f]+ ", line):
            inside = line.endswith(name)
        elif inside and line.startswith("Rss:"):
            total += int(line.split()[1])
    return total

before = anon_kb()
encoder = Encoder()
encoder.encode(["Kratom eases opioid withdrawal."])
print(json.dumps({"anon_kb": anon_kb() - before, "file_kb": mapped_kb("model.safetensors")}))
"""


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc")
def test_the_session_reads_the_weights_from_the_shared_file_without_copying_them() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE], capture_output=True, text=True, check=True, timeout=120
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    # The six layers' weights are 42 MB: resident as pages of the model file, which every worker
    # maps (and the kernel holds once), not as private memory (a copy, or ONNX Runtime's
    # prepacked weights, would add about as much private memory as they weigh).
    assert measured["file_kb"] > 40_000
    assert measured["anon_kb"] < 25_000
