"""``make bench-review`` (also run by ``make bench``): how long one worker takes to review an article.

Builds the real dataset into var/bench/review.sqlite3, starts one uvicorn worker, and posts articles
made of the real-text development sentences (evals/real/dev.yaml, page after page, rewritten real
text): a 2,000-word article ``REVIEW_ROUNDS`` (7) times after one warm-up, then an article of about
100,000 characters (the input limit) 3 times. Prints the median, minimum and maximum wall time of
each. Target (issue 21): a 2,000-word article in under 2 s by one worker.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import httpx
import yaml

from bench.harness import ROOT, WORK, Servers, build_database

ROUNDS = int(os.environ.get("REVIEW_ROUNDS", "7"))


def article(words: int | None = None, chars: int | None = None) -> str:
    """Development sentences, one paragraph per page, until the article is long enough."""
    pages = yaml.safe_load((ROOT / "evals" / "real" / "dev.yaml").read_text())
    paragraphs: list[str] = []
    count = 0
    while True:
        for page in pages:
            paragraph = " ".join(s["text"] for s in page["sentences"])
            paragraphs.append(paragraph)
            count += len(paragraph.split())
            text = "\n\n".join(paragraphs)
            if (words and count >= words) or (chars and len(text) >= chars):
                return text[:chars] if chars else text


def timed(client: httpx.Client, base: str, text: str, rounds: int) -> tuple[list[float], int]:
    seconds = []
    sentences = 0
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.post(f"{base}/v1/reviews", json={"text": text})
        seconds.append(time.perf_counter() - began)
        response.raise_for_status()
        sentences = len(response.json()["data"]["sentences"])
    return seconds, sentences


def line(label: str, text: str, seconds: list[float], sentences: int) -> str:
    return (
        f"  {label}: {len(text.split()):,} words, {len(text):,} characters, {sentences} sentences: "
        f"median {statistics.median(seconds):.2f} s (min {min(seconds):.2f}, max {max(seconds):.2f}, "
        f"{len(seconds)} runs)"
    )


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    print("building the dataset database (embeds every claim text) ...", flush=True)
    env = os.environ | {"DATABASE_URL": build_database(WORK / "review.sqlite3")}
    api = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app", "--host",
           "127.0.0.1", "--port", "{port}", "--no-access-log", "--log-level", "warning"]  # fmt: skip
    short, long = article(words=2000), article(chars=100_000)
    servers = Servers()
    try:
        one = servers.start("api 1w", [*api, "--workers", "1"], "/readyz", 1, env)
        with httpx.Client(timeout=120) as client:
            timed(client, one.base, short, 1)  # warm-up
            short_s, short_n = timed(client, one.base, short, ROUNDS)
            long_s, long_n = timed(client, one.base, long, 3)
    finally:
        servers.close()
    print("article review, one worker (POST /v1/reviews)")
    print(line("2,000 words", short, short_s, short_n) + " (target < 2 s)")
    print(line("input limit", long, long_s, long_n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
