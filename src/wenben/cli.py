"""The ``wenben`` command: a Unix filter, a formatter (``--in-place``) and a linter (``--check``).

Exit codes: 0 success (and, with ``--check``, nothing to change); 1 ``--check``/``--diff`` found
changes; 2 an error (bad input, bad option) — after every other file has been processed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import difflib
import json
import os
import sys
import time
from dataclasses import dataclass
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence, TextIO

from . import __version__
from .config import Settings, find_config, load_settings
from .engine import Cleaner
from .io.archives import JSONL_SUFFIXES, archive_kind, clean_archive, clean_jsonl_file, clean_jsonl_lines, default_member_filter
from .io.stream import iter_decoded, write_stream_atomically
from .parallel import clean_stream_parallel, explain_parallel, load_lazy_modules
from .report import ReportEntry, render_report
from .errors import InputError, WenbenError
from .formats import FORMATS, Document, JsonlOptions, format_for_name
from .profiles import PROFILES
from .rules import RULES

# Files picked up when walking a directory. Files named on the command line are always read.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ".pdf"})

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


@dataclass
class Source:
    """One input: a file, or stdin (``path is None``)."""

    path: Path | None
    relative: Path | None = None  # its path below the directory it was found in

    @property
    def name(self) -> str:
        return "<stdin>" if self.path is None else str(self.path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wenben",
        description="Clean digitised Chinese text (OCR, PDF, web) into canonical text.",
        epilog="With no PATH, or PATH '-', read standard input and write standard output.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: stdin)")
    parser.add_argument("--version", action="version", version=f"wenben {__version__}")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="report needed changes as path:line:col: RULE message; exit 1 if any")
    mode.add_argument("--diff", action="store_true", help="print a unified diff of the changes; exit 1 if any")
    mode.add_argument("-i", "--in-place", action="store_true", help="rewrite files atomically (UTF-8)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT (a directory when there are several inputs)")
    parser.add_argument("-p", "--profile", choices=sorted(PROFILES), help="rule profile (default: from the config file, else 'default')")
    parser.add_argument("--disable", "--ignore", action="append", default=[], metavar="RULE", help="turn rules off (repeatable, or comma-separated)")
    parser.add_argument("--select", action="append", metavar="RULE", help="run only these rules (repeatable, or comma-separated)")
    parser.add_argument("--convert", metavar="CONFIG", help="OpenCC conversion, e.g. t2s, s2t, s2twp")
    parser.add_argument("--spacing", choices=("compact", "spaced"), help="space between Chinese and Latin: none (compact) or one (spaced)")
    parser.add_argument("--config", metavar="FILE", help="use this wenben.toml or pyproject.toml instead of searching upward")
    parser.add_argument("--no-config", action="store_true", help="ignore configuration files")
    parser.add_argument("--output-format", choices=("text", "json"), default="text", help="--check output format (default: text)")
    parser.add_argument("--format", dest="input_format", metavar="{text,markdown,jsonl}", choices=FORMATS, help="input format: text, markdown (only the prose is cleaned) or jsonl (a field of each record); default: by file extension (.md .markdown, .jsonl .ndjson), else text")
    parser.add_argument("--stdin-filename", metavar="NAME", help="the name of standard input, for its format and configuration (e.g. README.md, data.jsonl)")
    parser.add_argument("--report", metavar="HTML", help="write a self-contained HTML page showing every change, coloured by rule")
    parser.add_argument("--stats", action="store_true", help="print the number of changes per rule, per file and in total, to stderr")
    parser.add_argument("--encoding", metavar="NAME", help="input encoding (default: detect)")
    parser.add_argument("--errors", choices=("strict", "replace"), default="strict", help="undecodable bytes: fail (default) or replace with U+FFFD")
    parser.add_argument("--jsonl-field", action="append", metavar="FIELD", help="in JSON Lines, clean this string field of each record (a key or a dotted path such as meta.text; repeatable, or comma-separated; default: text)")
    parser.add_argument("--jsonl-errors", choices=("copy", "fail"), default="copy", help="a JSON Lines record that is not JSON or lacks the field: warn and copy it unchanged (default), or fail")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="clean with N processes (files in parallel, or one large file in parts)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar on stderr (default: on a terminal, for several files)")
    parser.add_argument("--summary", action="store_true", help="print files, bytes, speed and errors at the end")
    parser.add_argument("--resume", action="store_true", help="skip inputs whose output (-o) is already newer than the input")
    parser.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``wenben`` command; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (``wenben big.txt | head``): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _names(values: Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_rules:
        for rule in RULES.values():
            print(f"{rule.id:28} {rule.message}")
        return EXIT_OK
    command_line = Settings(
        profile=args.profile,
        disable=_names(args.disable) or (),
        select=_names(args.select),
        convert=args.convert,
        spacing=args.spacing,
    )
    try:
        forced = load_settings(Path(args.config)) if args.config else None
        run = Run(args, command_line, forced)
        run.cleaner_for(None)  # report bad options before reading any input
    except WenbenError as error:
        return _fail(f"wenben: {error}")
    return run.run()


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_ERROR


class Run:
    """One invocation: the inputs, what to do with each, and the exit status."""

    def __init__(self, args: argparse.Namespace, command_line: Settings, forced: Settings | None) -> None:
        self.args = args
        self.command_line = command_line
        self.forced = forced
        self.status = EXIT_OK
        self.stdout: TextIO = sys.stdout
        self.stats: dict[str, Counter[str]] = {}
        self.findings: list[dict[str, object]] = []
        self._cleaners: dict[Settings, Cleaner] = {}
        self.errors = 0
        self.contents = Counter()  # members, records and uncompressed bytes of archives and JSON Lines files
        self.report_entries: list[ReportEntry] = []

    def cleaner_for(self, path: Path | None) -> Cleaner:
        """The cleaner for one input: its configuration file, overridden by the command line."""
        settings = self.forced
        if settings is None and not self.args.no_config:
            found = find_config(path if path is not None else Path.cwd())
            settings = load_settings(found) if found else None
        merged = (settings or Settings()).merged_with(self.command_line)
        key = dataclasses.replace(merged, source=None)
        if key not in self._cleaners:
            options: dict[str, object] = {}
            if merged.convert:
                options["convert"] = merged.convert
            if merged.spacing:
                options["spacing"] = merged.spacing
            rules = merged.select if merged.select is not None else merged.rules
            self._cleaners[key] = Cleaner(merged.profile or "default", rules=rules, disable=merged.disable, **options)
        return self._cleaners[key]

    def run(self) -> int:
        sources = list(self._sources())
        if self.args.in_place and any(s.path is None for s in sources):
            return _fail("wenben: --in-place needs files, not standard input")
        if self.args.in_place and self.args.output:
            return _fail("wenben: use either --in-place or --output, not both")
        output_dir = self._output_directory(sources)
        if self.args.resume:
            sources = [s for s in sources if not self._finished(s, output_dir)]
        writes_files = self.args.in_place or output_dir is not None
        started = time.monotonic()
        total_bytes = sum(_size(s.path) for s in sources)
        progress = _progress_bar(total_bytes, len(sources), enabled=self._show_progress(sources))
        if self.args.jobs > 1 and len(sources) > 1 and writes_files and not (self.args.check or self.args.diff or self.args.stats):
            # Many files: one file per worker process, each cleaned on one core.
            serial = argparse.Namespace(**{**vars(self.args), "jobs": 1, "progress": False})
            jobs = [(serial, self.command_line, self.forced, source, output_dir) for source in sources]
            load_lazy_modules()
            with ProcessPoolExecutor(max_workers=self.args.jobs) as executor:
                for source, status in zip(sources, executor.map(_process_in_worker, jobs)):
                    self.status = max(self.status, status)
                    self.errors += status == EXIT_ERROR
                    progress.update(_size(source.path))
        else:
            for source in sources:
                self.process_safely(source, output_dir)
                progress.update(_size(source.path))
        progress.close()
        if self.args.summary or (progress.enabled and len(sources) > 1):
            elapsed = max(time.monotonic() - started, 1e-9)
            # Archives and JSON Lines files count by what is inside: members, records, and
            # uncompressed bytes (not the compressed size) for the size and the speed.
            total_bytes += self.contents["bytes_in"] - self.contents["compressed"]
            inside = "".join(
                f", {self.contents[key]} {key}" for key in ("members", "records") if self.contents[key]
            )
            print(
                f"wenben: {len(sources)} files{inside}, {total_bytes / 1e6:.1f} MB in {elapsed:.1f} s "
                f"({total_bytes / 1e6 / elapsed:.1f} MB/s), {self.errors} errors",
                file=sys.stderr,
            )
        if self.args.check and self.args.output_format == "json":
            json.dump(self.findings, self.stdout, ensure_ascii=False, indent=1)
            self.stdout.write("\n")
        if self.args.stats:
            self._print_stats()
        if self.args.report:
            write_stream_atomically(Path(self.args.report), [render_report(self.report_entries, title="wenben report")])
        return self.status

    def _print_stats(self) -> None:
        total: Counter[str] = Counter()
        for name, counts in self.stats.items():
            total.update(counts)
            detail = ", ".join(f"{rule} {count}" for rule, count in counts.most_common())
            print(f"{name}: {sum(counts.values())} changes" + (f" ({detail})" if detail else ""), file=sys.stderr)
        print(f"total: {sum(total.values())} changes in {len(self.stats)} files", file=sys.stderr)
        for rule, count in total.most_common():
            print(f"  {rule:28} {count}", file=sys.stderr)

    def _show_progress(self, sources: list[Source]) -> bool:
        if self.args.progress is not None:
            return self.args.progress
        return sys.stderr.isatty() and len(sources) > 1

    def _finished(self, source: Source, output_dir: Path | None) -> bool:
        """With --resume: an output newer than its input was completed by an earlier run (outputs
        are only ever renamed into place whole)."""
        if source.path is None or self.args.in_place:
            return False
        target = self._target(source, output_dir)
        try:
            return target is not None and target.stat().st_mtime >= source.path.stat().st_mtime
        except OSError:
            return False

    def process_safely(self, source: Source, output_dir: Path | None) -> None:
        """Process one input; a problem with it is reported and the run goes on."""
        try:
            self._process(source, output_dir)
        except WenbenError as error:
            self._error(source.name, str(error))
        except OSError as error:
            self._error(error.filename or source.name, error.strerror or str(error))

    def _error(self, name: str, message: str) -> None:
        if message.startswith(f"{name}: "):
            message = message[len(name) + 2 :]  # readers name the file themselves
        if message.startswith(f"{name}:"):  # and a place in it (a JSON Lines record)
            print(f"wenben: {message}", file=sys.stderr)
        else:
            print(f"wenben: {name}: {message}", file=sys.stderr)
        if self.args.report:
            self.report_entries.append(ReportEntry(name, None, error=message))
        self.status = EXIT_ERROR
        self.errors += 1

    def _sources(self) -> Iterator[Source]:
        paths = self.args.paths or ["-"]
        for raw in paths:
            if raw == "-":
                yield Source(None)
                continue
            path = Path(raw)
            if path.is_dir():
                yield from self._walk(path)
            else:
                yield Source(path, Path(path.name))

    def _walk(self, root: Path) -> Iterator[Source]:
        def on_error(error: OSError) -> None:
            self._error(error.filename or str(root), error.strerror or str(error))

        for directory, subdirs, files in os.walk(root, onerror=on_error, followlinks=False):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(directory, name)
                if path.exists() and not path.is_file():
                    continue  # FIFOs, sockets, devices: a walk never opens them (it could hang)
                suffix = path.suffix.lower()
                if (suffix in TEXT_SUFFIXES or suffix in JSONL_SUFFIXES or self._structured(path, walking=True)) and not name.startswith("."):
                    yield Source(path, path.relative_to(root))

    def _output_directory(self, sources: list[Source]) -> Path | None:
        out = self.args.output
        if not out:
            return None
        several = len(sources) > 1 or any(Path(p).is_dir() for p in self.args.paths)
        if several or Path(out).is_dir():
            return Path(out)
        return None

    def _process(self, source: Source, output_dir: Path | None) -> None:
        cleaner = self.cleaner_for(source.path)
        is_pdf = source.path is not None and source.path.suffix.lower() == ".pdf"
        if self.args.in_place and is_pdf:
            raise InputError("--in-place cannot rewrite a PDF; use -o")
        target = self._target(source, output_dir)
        if source.path is not None and self._structured(source.path):
            self._process_structured(source, cleaner, target)
            return
        fmt = self._format_of(source)
        if fmt == "jsonl":
            self._process_jsonl(source, cleaner, target)
            return
        if fmt == "markdown" and not is_pdf:
            self._process_whole(source, Document(cleaner, "markdown"), target)  # type: ignore[arg-type]
            return
        if self.args.check or self.args.diff or self.args.stats or self.args.report or is_pdf:
            self._process_whole(source, cleaner, target)
            return
        # Plain cleaning streams: constant memory whatever the file size.
        with _open_binary(source) as handle:
            pieces = iter_decoded(handle, encoding=self.args.encoding, errors=self.args.errors, source=source.name)
            cleaned = clean_stream_parallel(cleaner, pieces, self.args.jobs)
            if target is not None:
                write_stream_atomically(target, cleaned)
            else:
                for piece in cleaned:
                    self.stdout.write(piece)
                self.stdout.flush()

    def _structured(self, path: Path, walking: bool = False) -> bool:
        """An archive or a compressed file."""
        kind = archive_kind(path)
        if kind in ("gz", "bz2", "xz"):
            inner = path.name[: -len(kind) - 1]
            return not walking or default_member_filter(inner)
        return kind is not None

    def _format_of(self, source: Source) -> str:
        """The input format: --format, else by the file's name (--stdin-filename for stdin)."""
        if self.args.input_format:
            return self.args.input_format
        if source.path is None:
            return format_for_name(self.args.stdin_filename)
        return format_for_name(source.path)

    def _jsonl_fields(self) -> tuple[str, ...]:
        return _names(self.args.jsonl_field) or ("text",)

    def _jsonl_options(self, source: Source) -> JsonlOptions:
        name = source.name if source.path is not None else (self.args.stdin_filename or source.name)

        def warn(number: int, message: str) -> None:
            print(f"wenben: warning: {name}:{number}: {message}; copied unchanged", file=sys.stderr)

        return JsonlOptions(self._jsonl_fields(), self.args.jsonl_errors, warn, name)

    def _process_jsonl(self, source: Source, cleaner: Cleaner, target: Path | None) -> None:
        """JSON Lines: records in, records out (see wenben.formats.jsonl); streamed unless a
        mode needs the whole file."""
        options = self._jsonl_options(source)
        if self.args.check or self.args.diff or self.args.stats or self.args.report:
            self._process_whole(source, Document(cleaner, "jsonl", jsonl=options), target)  # type: ignore[arg-type]
            return
        fields = self._jsonl_fields()
        fail = self.args.jsonl_errors == "fail"

        def problem(name: str, message: str) -> None:
            options.problem(int(name.rsplit(":", 1)[1]), message)

        if target is not None and source.path is not None:
            # Atomic, and lines that are not UTF-8 are copied as the bytes they were.
            summary = clean_jsonl_file(source.path, target, fields, cleaner, on_error=None if fail else problem, jobs=self.args.jobs)
            self.contents.update(members=0, records=summary.records, bytes_in=summary.bytes_in, compressed=_size(source.path))
            return
        from .io.archives import _iter_lines

        with _open_binary(source) as handle:
            lines = clean_jsonl_lines(
                _iter_lines(handle), fields, cleaner, on_error=None if fail else problem, source=options.source
            )
            if target is not None:
                write_stream_atomically(target, map(_utf8_or_fail, lines))
                return
            buffer = getattr(self.stdout, "buffer", None)
            self.stdout.flush()
            for line in lines:
                if buffer is not None:
                    buffer.write(line.encode("utf-8", "surrogateescape"))
                else:
                    self.stdout.write(line)
            (buffer or self.stdout).flush()

    def _process_structured(self, source: Source, cleaner: Cleaner, target: Path | None) -> None:
        assert source.path is not None
        if self.args.check or self.args.diff or self.args.stats or self.args.report:
            raise InputError("--check, --diff, --stats and --report do not read archives or JSON Lines files")
        is_archive = archive_kind(source.path) is not None
        if target is None and is_archive:
            raise InputError("an archive is cleaned into an archive of the same kind: use -o OUTDIR or --in-place")
        if is_archive:
            summary = clean_archive(
                source.path,
                target,
                cleaner,
                jsonl_field=self._jsonl_fields(),
                on_error=lambda name, message: self._error(f"{source.name}:{name}", message),
                encoding=self.args.encoding,
                errors=self.args.errors,
            )
        else:
            summary = clean_jsonl_file(source.path, target, self._jsonl_fields(), cleaner, on_error=self._error, jobs=self.args.jobs)
        self.contents.update(members=summary.members if is_archive else 0, records=summary.records, bytes_in=summary.bytes_in, compressed=_size(source.path))

    def _target(self, source: Source, output_dir: Path | None) -> Path | None:
        """Where the clean text goes: a file, or ``None`` for standard output."""
        if self.args.in_place:
            return source.path
        if not self.args.output:
            return None
        if output_dir is None:
            return Path(self.args.output)
        relative = source.relative or Path(Path(self.args.stdin_filename).name if self.args.stdin_filename else "stdin.txt")
        if relative.suffix.lower() == ".pdf":
            relative = relative.with_suffix(".txt")
        return output_dir / relative

    def _process_whole(self, source: Source, cleaner: Cleaner, target: Path | None) -> None:
        """Modes that need the whole text at once: --check, --diff, --stats, PDF input."""
        text = read_source(source, encoding=self.args.encoding, errors=self.args.errors)
        if self.args.check:
            self._check(source, text, cleaner)
            return
        if self.args.stats or self.args.report:
            explanation = explain_parallel(cleaner, text, self.args.jobs)
            self.stats[source.name] = Counter(rule for edit in explanation.edits for rule in edit.rules)
            if self.args.report:
                self.report_entries.append(ReportEntry(source.name, explanation))
            cleaned = explanation.text
        else:
            cleaned = cleaner.clean(text)
        if self.args.diff:
            self._diff(source, text, cleaned)
        elif target is not None:
            write_stream_atomically(target, [cleaned])
        elif self.args.report:
            pass  # the report is the output
        else:
            self.stdout.write(cleaned)
            self.stdout.flush()

    def _check(self, source: Source, text: str, cleaner: Cleaner) -> None:
        explanation = explain_parallel(cleaner, text, self.args.jobs)
        if self.args.stats:
            self.stats[source.name] = Counter(rule for edit in explanation.edits for rule in edit.rules)
        if not explanation.edits:
            return
        line_starts = _line_starts(text)
        for edit in explanation.edits:
            line, column = _line_column(line_starts, edit.start)
            end_line, end_column = _line_column(line_starts, edit.end)
            rules = edit.rules
            first = RULES[rules[0]]
            before = text[edit.start : edit.end]
            if self.args.output_format == "json":
                self.findings.append(
                    {
                        "path": source.name,
                        "line": line,
                        "column": column,
                        "end_line": end_line,
                        "end_column": end_column,
                        "offset": edit.start,
                        "end_offset": edit.end,
                        "rule": first.id,
                        "rules": list(rules),
                        "message": first.message,
                        "original": before,
                        "replacement": edit.replacement,
                    }
                )
                continue
            more = f" (+{'+'.join(rules[1:])})" if len(rules) > 1 else ""
            print(
                f"{source.name}:{line}:{column}: {first.id} {first.message}{more}: "
                f"{_show(before)} -> {_show(edit.replacement)}",
                file=self.stdout,
            )
        self.status = max(self.status, EXIT_CHANGES)

    def _diff(self, source: Source, text: str, cleaned: str) -> None:
        if cleaned == text:
            return
        name = source.name
        diff = difflib.unified_diff(
            text.splitlines(keepends=True),
            cleaned.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        for line in diff:
            self.stdout.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        self.status = max(self.status, EXIT_CHANGES)


def _utf8_or_fail(line: str) -> str:
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("a JSON Lines line is not valid UTF-8: it can be copied to a file named on the command line or to stdout only") from None
    return line


def _show(fragment: str) -> str:
    """A fragment quoted so that spaces, newlines and look-alike punctuation are visible."""
    escaped = fragment.encode("unicode_escape").decode("ascii") if not fragment.isprintable() or "\u3000" in fragment else fragment
    return f"'{escaped}'"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _line_column(line_starts: list[int], offset: int) -> tuple[int, int]:
    from bisect import bisect_right

    line = bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1


def read_source(source: Source, *, encoding: str | None = None, errors: str = "strict") -> str:
    """Read one input as text: decoded bytes, or the text of a PDF."""
    if source.path is None:
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        if source.path.suffix.lower() == ".pdf":
            from .io.pdf import extract_pdf_text

            return extract_pdf_text(source.path).text
        data = source.path.read_bytes()
        name = str(source.path)
    from .io.decode import decode_bytes

    return decode_bytes(data, encoding=encoding, errors=errors, source=name).text


def _process_in_worker(job: tuple[argparse.Namespace, Settings, Settings | None, Source, Path | None]) -> int:
    args, command_line, forced, source, output_dir = job
    run = Run(args, command_line, forced)
    run.process_safely(source, output_dir)
    return run.status


def _size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0


class _NoProgress:
    enabled = False

    def update(self, amount: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total_bytes: int, files: int, *, enabled: bool):  # type: ignore[no-untyped-def]
    """A tqdm bar in bytes (MB, MB/s, ETA) on stderr, or a stand-in that does nothing."""
    if not enabled:
        return _NoProgress()
    from tqdm import tqdm

    bar = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1000, desc=f"{files} files", file=sys.stderr, leave=False)
    bar.enabled = True
    return bar


def _open_binary(source: Source) -> BinaryIO:
    if source.path is None:
        return contextlib.nullcontext(sys.stdin.buffer)  # type: ignore[return-value]
    return source.path.open("rb")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
