"""Cleaning inside archives and JSON Lines files (``wenben.io.archives``).

The contract: the target is an archive of the same kind; every text member is ``wenben.clean``
of its decoded content (UTF-8); every other member, directory and link is kept byte for byte;
a member or record that cannot be cleaned is reported by name and kept unchanged; a damaged
archive or an unsafe member name raises ``InputError`` naming the archive, leaves the target as
it was and leaves no temporary file behind.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import tarfile
import zipfile
from pathlib import Path

import pytest

import wenben
from wenben import Cleaner
from wenben.errors import ConfigError, InputError
from wenben.io import archives
from wenben.io.archives import (
    ArchiveSummary,
    CorruptArchiveError,
    UnsafeMemberError,
    archive_kind,
    clean_archive,
    clean_jsonl_file,
    clean_jsonl_lines,
    iter_members,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = (FIXTURES / "docs" / "news_article.raw.txt").read_bytes()
RAW = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)\n"
CLEAN = "7\u670813\u65e5\u4e0a\u5348\uff0c\u5fb7\u9633\u5e02\uff08\u5fb7\u9633\u5206\u8d5b\u533a\uff09\n"
# The article without the few characters GBK lacks, encoded in GBK: detected as GB18030.
GBK = ARTICLE.decode("utf-8").encode("gbk", "ignore")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
NOT_TEXT = b"\x00\x01\x02binary data behind a .txt name\x00" * 10

# name -> bytes; what each becomes is decided by its name (see expected()).
MEMBERS: dict[str, bytes] = {
    "docs/news.txt": ARTICLE,
    "docs/gbk.txt": GBK,
    "docs/short.md": RAW.encode("utf-8"),
    "docs/empty.txt": b"",
    "img/logo.png": PNG,
    "data/table.json": '{"text": "7 \u6708"}\n'.encode("utf-8"),
    "data/broken.txt": NOT_TEXT,
}
CLEANER = Cleaner()


def expected(name: str, data: bytes) -> bytes:
    """What a member of the cleaned archive must contain."""
    if name == "docs/gbk.txt":
        return wenben.clean(data.decode("gb18030")).encode("utf-8")
    if name.endswith((".txt", ".md")) and name != "data/broken.txt":
        return wenben.clean(data.decode("utf-8")).encode("utf-8")
    return data


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".") or p.suffix == ".tmp")


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, name: str, message: str) -> None:
        self.calls.append((name, message))


# ---- archive_kind ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.zip", "zip"),
        ("A.ZIP", "zip"),
        ("a.tar", "tar"),
        ("a.tar.gz", "tar.gz"),
        ("a.tgz", "tar.gz"),
        ("a.tar.bz2", "tar.bz2"),
        ("a.tbz2", "tar.bz2"),
        ("a.tar.xz", "tar.xz"),
        ("a.txz", "tar.xz"),
        ("notes.txt.gz", "gz"),
        ("corpus.jsonl.bz2", "bz2"),
        ("corpus.jsonl.xz", "xz"),
        ("dir.v2/notes.txt", None),
        ("a.txt", None),
        ("a.jsonl", None),
        (".gz", None),
    ],
)
def test_archive_kind(name: str, kind: str | None) -> None:
    assert archive_kind(name) == kind
    assert archive_kind(Path(name)) == kind


# ---- zip ------------------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes] = MEMBERS) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("docs/"), b"")  # a directory entry
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2021, 3, 4, 5, 6, 8))
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o100640 << 16
            info.create_system = 3
            zf.writestr(info, data)
        zf.comment = b"corpus v1"


def test_zip_members_cleaned_others_byte_identical(tmp_path: Path) -> None:
    source, target = tmp_path / "in.zip", tmp_path / "out" / "cleaned.zip"
    make_zip(source)
    errors = Recorder()
    summary = clean_archive(source, target, CLEANER, on_error=errors)

    assert zipfile.is_zipfile(target)
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target) as after:
        assert after.namelist() == before.namelist()
        assert after.comment == b"corpus v1"
        for name, data in MEMBERS.items():
            assert after.read(name) == expected(name, data), name
            old, new = before.getinfo(name), after.getinfo(name)
            assert (new.date_time, new.compress_type, new.external_attr) == (
                old.date_time,
                old.compress_type,
                old.external_attr,
            )
        assert after.getinfo("docs/").is_dir()
    assert [name for name, _ in errors.calls] == ["data/broken.txt"]
    assert "binary" in errors.calls[0][1]
    assert summary.members == len(MEMBERS)
    assert summary.cleaned == 4  # news, gbk, short, empty
    assert summary.copied == 3  # png, json, broken
    assert summary.errors == 1 and summary.problems == errors.calls
    assert summary.bytes_in == sum(len(d) for d in MEMBERS.values())
    assert summary.bytes_out == sum(len(expected(n, d)) for n, d in MEMBERS.items())
    assert leftovers(target.parent) == []


def test_zip_symlink_entry_kept(tmp_path: Path) -> None:
    source, target = tmp_path / "links.zip", tmp_path / "links.clean.zip"
    with zipfile.ZipFile(source, "w") as zf:
        link = zipfile.ZipInfo("latest.txt")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        zf.writestr(link, b"docs/news.txt")
        zf.writestr("docs/news.txt", RAW)
    assert [m.name for m in iter_members(source)] == ["docs/news.txt"]
    clean_archive(source, target, CLEANER)
    with zipfile.ZipFile(target) as zf:
        assert zf.read("latest.txt") == b"docs/news.txt"
        assert zf.getinfo("latest.txt").external_attr >> 16 == 0o120777
        assert zf.read("docs/news.txt").decode() == CLEAN


# ---- tar ------------------------------------------------------------------------------------


def make_tar(path: Path, mode: str, members: dict[str, bytes] = MEMBERS) -> None:
    with tarfile.open(path, mode) as tar:
        directory = tarfile.TarInfo("docs")
        directory.type = tarfile.DIRTYPE
        directory.mode = 0o755
        tar.addfile(directory)
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o640
            info.mtime = 1_600_000_000
            info.uname = "corpus"
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("latest.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "docs/news.txt"
        tar.addfile(link)
        fifo = tarfile.TarInfo("queue")
        fifo.type = tarfile.FIFOTYPE
        tar.addfile(fifo)


MAGIC = {"tar": None, "tar.gz": b"\x1f\x8b", "tar.bz2": b"BZh", "tar.xz": b"\xfd7zXZ\x00"}


@pytest.mark.parametrize(
    ("suffix", "mode", "kind"),
    [("tar", "w", "tar"), ("tar.gz", "w:gz", "tar.gz"), ("tgz", "w:gz", "tar.gz"), ("tar.xz", "w:xz", "tar.xz"), ("tar.bz2", "w:bz2", "tar.bz2")],
)
def test_tar_members_cleaned_others_byte_identical(tmp_path: Path, suffix: str, mode: str, kind: str) -> None:
    source, target = tmp_path / f"in.{suffix}", tmp_path / f"out.{suffix}"
    make_tar(source, mode)
    errors = Recorder()
    summary = clean_archive(source, target, CLEANER, on_error=errors)

    head = target.read_bytes()[:6]
    if MAGIC[kind]:
        assert head.startswith(MAGIC[kind])
    with tarfile.open(target, "r:*") as tar:
        infos = tar.getmembers()
        assert [i.name for i in infos] == ["docs", *MEMBERS, "latest.txt", "queue"]
        by_name = {i.name: i for i in infos}
        assert by_name["docs"].isdir()
        assert by_name["latest.txt"].issym() and by_name["latest.txt"].linkname == "docs/news.txt"
        assert by_name["queue"].isfifo()
        for name, data in MEMBERS.items():
            info = by_name[name]
            assert (info.mode, info.mtime, info.uname) == (0o640, 1_600_000_000, "corpus")
            member = tar.extractfile(info)
            assert member is not None
            assert member.read() == expected(name, data), name
    assert errors.calls and [n for n, _ in errors.calls] == ["data/broken.txt"]
    assert (summary.members, summary.cleaned, summary.copied, summary.errors) == (len(MEMBERS), 4, 3, 1)
    assert leftovers(tmp_path) == []


def test_tar_undecodable_member_after_the_head_is_kept_unchanged(tmp_path: Path) -> None:
    """A decode error found 1.5 MB into a streamed tar member: the member cannot be read twice,
    so its bytes were kept as they were read; it must come out byte-identical."""
    big = (RAW.encode("utf-8") * 40_000) + b"\xff\xfe bad bytes\n" + RAW.encode("utf-8") * 100
    assert len(big) > 1 << 20
    members = {"big.txt": big, "after.txt": RAW.encode("utf-8")}
    source, target = tmp_path / "big.tar.gz", tmp_path / "big.clean.tar.gz"
    make_tar(source, "w:gz", members)
    errors = Recorder()
    clean_archive(source, target, CLEANER, on_error=errors)
    assert [n for n, _ in errors.calls] == ["big.txt"]
    assert "utf-8" in errors.calls[0][1]
    with tarfile.open(target) as tar:
        assert tar.extractfile("big.txt").read() == big  # type: ignore[union-attr]
        assert tar.extractfile("after.txt").read().decode() == CLEAN  # type: ignore[union-attr]


def test_large_member_spooled_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "SPOOL_MEMORY", 1024)
    text = ARTICLE * 200
    for mode, suffix in (("w:gz", "tar.gz"), ("zip", "zip")):
        source, target = tmp_path / f"large.{suffix}", tmp_path / f"large.clean.{suffix}"
        if mode == "zip":
            make_zip(source, {"large.txt": text})
            clean_archive(source, target, CLEANER)
            with zipfile.ZipFile(target) as zf:
                out = zf.read("large.txt")
        else:
            make_tar(source, mode, {"large.txt": text})
            clean_archive(source, target, CLEANER)
            with tarfile.open(target) as tar:
                out = tar.extractfile("large.txt").read()  # type: ignore[union-attr]
        assert out == wenben.clean(text.decode("utf-8")).encode("utf-8")
    assert leftovers(tmp_path) == []


# ---- single compressed files ----------------------------------------------------------------

COMPRESS = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}
DECOMPRESS = {"gz": gzip.decompress, "bz2": bz2.decompress, "xz": lzma.decompress}


@pytest.mark.parametrize("kind", ["gz", "bz2", "xz"])
def test_single_compressed_text(tmp_path: Path, kind: str) -> None:
    source, target = tmp_path / f"news.txt.{kind}", tmp_path / "out" / f"news.txt.{kind}"
    source.write_bytes(COMPRESS[kind](GBK))
    summary = clean_archive(source, target, CLEANER)
    assert DECOMPRESS[kind](target.read_bytes()) == expected("docs/gbk.txt", GBK)
    assert (summary.members, summary.cleaned, summary.bytes_in) == (1, 1, len(GBK))
    assert [m.name for m in iter_members(source)] == ["news.txt"]
    assert leftovers(target.parent) == []


def test_single_compressed_other_and_broken_copied_as_they_are(tmp_path: Path) -> None:
    png = tmp_path / "logo.png.gz"
    png.write_bytes(gzip.compress(PNG))
    clean_archive(png, tmp_path / "out" / png.name, CLEANER)
    assert (tmp_path / "out" / png.name).read_bytes() == png.read_bytes()

    broken = tmp_path / "broken.txt.xz"
    broken.write_bytes(lzma.compress(NOT_TEXT))
    errors = Recorder()
    summary = clean_archive(broken, tmp_path / "out" / broken.name, CLEANER, on_error=errors)
    assert (tmp_path / "out" / broken.name).read_bytes() == broken.read_bytes()
    assert [n for n, _ in errors.calls] == ["broken.txt"] and summary.copied == 1
    assert leftovers(tmp_path / "out") == []


# ---- JSON Lines -----------------------------------------------------------------------------

RECORDS = [
    {"id": 1, "text": RAW.rstrip("\n"), "lang": "zh", "score": 0.5},
    {"id": 2, "meta": {"source": "ocr"}, "text": "\u5df2\u7ecf\u5e72\u51c0\u3002", "tags": ["a", "b"]},
    {"text": RAW, "id": 3},
]


def jsonl_bytes() -> bytes:
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    lines.insert(1, "")  # a blank line
    lines.append("{not json")
    lines.append('{"id": 9, "title": "no text field"}')
    lines.append('["a", "list"]')
    lines.append('{"id": 10, "text": null}')
    return ("\n".join(lines) + "\n").encode("utf-8")


def check_jsonl_output(out: bytes, errors: Recorder, name: str) -> None:
    lines = out.decode("utf-8").split("\n")
    assert lines[-1] == ""
    first, blank, third = json.loads(lines[0]), lines[1], json.loads(lines[3])
    assert blank == ""
    assert list(first) == ["id", "text", "lang", "score"]  # key order kept
    assert first == {**RECORDS[0], "text": CLEAN.rstrip("\n")}  # no newline added
    assert lines[2] == json.dumps(RECORDS[1], ensure_ascii=False)  # unchanged: verbatim
    assert third == {"text": CLEAN, "id": 3} and list(third) == ["text", "id"]
    assert lines[4:8] == ["{not json", '{"id": 9, "title": "no text field"}', '["a", "list"]', '{"id": 10, "text": null}']
    assert [n for n, _ in errors.calls] == [f"{name}:5", f"{name}:6", f"{name}:7", f"{name}:8"]
    messages = [m for _, m in errors.calls]
    assert "not JSON" in messages[0] and "no field 'text'" in messages[1]
    assert "not a JSON object" in messages[2] and "not a string" in messages[3]


@pytest.mark.parametrize("suffix", ["", ".gz", ".bz2", ".xz"])
def test_clean_jsonl_file(tmp_path: Path, suffix: str) -> None:
    data = jsonl_bytes()
    source, target = tmp_path / f"corpus.jsonl{suffix}", tmp_path / "out" / f"corpus.jsonl{suffix}"
    source.write_bytes(COMPRESS[suffix[1:]](data) if suffix else data)
    errors = Recorder()
    summary = clean_jsonl_file(source, target, "text", CLEANER, on_error=errors)
    out = target.read_bytes()
    if suffix:
        assert out[:2] != b"{\""
        out = DECOMPRESS[suffix[1:]](out)
    check_jsonl_output(out, errors, str(source))
    assert (summary.records, summary.errors, summary.bytes_in) == (3, 4, len(data))
    assert summary.bytes_out == len(out)
    assert leftovers(target.parent) == []


def test_jsonl_dotted_field_crlf_bom_and_bad_utf8() -> None:
    lines = [
        "\ufeff" + json.dumps({"meta": {"text": RAW, "n": 1}, "text": "keep 7 \u6708"}, ensure_ascii=False) + "\r\n",
        json.dumps({"messages": [{"content": "x"}, {"content": RAW.rstrip()}]}, ensure_ascii=False) + "\n",
        b"\xff\xfe not utf-8\n",
        '{"meta.text": "7 \u6708", "meta": {"text": "x"}}',
    ]
    errors = Recorder()
    out = list(clean_jsonl_lines(lines[:1] + lines[2:], "meta.text", CLEANER, on_error=errors, source="c.jsonl"))
    assert out[0].endswith("\r\n") and out[0].startswith("\ufeff")  # bytes outside the field kept
    assert json.loads(out[0][1:]) == {"meta": {"text": CLEAN, "n": 1}, "text": "keep 7 \u6708"}
    assert out[1].encode("utf-8", "surrogateescape") == b"\xff\xfe not utf-8\n"
    assert json.loads(out[2]) == {"meta.text": "7\u6708", "meta": {"text": "x"}}  # exact key wins
    assert not out[2].endswith("\n")
    assert [n for n, _ in errors.calls] == ["c.jsonl:2"] and "UTF-8" in errors.calls[0][1]

    nested = list(clean_jsonl_lines([lines[1]], "messages.1.content", CLEANER))
    assert json.loads(nested[0])["messages"] == [{"content": "x"}, {"content": CLEAN.rstrip()}]


def test_jsonl_without_on_error_raises_with_line_number() -> None:
    lines = [json.dumps({"text": RAW}), "", "{oops}"]
    with pytest.raises(InputError, match=r"^line 3: not JSON"):
        list(clean_jsonl_lines(lines, "text", CLEANER))
    with pytest.raises(InputError, match=r"^c\.jsonl:1: no field 'body'"):
        list(clean_jsonl_lines(lines, "body", CLEANER, source="c.jsonl"))


def test_jsonl_duplicate_keys_passed_through(tmp_path: Path) -> None:
    line = '{"text": "7 \u6708", "text": "again"}\n'
    errors = Recorder()
    assert list(clean_jsonl_lines([line], "text", CLEANER, on_error=errors)) == [line]
    assert "duplicate key 'text'" in errors.calls[0][1]


def test_jsonl_members_in_an_archive(tmp_path: Path) -> None:
    source, target = tmp_path / "c.zip", tmp_path / "c.clean.zip"
    data = jsonl_bytes()
    make_zip(source, {"shard-0.jsonl": data, "readme.md": RAW.encode()})
    errors = Recorder()
    summary = clean_archive(source, target, CLEANER, jsonl_field="text", on_error=errors)
    with zipfile.ZipFile(target) as zf:
        check_jsonl_output(zf.read("shard-0.jsonl"), errors, "shard-0.jsonl")
        assert zf.read("readme.md").decode() == CLEAN
    assert summary.records == 3 and summary.cleaned == 2

    # Without a field, JSON Lines members are copied unchanged.
    clean_archive(source, target, CLEANER)
    with zipfile.ZipFile(target) as zf:
        assert zf.read("shard-0.jsonl") == data

    # A compressed JSON Lines file is a one-member archive.
    gz = tmp_path / "c.jsonl.gz"
    gz.write_bytes(gzip.compress(data))
    errors = Recorder()
    clean_archive(gz, tmp_path / "out" / gz.name, CLEANER, jsonl_field="text", on_error=errors)
    check_jsonl_output(gzip.decompress((tmp_path / "out" / gz.name).read_bytes()), errors, "c.jsonl")


# ---- choosing members, strict mode ----------------------------------------------------------


def test_member_filter_and_strict_mode(tmp_path: Path) -> None:
    source = tmp_path / "in.zip"
    make_zip(source)
    target = tmp_path / "only-docs.zip"
    summary = clean_archive(source, target, CLEANER, member_filter=lambda name: name == "docs/short.md")
    with zipfile.ZipFile(target) as zf:
        assert zf.read("docs/short.md").decode() == CLEAN
        assert zf.read("docs/news.txt") == ARTICLE  # not chosen: copied
    assert (summary.cleaned, summary.copied, summary.errors) == (1, len(MEMBERS) - 1, 0)

    # No on_error: the first member that cannot be cleaned raises, and nothing is written.
    strict = tmp_path / "strict.zip"
    with pytest.raises(InputError, match="binary"):
        clean_archive(source, strict, CLEANER)
    assert not strict.exists() and leftovers(tmp_path) == []


def test_cleaner_options_apply(tmp_path: Path) -> None:
    source, target = tmp_path / "in.tar", tmp_path / "out.tar"
    make_tar(source, "w", {"a.txt": "\u6570\u5b57 economy 2020\u5e74\n".encode()})
    clean_archive(source, target, Cleaner("spaced"))
    with tarfile.open(target) as tar:
        text = tar.extractfile("a.txt").read().decode()  # type: ignore[union-attr]
    assert text == wenben.clean("\u6570\u5b57 economy 2020\u5e74\n", profile="spaced")


def test_target_kind_must_match(tmp_path: Path) -> None:
    source = tmp_path / "in.zip"
    make_zip(source)
    with pytest.raises(ConfigError, match="zip"):
        clean_archive(source, tmp_path / "out.tar.gz", CLEANER)
    with pytest.raises(InputError, match="not an archive"):
        clean_archive(tmp_path / "notes.txt", tmp_path / "out.txt", CLEANER)
    with pytest.raises(InputError, match="no such archive"):
        clean_archive(tmp_path / "missing.zip", tmp_path / "out.zip", CLEANER)


# ---- iter_members ---------------------------------------------------------------------------


def test_iter_members_regular_files_only(tmp_path: Path) -> None:
    for name, mode in (("m.zip", None), ("m.tar.xz", "w:xz")):
        path = tmp_path / name
        make_zip(path) if mode is None else make_tar(path, mode)
        seen = {}
        for member in iter_members(path):
            with member.open() as stream:
                seen[member.name] = (member.size, stream.read())
        assert seen == {name: (len(data), data) for name, data in MEMBERS.items()}


def test_tar_member_must_be_read_in_order(tmp_path: Path) -> None:
    path = tmp_path / "m.tar.gz"
    make_tar(path, "w:gz")
    members = list(iter_members(path))
    with pytest.raises(InputError, match="before the next member"):
        members[0].open()


# ---- unsafe names, damaged archives ---------------------------------------------------------


@pytest.mark.parametrize("bad", ["../evil.txt", "docs/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "..\\evil.txt"])
def test_unsafe_names_refused(tmp_path: Path, bad: str) -> None:
    members = {"docs/ok.txt": RAW.encode(), bad: b"x"}
    for name, mode in (("u.zip", None), ("u.tar.gz", "w:gz")):
        source, target = tmp_path / name, tmp_path / "out" / name
        make_zip(source, members) if mode is None else make_tar(source, mode, members)
        with pytest.raises(UnsafeMemberError) as caught:
            clean_archive(source, target, CLEANER, on_error=Recorder())
        assert isinstance(caught.value, InputError)
        assert str(source) in str(caught.value) and repr(bad) in str(caught.value)
        with pytest.raises(UnsafeMemberError):
            list(iter_members(source))
        assert not target.exists()
        assert leftovers(target.parent) == []


def corrupt(tmp_path: Path, name: str) -> Path:
    """An archive cut in half (or garbage with an archive's name)."""
    path = tmp_path / name
    kind = archive_kind(name)
    if kind == "zip":
        make_zip(path)
    elif kind in ("gz", "bz2", "xz"):
        path.write_bytes(COMPRESS[kind](ARTICLE * 20))
    elif kind == "tar":
        make_tar(path, "w")
    else:
        make_tar(path, "w:" + kind.split(".")[1])  # type: ignore[union-attr]
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("name", ["t.zip", "t.tar.gz", "t.tar.bz2", "t.tar.xz", "t.tar", "t.txt.gz", "t.txt.bz2", "t.txt.xz"])
def test_truncated_archive_raises_input_error(tmp_path: Path, name: str) -> None:
    source = corrupt(tmp_path, name)
    target = tmp_path / "out" / name
    target.parent.mkdir()
    target.write_bytes(b"previous version")
    with pytest.raises(CorruptArchiveError) as caught:
        clean_archive(source, target, CLEANER, on_error=Recorder())
    error = caught.value
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{source}: ")
    assert error.__suppress_context__ or error.__context__ is None  # no library traceback chained
    assert target.read_bytes() == b"previous version"
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("name", ["g.zip", "g.tar.gz", "g.tar.xz", "g.tar.bz2", "g.txt.gz", "g.txt.xz", "g.txt.bz2"])
def test_garbage_with_an_archive_name(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_bytes(b"this is not an archive at all\n" * 30)
    with pytest.raises(CorruptArchiveError, match=f"^{source}: "):
        clean_archive(source, tmp_path / "out" / name, CLEANER)
    with pytest.raises(CorruptArchiveError):
        for member in iter_members(source):
            with member.open() as stream:
                stream.read()


def test_truncated_jsonl_gz(tmp_path: Path) -> None:
    source = tmp_path / "c.jsonl.gz"
    data = gzip.compress(jsonl_bytes() * 50)
    source.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptArchiveError, match="truncated"):
        clean_jsonl_file(source, tmp_path / "out.jsonl.gz", "text", CLEANER, on_error=Recorder())
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.jsonl.gz").exists()


def test_summary_is_a_dataclass() -> None:
    assert ArchiveSummary().errors == 0 and ArchiveSummary().problems == []


def test_zip_legacy_gbk_member_names_kept_as_bytes(tmp_path: Path) -> None:
    """Zips made on Chinese Windows store GBK names without the UTF-8 flag; zipfile reads them
    as CP437. The cleaned zip must hold the very same name bytes, not a UTF-8 re-encoding."""
    raw_name = "\u65b0\u95fb/\u62a5\u9053.txt".encode("gbk")
    source, target = tmp_path / "win.zip", tmp_path / "win.clean.zip"
    with zipfile.ZipFile(source, "w") as zf:
        info = archives._LegacyNameZipInfo(raw_name.decode("cp437"))
        zf.writestr(info, RAW)
    assert raw_name in source.read_bytes()
    clean_archive(source, target, CLEANER)
    data = target.read_bytes()
    assert raw_name in data and "\u65b0\u95fb".encode("utf-8") not in data
    with zipfile.ZipFile(target) as zf:
        (info,) = zf.infolist()
        assert not info.flag_bits & 0x800
        assert info.filename.encode("cp437") == raw_name
        assert zf.read(info).decode() == CLEAN


def test_tar_non_utf8_member_name_round_trips(tmp_path: Path) -> None:
    name = "\u65b0\u95fb.txt".encode("gbk").decode("utf-8", "surrogateescape")
    source, target = tmp_path / "n.tar", tmp_path / "n.clean.tar"
    make_tar(source, "w", {name: RAW.encode()})
    clean_archive(source, target, CLEANER)
    with tarfile.open(target) as tar:
        assert tar.getnames()[1] == name
        assert tar.extractfile(name).read().decode() == CLEAN  # type: ignore[union-attr]


@pytest.mark.parametrize(("suffix", "mode"), [("tar.gz", "w:gz"), ("tar.xz", "w:xz"), ("tar.bz2", "w:bz2")])
def test_compressed_tar_cut_after_its_last_member(tmp_path: Path, suffix: str, mode: str) -> None:
    """tarfile alone reads such an archive as complete: the compressed stream must be checked."""
    source = tmp_path / f"cut.{suffix}"
    make_tar(source, mode, {"a.txt": RAW.encode()})
    source.write_bytes(source.read_bytes()[:-12])
    with pytest.raises(CorruptArchiveError, match="truncated"):
        clean_archive(source, tmp_path / "out" / source.name, CLEANER)
    with pytest.raises(CorruptArchiveError, match="truncated"):
        list(iter_members(source))


def patch_central_directory(path: Path, offset: int, value: int) -> None:
    """Set a 2-byte field of the (only) central directory entry, where zipfile reads it."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02") + offset
    data[at : at + 2] = value.to_bytes(2, "little")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(("offset", "value", "message"), [(8, 0x1, "encrypted"), (10, 9, "not supported")])
def test_zip_member_wenben_cannot_read(tmp_path: Path, offset: int, value: int, message: str) -> None:
    source = tmp_path / "locked.zip"
    with zipfile.ZipFile(source, "w") as zf:
        zf.writestr("a.txt", RAW)
    patch_central_directory(source, offset, value)
    with pytest.raises(CorruptArchiveError, match=message):
        clean_archive(source, tmp_path / "out.zip", CLEANER, on_error=Recorder())
    assert not (tmp_path / "out.zip").exists() and leftovers(tmp_path) == []


# ---- gzip and xz written in fixed blocks (wenben.io.blocks): the same bytes at every -j


def _tool_accepts(tool: str, path: Path) -> bool:
    import shutil
    import subprocess

    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    return subprocess.run([tool, "-t", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("kind", ["gz", "xz"])
@pytest.mark.parametrize("size", [0, 1, 4096, 4097, 3 * 4096, 50_000])
def test_a_block_stream_is_one_ordinary_stream(tmp_path: Path, kind: str, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut at fixed offsets whatever the writes, read back by Python and by gzip/xz."""
    from wenben.io import blocks

    monkeypatch.setitem(blocks.BLOCK_BYTES, kind, 4096)
    data = (ARTICLE * (size // len(ARTICLE) + 1))[:size]
    outputs = []
    for step in (1, 1000, 7777, size + 1):
        buffer = io.BytesIO()
        writer = blocks.BlockWriter(buffer, kind, "a.txt.gz", mtime=1_700_000_000)
        for start in range(0, size, step):
            writer.write(data[start : start + step])
        writer.close()
        outputs.append(buffer.getvalue())
    assert len(set(outputs)) == 1  # how the writes fall does not matter
    path = tmp_path / f"a.txt.{kind}"
    path.write_bytes(outputs[0])
    assert (gzip.decompress if kind == "gz" else lzma.decompress)(outputs[0]) == data
    assert _tool_accepts("gzip" if kind == "gz" else "xz", path)
    if kind == "gz":
        assert outputs[0][:10] == gzip.compress(b"", mtime=1_700_000_000)[:3] + b"\x08" + (1_700_000_000).to_bytes(4, "little") + b"\x00\xff"
        assert outputs[0][10:16] == b"a.txt\x00"  # the name, as GzipFile records it


@pytest.mark.parametrize(("suffix", "tool_flag"), [("tar.gz", "-z"), ("tar.xz", "-J")])
def test_a_compressed_tar_written_in_blocks_is_the_same_with_workers_and_valid(
    tmp_path: Path, suffix: str, tool_flag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many blocks (the block size made small): -j 1 and -j 2 write the same bytes, which GNU
    tar, gzip/xz -t and tarfile's stream mode (the first stream only) all read whole."""
    import shutil
    import subprocess

    from wenben.io import blocks

    monkeypatch.setitem(blocks.BLOCK_BYTES, suffix[4:], 8192)
    members = {f"d/{n}.txt": ARTICLE + RAW.encode() * n for n in range(12)}
    members["d/logo.png"] = PNG
    source = tmp_path / f"in.{suffix}"
    make_tar(source, "w:" + suffix[4:], members)
    written = []
    for jobs in (1, 2):
        target = tmp_path / f"j{jobs}" / source.name
        clean_archive(source, target, CLEANER, jobs=jobs)
        written.append(target.read_bytes())
    assert written[0] == written[1]
    target = tmp_path / "j1" / source.name
    assert _tool_accepts("gzip" if suffix == "tar.gz" else "xz", target)
    with tarfile.open(fileobj=io.BytesIO(written[0]), mode="r|" + suffix[4:]) as tar:
        got = {info.name: tar.extractfile(info).read() for info in tar if info.isreg()}  # type: ignore[union-attr]
    assert got == {name: expected(name, data) for name, data in members.items()}
    if shutil.which("tar"):
        listed = subprocess.run(["tar", tool_flag, "-tf", str(target)], capture_output=True, text=True, check=True)
        assert set(members) <= set(listed.stdout.split())
        out = tmp_path / "extracted"
        out.mkdir()
        subprocess.run(["tar", tool_flag, "-xf", str(target), "-C", str(out)], check=True)
        assert (out / "d" / "3.txt").read_bytes() == expected("d/3.txt", members["d/3.txt"])


def test_a_compressed_jsonl_file_written_in_blocks_is_the_same_with_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wenben.io import blocks

    monkeypatch.setitem(blocks.BLOCK_BYTES, "xz", 4096)
    source = tmp_path / "c.jsonl.xz"
    source.write_bytes(lzma.compress(jsonl_bytes() * 40))
    written = []
    for jobs in (1, 2):
        target = tmp_path / f"j{jobs}" / source.name
        clean_jsonl_file(source, target, "text", CLEANER, on_error=Recorder(), jobs=jobs)
        written.append(target.read_bytes())
    assert written[0] == written[1] and _tool_accepts("xz", tmp_path / "j2" / source.name)
    assert lzma.decompress(written[0]).count(b"\n") == (jsonl_bytes() * 40).count(b"\n")
