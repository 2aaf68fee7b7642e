"""Build, save and load the FAISS index of passage embeddings, with a manifest that says what it
was built from, so that a stale index is refused rather than giving wrong answers."""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.knowledge import ingest, passage, terms
from bot.knowledge.embedding import model_id
from bot.knowledge.passage import Passage
from bot.settings import Settings, load_settings

if TYPE_CHECKING:
    import faiss

    from bot.knowledge.embedding import Encoder

INDEX_FILE = "passages.faiss"
# The code that turns knowledge files into indexed texts: a change to it makes the index stale.
PARSER_FILES = tuple(Path(module.__file__) for module in (ingest, passage, terms))
MANIFEST_FILE = "manifest.json"


class IndexUnavailable(RuntimeError):
    """The index is missing, unreadable, or built from other knowledge or another model."""


@dataclass
class LoadedIndex:
    passages: list[Passage]
    vectors: faiss.Index
    rows: list[int]  # index row → passage number
    manifest: dict


def knowledge_hash(knowledge_dir: Path) -> str:
    """Hash of the knowledge files and of the parser that turns them into passages."""
    digest = hashlib.sha256()
    files = sorted(knowledge_dir.glob("*.md"))
    if not files:
        raise IndexUnavailable(f"No knowledge files (*.md) in {knowledge_dir}.")
    files += sorted(knowledge_dir.glob("*.questions.yml"))
    for path in [*files, *PARSER_FILES]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_index(settings: Settings, encoder: Encoder) -> dict:
    import faiss

    passages = ingest.load_passages(settings.knowledge_dir)
    started = time.perf_counter()
    rows = [(i, text) for i, p in enumerate(passages) for text in p.search_texts()]
    vectors = encoder.encode([text for _, text in rows], progress=True)
    # all-MiniLM vectors are unit length, so inner product = cosine similarity.
    index = faiss.IndexFlatIP(encoder.dimension)
    index.add(vectors)
    manifest = {
        "model": encoder.model_id,
        "dimension": encoder.dimension,
        "knowledge_hash": knowledge_hash(settings.knowledge_dir),
        "passages": [p.as_record() for p in passages],
        "rows": [i for i, _ in rows],  # index row → passage number (a passage has several rows)
        "build_seconds": round(time.perf_counter() - started, 3),
    }
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    # Write to temporary names, then rename: a crash mid-build never leaves a half-written index.
    tmp_index = settings.index_dir / (INDEX_FILE + ".tmp")
    tmp_manifest = settings.index_dir / (MANIFEST_FILE + ".tmp")
    faiss.write_index(index, str(tmp_index))
    tmp_manifest.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    tmp_index.replace(settings.index_dir / INDEX_FILE)
    tmp_manifest.replace(settings.index_dir / MANIFEST_FILE)
    return manifest


def read_manifest(index_dir: Path) -> dict:
    path = index_dir / MANIFEST_FILE
    if not path.exists():
        raise IndexUnavailable(f"No index at {index_dir}. Build it with `make index`.")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexUnavailable(f"Index manifest {path} is unreadable ({error}); run `make index`.") from error


def staleness(settings: Settings, expected_model: str | None = None) -> str | None:
    """Why the index on disk does not match the knowledge files and the model (by default the
    shipped one), or None if current."""
    try:
        manifest = read_manifest(settings.index_dir)
    except IndexUnavailable as error:
        return str(error)
    expected_model = expected_model or model_id()
    if manifest.get("model") != expected_model:
        return f"Index was built with {manifest.get('model')}, not {expected_model}."
    if manifest.get("knowledge_hash") != knowledge_hash(settings.knowledge_dir):
        return f"Knowledge files in {settings.knowledge_dir} changed since the index was built."
    if not (settings.index_dir / INDEX_FILE).exists():
        return f"Index file {settings.index_dir / INDEX_FILE} is missing."
    return None


def load_index(settings: Settings, expected_model: str | None = None) -> LoadedIndex:
    import faiss

    reason = staleness(settings, expected_model)
    if reason:
        raise IndexUnavailable(f"{reason} Rebuild it with `make index`.")
    manifest = read_manifest(settings.index_dir)
    try:
        vectors = faiss.read_index(str(settings.index_dir / INDEX_FILE))
    except RuntimeError as error:
        raise IndexUnavailable(f"Index file is corrupted ({error}); rebuild it with `make index`.") from error
    passages = [Passage(**p) for p in manifest["passages"]]
    rows = manifest.get("rows", [])
    if vectors.ntotal != len(rows) or vectors.d != manifest["dimension"]:
        raise IndexUnavailable("Index file and manifest disagree; rebuild it with `make index`.")
    return LoadedIndex(passages, vectors, rows, manifest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the passage index.")
    parser.add_argument("--if-stale", action="store_true", help="only rebuild when out of date")
    args = parser.parse_args(argv)
    settings = load_settings()
    reason = staleness(settings)
    if args.if_stale and reason is None:
        print(f"Index is up to date ({settings.index_dir}).")
        return 0
    from bot.knowledge.embedding import SentenceEncoder

    manifest = build_index(settings, SentenceEncoder())
    print(
        f"Indexed {len(manifest['passages'])} passages with {manifest['model']} "
        f"in {manifest['build_seconds']} s → {settings.index_dir}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
