"""Cleaning on a real Dask cluster (``wenben.distributed``, the ``dask`` extra).

One ``LocalCluster`` of two worker processes serves the whole module; the outputs must equal
``wenben.clean`` of each input, whatever worker cleaned it.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")

import wenben
from wenben.distributed import clean_bag, clean_files, clean_jsonl_bag
from wenben.errors import ConfigError, InputError

SRC = Path(__file__).resolve().parents[1] / "src"
ARTICLE = (Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "news_article.raw.txt").read_text("utf-8")
RAW = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)\n"


@pytest.fixture(scope="module")
def client():
    # Worker processes must import wenben from this checkout, installed or not.
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), saved]))
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    dask_client = distributed.Client(cluster)
    try:
        yield dask_client
    finally:
        dask_client.close()
        cluster.close()
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


def texts(count: int) -> list[str]:
    """Short strings, many of them: numbered variants of a dateline and of the article's lines."""
    lines = [line for line in ARTICLE.splitlines() if line.strip()]
    return [
        f"7 \u6708 {i % 28 + 1} \u65e5, \u5fb7\u9633\u5e02(\u7b2c {i} \u6761)" if i % 4 else f"{lines[i % len(lines)][:40]} {i}"
        for i in range(count)
    ]


def test_clean_bag_on_a_cluster(client) -> None:
    inputs = texts(1000)
    bag = db.from_sequence(inputs, npartitions=8)
    assert clean_bag(bag).compute() == [wenben.clean(t) for t in inputs]
    some = db.from_sequence(inputs[:200], npartitions=4)
    spaced = clean_bag(some, profile="spaced", disable=["paragraph-breaks"]).compute()
    assert spaced == [wenben.Cleaner("spaced", disable=["paragraph-breaks"]).clean(t) for t in inputs[:200]]
    # Both computations ran on the cluster's two worker processes.
    assert len(client.scheduler_info()["workers"]) == 2


def test_clean_bag_rejects_bad_options_before_computing() -> None:
    bag = db.from_sequence(["x"], npartitions=1)
    with pytest.raises(ConfigError, match="unknown rule"):
        clean_bag(bag, disable=["no-such-rule"])


def test_clean_jsonl_bag(client) -> None:
    records = [
        {"id": i, "text": t.rstrip("\n"), "meta": {"lang": "zh"}} for i, t in enumerate(texts(200))
    ] + [{"id": "no text"}, {"id": "null", "text": None}]
    originals = json.loads(json.dumps(records))
    cleaned = clean_jsonl_bag(db.from_sequence(records, npartitions=4), "text").compute()
    for before, after in zip(records[:200], cleaned[:200]):
        assert list(after) == ["id", "text", "meta"]
        assert after["text"] == wenben.clean(before["text"]).rstrip("\n")
        assert after["meta"] == before["meta"]
    assert cleaned[200:] == records[200:]
    assert records == originals  # inputs not modified

    nested = [{"meta": {"text": RAW, "n": 1}, "text": "keep"}]
    out = clean_jsonl_bag(db.from_sequence(nested, npartitions=1), "meta.text").compute()
    assert out == [{"meta": {"text": wenben.clean(RAW), "n": 1}, "text": "keep"}]
    assert nested[0]["meta"]["text"] == RAW


def make_corpus(root: Path) -> dict[Path, str]:
    """Eight files from the sample article (one in GBK) in nested directories."""
    corpus: dict[Path, str] = {}
    for i in range(8):
        text = ARTICLE.replace("2020", str(2010 + i)) + f"\n\u7b2c {i} \u7bc7, \u5b8c\n"
        path = root / ("a" if i % 2 else "b/c") / f"doc{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        if i == 3:
            text = text.encode("gbk", "ignore").decode("gbk")
            path.write_bytes(text.encode("gbk"))
        else:
            path.write_text(text, encoding="utf-8")
        corpus[path] = text
    return corpus


def test_clean_files_on_a_cluster(client, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in")
    out = tmp_path / "out"
    summary = clean_files(str(tmp_path / "in" / "**" / "*.txt"), out, client=client)
    assert (summary["files"], summary["cleaned"], summary["failed"], summary["errors"]) == (8, 8, 0, [])
    for path, text in corpus.items():
        target = out / path.relative_to(tmp_path / "in")
        assert target.read_text("utf-8") == wenben.clean(text)
    assert sorted(summary["outputs"]) == sorted(str(out / p.relative_to(tmp_path / "in")) for p in corpus)
    assert summary["bytes_out"] == sum(len(wenben.clean(t).encode()) for t in corpus.values())


def test_clean_files_directory_archives_jsonl_and_failures(client, tmp_path: Path) -> None:
    src = tmp_path / "in"
    corpus = make_corpus(src)
    (src / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    with zipfile.ZipFile(src / "pack.zip", "w") as zf:
        zf.writestr("x/news.txt", RAW)
        zf.writestr("x/logo.png", b"\x89PNG\x00\x01")
    records = [{"text": RAW, "id": 1}, {"id": 2}]
    (src / "shard.jsonl.gz").write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode()))
    out = tmp_path / "out"

    summary = clean_files(src, out, client=client, jsonl_field="text")
    assert summary["files"] == 11 and summary["failed"] == 1 and summary["cleaned"] == 10
    assert summary["errors"][0][0] == str(src / "broken.txt") and "binary" in summary["errors"][0][1]
    assert [name for name, _ in summary["errors"][1:]] == [f"{src / 'shard.jsonl.gz'}:shard.jsonl:2"]
    for path, text in corpus.items():
        assert (out / path.relative_to(src)).read_text("utf-8") == wenben.clean(text)
    with zipfile.ZipFile(out / "pack.zip") as zf:
        assert zf.read("x/news.txt").decode() == wenben.clean(RAW)
        assert zf.read("x/logo.png") == b"\x89PNG\x00\x01"
    lines = gzip.decompress((out / "shard.jsonl.gz").read_bytes()).decode().splitlines()
    assert json.loads(lines[0]) == {"text": wenben.clean(RAW), "id": 1}
    assert json.loads(lines[1]) == {"id": 2}
    assert not (out / "broken.txt").exists()


@pytest.mark.filterwarnings("ignore:Running on a single-machine scheduler")
def test_clean_files_list_of_paths_without_a_client(tmp_path: Path) -> None:
    import dask

    corpus = make_corpus(tmp_path / "in")
    paths = sorted(corpus)
    with dask.config.set(scheduler="synchronous"):
        summary = clean_files(paths, tmp_path / "out", profile="spaced")
    assert summary["cleaned"] == 8
    base = tmp_path / "in"  # the common parent of the files
    for path in paths:
        expected = wenben.clean(corpus[path], profile="spaced")
        assert (tmp_path / "out" / path.relative_to(base)).read_text("utf-8") == expected
    with pytest.raises(InputError, match="no files match"):
        clean_files(str(tmp_path / "nothing" / "*.txt"), tmp_path / "out")


def test_import_wenben_does_not_import_dask() -> None:
    code = "import sys, wenben, wenben.distributed, wenben.io.archives; print('dask' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "False"
