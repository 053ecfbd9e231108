"""The ``wenben`` command: a Unix filter, a formatter (``--in-place``) and a linter (``--check``).

Exit codes: 0 success (and, with ``--check``, nothing to change); 1 ``--check``/``--diff`` found
changes (0 with ``--exit-zero``); 2 an error (bad input, bad option) — after every other file
has been processed; 141 (128 + SIGPIPE, what a shell reports for ``cat``) when the reader of
standard output went away (``wenben big/ | head -1``): the run stops at once, quietly.
See docs/cli.md.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import io
import json
import os
import sys
import time
from dataclasses import dataclass
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence, TextIO

from . import __version__, inline
from .config import Settings, find_config, load_settings
from .edits import Edit
from .edits import line_starts as _line_starts
from .engine import _LAST_NEWLINE, Cleaner
from .io.archives import JSONL_SUFFIXES, archive_kind, clean_archive, clean_jsonl_file, clean_jsonl_lines, default_member_filter
from .io.stream import iter_decoded, write_stream_atomically
from .parallel import PART_SIZE, clean_bytes_parallel, clean_stream_parallel, explain_parallel, load_lazy_modules
from .report import ReportEntry, render_report
from .errors import ConfigError, InputError, WenbenError
from .formats import FORMATS, Document, JsonlOptions, format_for_name
from .profiles import PROFILES
from .rules import RULES
from .selection import Selector

# Files picked up when walking a directory. Files named on the command line are always read.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ".pdf"})

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
#: A closed standard output: what a shell reports for ``cat`` killed by SIGPIPE.
EXIT_BROKEN_PIPE = 128 + 13
OUTPUT_FORMATS = ("text", "json", "json-lines", "github", "sarif")
#: Beside the outputs of a ``--resume`` run: one JSON line per finished output.
RESUME_MANIFEST = ".wenben-resume.jsonl"


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
        epilog=(
            "With no PATH, or PATH '-', read standard input and write standard output. "
            "Exit status: 0 clean, 1 changes needed (--check/--diff), 2 error, 141 standard output closed. "
            "See docs/cli.md."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: stdin)")
    parser.add_argument("--version", action="version", version=f"wenben {__version__}")
    parser.add_argument("--check", action="store_true", help="report needed changes as path:line:col: RULE message; exit 1 if any")
    parser.add_argument("--diff", action="store_true", help="print a unified diff of the changes; exit 1 if any (with --check: the diff is the report)")
    parser.add_argument("-i", "--in-place", action="store_true", help="rewrite files atomically (UTF-8); a symlink's target is rewritten, the link kept")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT: a file, or a directory if OUT ends with '/', exists as a directory, or the input is a directory")
    parser.add_argument("-p", "--profile", metavar="NAME", help=f"rule profile: {', '.join(PROFILES)} (default: from the config file, else 'default')")
    parser.add_argument("--disable", "--ignore", action="append", default=[], metavar="RULE", help="turn rules off (repeatable, or comma-separated)")
    parser.add_argument("--select", action="append", metavar="RULE", help="run only these rules (repeatable, or comma-separated)")
    parser.add_argument("--convert", metavar="CONFIG", help="OpenCC conversion, e.g. t2s, s2t, s2twp")
    parser.add_argument("--spacing", choices=("compact", "spaced"), help="space between Chinese and Latin: none (compact) or one (spaced, as --profile spaced does: the option and its rule)")
    parser.add_argument("--engine", choices=("auto", "core", "python"), default="auto", help="the compiled core, the Python reference, or auto (default: the core when it is built; docs/engines.md)")
    parser.add_argument("--config", metavar="FILE", help="use this wenben.toml or pyproject.toml instead of searching upward")
    parser.add_argument("--no-config", action="store_true", help="ignore configuration files")
    parser.add_argument("--output-format", choices=OUTPUT_FORMATS, default="text", help="--check output: text (default), json, json-lines, github (annotations), sarif")
    parser.add_argument("--color", "--colour", choices=("auto", "always", "never"), default="auto", help="colour the diff: auto (on a terminal, unless NO_COLOR is set), always, never")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings, diffs and errors only: no notes, hints or closing line")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when --check/--diff find changes (errors still exit 2)")
    parser.add_argument("--format", dest="input_format", metavar="{text,markdown,jsonl}", choices=FORMATS, help="input format: text, markdown (only the prose is cleaned) or jsonl (a field of each record); default: by file extension (.md .markdown, .jsonl .ndjson), else text")
    parser.add_argument("--stdin-filename", metavar="NAME", help="the name of standard input, for its format and configuration (e.g. README.md, data.jsonl)")
    parser.add_argument("--report", metavar="HTML", help="write a self-contained HTML page showing every change, coloured by rule")
    parser.add_argument("--stats", action="store_true", help="print the number of changes per rule, per file and in total, to stderr")
    parser.add_argument("--encoding", metavar="NAME", help="input encoding (default: detect)")
    parser.add_argument("--errors", choices=("strict", "replace"), default="strict", help="undecodable bytes: fail (default) or replace with U+FFFD")
    parser.add_argument("--password", metavar="PASSWORD", help="password of encrypted PDF inputs")
    parser.add_argument("--jsonl-field", action="append", metavar="FIELD", help="in JSON Lines, clean this string field of each record (a key or a dotted path such as meta.text; repeatable, or comma-separated; default: text)")
    parser.add_argument("--jsonl-errors", choices=("copy", "fail"), default="copy", help="a JSON Lines record that is not JSON or lacks the field: warn and copy it unchanged (default), or fail")
    parser.add_argument("--exclude", action="append", metavar="PATTERN", help="gitignore-style patterns a directory walk skips, instead of the default excludes (.git, node_modules, venvs, build, dist, caches...); repeatable, or comma-separated")
    parser.add_argument("--extend-exclude", action="append", default=[], metavar="PATTERN", help="patterns a walk skips, in addition to the default excludes")
    parser.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=True, help="skip what .gitignore files ignore when walking (default: yes; .wenbenignore is always respected)")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="work in N processes: files, parts of a large file, records of a JSON Lines file, members of an archive (--check/--diff/--stats too); output identical to -j 1")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar on stderr, moving per file, record and archive member (default: on a terminal, for several files or one archive/JSON Lines file written with -o/-i)")
    parser.add_argument("--summary", action="store_true", help="print files, bytes, speed, errors and skipped files at the end")
    parser.add_argument("--resume", action="store_true", help="with -o: skip inputs finished by an earlier --resume run with the same input, settings and wenben version")
    parser.add_argument("--list-rules", action="store_true", help="list the rules, the profiles that run each, and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``wenben`` command; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (``wenben big/ | head -1``): stop at once and quietly, as cat
        # does. What is still buffered goes nowhere (not into a second error at exit).
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
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
        _list_rules()
        return EXIT_OK
    if args.in_place and (args.check or args.diff):
        return _fail("wenben: --in-place rewrites files; --check and --diff only report: use one or the other")
    if args.diff and args.output_format != "text":
        return _fail(f"wenben: --output-format {args.output_format} is for --check findings; --diff prints a diff")
    command_line = Settings(
        profile=args.profile,
        disable=_names(args.disable) or (),
        select=_names(args.select),
        convert=args.convert,
        spacing=args.spacing,
        exclude=_names(args.exclude),
        extend_exclude=_names(args.extend_exclude) or (),
    )
    try:
        forced = load_settings(Path(args.config)) if args.config else None
        run = Run(args, command_line, forced)
        run.cleaner_for(None)  # report bad options before reading any input
        if args.report:
            _check_writable(Path(args.report))
    except WenbenError as error:
        return _fail(f"wenben: {error}")
    if not args.paths and not args.quiet and _is_tty(sys.stdin):
        print("wenben: reading standard input (end with Ctrl-D; 'wenben --help' for usage)", file=sys.stderr)
    return run.run()


def _is_tty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


def _list_rules() -> None:
    """Each rule, the profiles that run it (``-`` for none: only on request), its message."""
    width = max(len(rule_id) for rule_id in RULES)
    names = list(PROFILES)
    column = max(len(",".join(names)), len("profiles"))
    print(f"{'rule':{width}}  {'profiles':{column}}  message")
    for rule in RULES.values():
        running = ",".join(name for name in names if rule.id in PROFILES[name].rules)
        if rule.id == "convert-variants":
            running = "(with --convert)"
        print(f"{rule.id:{width}}  {running or '-':{column}}  {rule.message}")


def _check_writable(target: Path) -> None:
    """Fail before any work if ``target`` cannot be written: its nearest existing ancestor
    must be a writable directory, and ``target`` itself not a directory."""
    if target.is_dir():
        raise ConfigError(f"{target}: is a directory, not a file to write")
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise ConfigError(f"{target}: cannot be written: {folder} is not a directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"{target}: cannot be written: permission denied")


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
        self._elements: _Elements | None = None  # json and sarif: the array the findings stream into
        self._cleaners: dict[Settings, Cleaner] = {}
        self.errors = 0
        self.contents = Counter()  # members, records and uncompressed bytes of archives and JSON Lines files
        self.report_entries: list[ReportEntry] = []
        self.checked = 0  # files looked at by --check/--diff
        self.changed = 0  # of those, files that would change
        self.finding_count = 0
        self.skipped = 0  # files --resume found finished
        self.not_in_place = 0  # files a walk found that --in-place cannot rewrite
        self.output_root: Path | None = None  # a directory output, never walked
        self._colour = _use_colour(args.color, sys.stdout)
        self._bar: object = _NoProgress()
        self._bar_done = 0  # bytes of the current file the bar has been moved by
        self._bar_size = 0

    @property
    def elements(self) -> "_Elements":
        """The json or sarif document on standard output, opened at the first finding."""
        if self._elements is None:
            self._elements = _Elements.for_format(self.args.output_format, self.stdout)
        return self._elements

    def _write_findings(self, fmt: str, printed: list[str]) -> None:
        """A batch of :func:`_findings`: lines printed, or elements of the json/sarif array."""
        if not printed:
            return
        if fmt in _ARRAY_FORMATS:
            self.elements.add(",\n".join(printed))
        else:
            self.stdout.write("".join(printed))

    def _progress_to(self, position: int) -> None:
        """Move the bar to ``position`` bytes into the current file (records of a JSON Lines
        file, members of an archive, as they are written)."""
        position = min(position, self._bar_size)
        if position > self._bar_done:
            self._bar.update(position - self._bar_done)  # type: ignore[attr-defined]
            self._bar_done = position

    def _progress_callback(self):  # type: ignore[no-untyped-def]
        return self._progress_to if getattr(self._bar, "enabled", False) else None

    def cleaner_for(self, path: Path | None) -> Cleaner:
        """The cleaner for one input: its configuration file, overridden by the command line."""
        merged = self.settings_for(path)
        key = dataclasses.replace(merged, source=None, exclude=None, extend_exclude=())
        if key not in self._cleaners:
            options: dict[str, object] = {}
            if merged.convert:
                options["convert"] = merged.convert
            if merged.spacing:
                options["spacing"] = merged.spacing
            rules = merged.select if merged.select is not None else merged.rules
            # Values from a configuration file were checked when it was read (naming the file
            # and the key); an error here is about the command line.
            self._cleaners[key] = Cleaner(merged.profile or "default", rules=rules, disable=merged.disable, engine=self.args.engine, **options)
        return self._cleaners[key]

    def settings_for(self, path: Path | None) -> Settings:
        settings = self.forced
        if settings is None and not self.args.no_config:
            found = find_config(path if path is not None else Path.cwd())
            settings = load_settings(found) if found else None
        return (settings or Settings()).merged_with(self.command_line)

    def _note(self, message: str) -> None:
        if not self.args.quiet:
            print(f"wenben: {message}", file=sys.stderr)

    def run(self) -> int:
        if self.args.in_place and self.args.output:
            return _fail("wenben: use either --in-place or --output, not both")
        try:
            self.output_root = self._directory_output()
        except WenbenError as error:
            return _fail(f"wenben: {error}")
        sources = list(self._sources())
        if self.args.in_place and any(s.path is None for s in sources):
            return _fail("wenben: --in-place needs files, not standard input")
        try:
            output_dir = self._output_directory(sources)
        except WenbenError as error:
            return _fail(f"wenben: {error}")
        resume = _Resume(self, output_dir) if self.args.resume and not self.args.in_place and self.args.output else None
        if resume is not None:
            sources = [s for s in sources if not resume.finished(s)]
            self.skipped = resume.skipped
        writes_files = self.args.in_place or output_dir is not None
        started = time.monotonic()
        total_bytes = sum(_size(s.path) for s in sources)
        progress = _progress_bar(total_bytes, len(sources), enabled=self._show_progress(sources))
        if self.args.jobs > 1 and len(sources) > 1 and writes_files and not (self.args.check or self.args.diff or self.args.stats or self.args.report):
            # Many files: one file per worker process, each cleaned on one core.
            serial = argparse.Namespace(**{**vars(self.args), "jobs": 1, "progress": False})
            jobs = [(serial, self.command_line, self.forced, source, output_dir) for source in sources]
            load_lazy_modules()
            with ProcessPoolExecutor(max_workers=self.args.jobs) as executor:
                for source, (status, errors, contents) in zip(sources, executor.map(_process_in_worker, jobs)):
                    self.status = max(self.status, status)
                    self.contents.update(contents)
                    self.errors += errors
                    if resume is not None and status != EXIT_ERROR:
                        resume.done(source)
                    progress.update(_size(source.path))
        elif self._reports_in_workers(sources):
            self._report_in_parallel(sources, output_dir, progress, resume)
        else:
            self._bar = progress
            for source in sources:
                errors = self.errors
                self._bar_done, self._bar_size = 0, _size(source.path)
                self.process_safely(source, output_dir)
                if resume is not None and self.errors == errors:
                    resume.done(source)
                self._progress_to(self._bar_size)
        progress.close()
        if resume is not None:
            resume.close()
        if self.args.summary or (progress.enabled and len(sources) > 1 and not self.args.quiet):
            elapsed = max(time.monotonic() - started, 1e-9)
            # Archives and JSON Lines files count by what is inside: members, records, and
            # uncompressed bytes (not the compressed size) for the size and the speed.
            total_bytes += self.contents["bytes_in"] - self.contents["compressed"]
            inside = "".join(
                f", {_count(self.contents[key], key[:-1])}" for key in ("members", "records") if self.contents[key]
            )
            skipped = f", {self.skipped} skipped (finished by an earlier --resume run)" if self.args.resume else ""
            print(
                f"wenben: {_count(len(sources), 'file')}{inside}, {total_bytes / 1e6:.1f} MB in {elapsed:.1f} s "
                f"({total_bytes / 1e6 / elapsed:.1f} MB/s), {_count(self.errors, 'error')}{skipped}",
                file=sys.stderr,
            )
        if self.args.check and not self.args.diff:
            self._finish_findings()
        if self.args.stats:
            self._print_stats()
        if self.args.report:
            try:
                write_stream_atomically(Path(self.args.report), [render_report(self.report_entries, title="wenben report")])
            except OSError as error:
                self._error(self.args.report, error.strerror or str(error))
        if self.args.check or self.args.diff:
            self._closing_line()
        if self.status == EXIT_CHANGES and self.args.exit_zero:
            return EXIT_OK
        return self.status

    def _reports_in_workers(self, sources: list[Source]) -> bool:
        """``--check``, ``--diff`` and ``--stats`` on several files with ``-j``: each file is read,
        checked and its findings or diff formatted by a worker; this process prints them in input
        order. With ``--report`` the workers send back each file's explanation and this
        process writes the page (capped: see :func:`wenben.report.render_report`). Standard
        input stays in this process."""
        return (
            self.args.jobs > 1
            and len(sources) > 1
            and bool(self.args.check or self.args.diff or self.args.stats or self.args.report)
            and all(source.path is not None for source in sources)
        )

    def _report_in_parallel(self, sources: list[Source], output_dir: Path | None, progress: object, resume: "_Resume | None") -> None:
        from .parallel import ordered_map, stop_pool

        serial = argparse.Namespace(**{**vars(self.args), "jobs": 1, "progress": False})
        jobs = ((serial, self.command_line, self.forced, source, output_dir, self._colour) for source in sources)
        load_lazy_modules()
        with ProcessPoolExecutor(max_workers=self.args.jobs) as executor:
            try:
                results = ordered_map(executor, _report_in_worker, jobs, window=2 * self.args.jobs)
                for source, done in zip(sources, results):
                    # What one process prints for this file: its notes and errors, then its
                    # findings or diff (a file's notes come before its findings there too).
                    if done.stderr:
                        sys.stderr.write(done.stderr)
                        sys.stderr.flush()
                    if done.stdout:
                        self.stdout.write(done.stdout)
                        self.stdout.flush()
                    self.status = max(self.status, done.status)
                    self.errors += done.errors
                    self.checked += done.checked
                    self.changed += done.changed
                    self.finding_count += done.finding_count
                    if done.findings:
                        self.elements.add(done.findings)
                    self.stats.update(done.stats)
                    self.contents.update(done.contents)
                    self.report_entries.extend(done.report_entries)
                    if resume is not None and not done.errors:
                        resume.done(source)  # --stats -o OUT/ --resume: the output was written
                    progress.update(_size(source.path))  # type: ignore[attr-defined]
            except BaseException:
                stop_pool(executor)  # a closed pipe or an interrupt: no waiting for the rest
                raise

    def _closing_line(self) -> None:
        """black's and ruff's last line: what --check/--diff found, on stderr."""
        if self.args.quiet:
            return
        files = _count(self.checked, "file")
        if self.changed:
            findings = f", {_count(self.finding_count, 'finding')}" if self.args.check and not self.args.diff else ""
            line = f"{_count(self.changed, 'file')} would be changed{findings} ({files} checked)"
        else:
            line = f"{files} checked, nothing to change"
        if self.errors:
            line += f"; {self.errors} error{'s' if self.errors != 1 else ''}"
        print(f"wenben: {line}", file=sys.stderr)

    def _finish_findings(self) -> None:
        """json and sarif: the end of the document (all of it if nothing was found)."""
        if self.args.output_format in _ARRAY_FORMATS:
            self.elements.close()
        self.stdout.flush()

    def _print_stats(self) -> None:
        total: Counter[str] = Counter()
        for name, counts in self.stats.items():
            total.update(counts)
            detail = ", ".join(f"{rule} {count}" for rule, count in counts.most_common())
            print(f"{name}: {_count(sum(counts.values()), 'change')}" + (f" ({detail})" if detail else ""), file=sys.stderr)
        print(f"total: {_count(sum(total.values()), 'change')} in {_count(len(self.stats), 'file')}", file=sys.stderr)
        for rule, count in total.most_common():
            print(f"  {rule:28} {count}", file=sys.stderr)

    def _show_progress(self, sources: list[Source]) -> bool:
        if self.args.progress is not None:
            return self.args.progress
        if self.args.quiet or not _is_tty(sys.stderr) or not sources:
            return False
        if len(sources) > 1:
            return True
        # One archive or JSON Lines file written to a file: its members or records move the bar.
        path = sources[0].path
        writes = self.args.in_place or self.args.output
        return bool(writes) and path is not None and (self._structured(path) or self._format_of(sources[0]) == "jsonl")

    def process_safely(self, source: Source, output_dir: Path | None) -> None:
        """Process one input; a problem with it is reported and the run goes on (but a closed
        standard output stops the run: nobody reads what would follow)."""
        try:
            self._process(source, output_dir)
        except BrokenPipeError:
            raise
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

        settings = self.settings_for(root)
        selector = Selector(
            root,
            exclude=settings.exclude,
            extend_exclude=settings.extend_exclude,
            respect_gitignore=self.args.respect_gitignore,
            skip=[self.output_root] if self.output_root is not None else [],
        )
        for directory, subdirs, files in os.walk(root, onerror=on_error, followlinks=False):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and selector.enter(Path(directory, d)))
            for name in sorted(files):
                path = Path(directory, name)
                if path.exists() and not path.is_file():
                    continue  # FIFOs, sockets, devices: a walk never opens them (it could hang)
                suffix = path.suffix.lower()
                if name.startswith(".") or not (suffix in TEXT_SUFFIXES or suffix in JSONL_SUFFIXES or self._structured(path, walking=True)):
                    continue
                if not selector.read(path):
                    continue
                if self.args.in_place and path.suffix.lower() == ".pdf":
                    self.not_in_place += 1
                    self._note(f"{path}: skipped: --in-place cannot rewrite a PDF (clean it with -o DIR/)")
                    continue
                yield Source(path, path.relative_to(root))

    def _directory_output(self) -> Path | None:
        """The resolved output directory, if ``-o`` names one by its form or by what exists:
        a trailing slash, an existing directory, or a directory input (mirrored below it)."""
        out = self.args.output
        if not out:
            return None
        if out.endswith(("/", os.sep)) or Path(out).is_dir() or any(p != "-" and Path(p).is_dir() for p in self.args.paths):
            if Path(out).exists() and not Path(out).is_dir():
                raise ConfigError(f"-o {out}: exists and is not a directory")
            return Path(out).resolve()
        return None

    def _output_directory(self, sources: list[Source]) -> Path | None:
        out = self.args.output
        if not out:
            return None
        if self.output_root is not None:
            return Path(out)
        if len(sources) > 1:
            raise ConfigError(f"-o {out}: {len(sources)} inputs need an output directory: end it with '/' (-o {out}/)")
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
            if self.args.jobs > 1:
                # Parts of bytes, decoded, cleaned and encoded by the workers.
                cleaned: Iterator[str] | Iterator[bytes] = clean_bytes_parallel(
                    cleaner, handle, self.args.jobs, encoding=self.args.encoding, errors=self.args.errors, source=source.name
                )
            else:
                pieces = iter_decoded(handle, encoding=self.args.encoding, errors=self.args.errors, source=source.name)
                cleaned = cleaner.clean_stream(pieces)
            if target is not None:
                write_stream_atomically(target, cleaned)
            else:
                buffer = getattr(self.stdout, "buffer", None)
                self.stdout.flush()
                for piece in cleaned:
                    if isinstance(piece, str):
                        self.stdout.write(piece)
                    elif buffer is not None:
                        buffer.write(piece)
                    else:
                        self.stdout.write(piece.decode("utf-8"))
                (buffer or self.stdout).flush()

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
            summary = clean_jsonl_file(
                source.path, target, fields, cleaner, on_error=None if fail else problem, jobs=self.args.jobs, progress=self._progress_callback()
            )
            self.contents.update(members=0, records=summary.records, bytes_in=summary.bytes_in, compressed=_size(source.path))
            return
        from .io.archives import _clean_jsonl_blocks, _RecordCounter

        taken = [0]  # bytes of the records written so far, for the progress bar

        def consumed(size: int) -> None:
            taken[0] += size

        counter = _RecordCounter()
        with _open_binary(source) as handle:
            reporter = None if fail else problem
            # Blocks of raw lines, decoded, cleaned and encoded in one task each (in the
            # workers with -j): this process only moves bytes.
            blocks = _clean_jsonl_blocks(
                handle, fields, cleaner, reporter, options.source, counter, self.args.jobs, consumed=consumed,
                size_hint=_size(source.path) if source.path is not None else None,
            )
            if target is not None:
                write_stream_atomically(target, map(_utf8_or_fail, blocks))
                return
            buffer = getattr(self.stdout, "buffer", None)
            self.stdout.flush()
            moved = self._progress_callback()
            for block in blocks:
                if buffer is not None:
                    buffer.write(block)
                else:
                    self.stdout.write(block.decode("utf-8", "surrogateescape"))
                if moved is not None:
                    moved(taken[0])
            (buffer or self.stdout).flush()
        self.contents.update(records=counter.cleaned, bytes_in=taken[0], compressed=taken[0])

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
                jobs=self.args.jobs,
                progress=self._progress_callback(),
            )
        else:
            summary = clean_jsonl_file(
                source.path, target, self._jsonl_fields(), cleaner, on_error=self._error, jobs=self.args.jobs, progress=self._progress_callback()
            )
        self.contents.update(members=summary.members if is_archive else 0, records=summary.records, bytes_in=summary.bytes_in, compressed=_size(source.path))

    def _target(self, source: Source, output_dir: Path | None) -> Path | None:
        """Where the clean text goes: a file, or ``None`` for standard output."""
        if self.args.in_place:
            # A symlink: rewrite the file it points to and keep the link (as an editor does).
            return Path(os.path.realpath(source.path)) if source.path is not None else None
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
        decoded = read_decoded(source, encoding=self.args.encoding, errors=self.args.errors, password=self.args.password)
        text = decoded.text
        if self.args.check or self.args.diff:
            self._note_rewrite(source, decoded)
        if self.args.check and not self.args.diff:
            self._check(source, text, cleaner)
            return
        if self.args.stats or self.args.report:
            explanation = explain_parallel(cleaner, text, self.args.jobs)
            self.stats[source.name] = Counter(rule for edit in explanation.edits for rule in edit.rules)
            if self.args.report:
                self.report_entries.append(ReportEntry(source.name, explanation))
            cleaned = explanation.text
        elif self.args.jobs > 1 and isinstance(cleaner, Cleaner) and cleaner._document is None and len(text) > PART_SIZE:
            # One long text (--diff, a PDF): its parts cleaned by the workers, as clean() cuts it.
            cleaned = "".join(clean_stream_parallel(cleaner, [text], self.args.jobs))
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

    def _note_rewrite(self, source: Source, decoded: "_Read") -> None:
        """Say what ``--in-place`` would do to the bytes beyond the text: a legacy encoding
        becomes UTF-8, a byte order mark goes."""
        if source.path is None or decoded.encoding is None:
            return
        if decoded.encoding.replace("_", "-").lower() not in ("utf-8", "ascii"):
            self._note(f"{source.name}: --in-place would re-encode it from {decoded.encoding} to UTF-8")
        if decoded.bom:
            self._note(f"{source.name}: --in-place would drop its byte order mark")

    def _check(self, source: Source, text: str, cleaner: Cleaner | Document) -> None:
        self.checked += 1
        if self._check_in_parts(source, text, cleaner):
            return
        explanation = explain_parallel(cleaner, text, self.args.jobs)
        if self.args.stats:
            self.stats[source.name] = Counter(rule for edit in explanation.edits for rule in edit.rules)
        if self.args.report:
            self.report_entries.append(ReportEntry(source.name, explanation))
        self._note_unknown_controls(source, text)
        if not explanation.edits:
            return
        self.changed += 1
        self.finding_count += len(explanation.edits)
        fmt = self.args.output_format
        batch: list[str] = []
        for printed in _findings(source.name, fmt, text, explanation.edits):
            batch.append(printed)
            if len(batch) >= _BATCH:
                self._write_findings(fmt, batch)
                batch = []
        self._write_findings(fmt, batch)
        self.status = max(self.status, EXIT_CHANGES)

    def _note_unknown_controls(self, source: Source, text: str) -> None:
        if inline.MARK in text:
            for name in inline.unknown_rules(text, RULES):
                self._note(f"{source.name}: inline control names an unknown rule {name!r} (ignored)")

    def _check_in_parts(self, source: Source, text: str, cleaner: Cleaner | Document) -> bool:
        """``--check -j`` on one long text or JSON Lines document: its parts (paragraphs, or
        blocks of records) explained and their findings formatted by the workers (this
        process only prints them in order, or gathers them for json and sarif), the same
        findings as one process makes. False, having printed nothing, where that cannot be
        done: --report (which needs the whole explanation), Markdown (parsed whole), code
        fences and inline control in text (see :func:`wenben.engine.joined_explanation`), or
        a part whose end a rule changed (rare: the explanation is then joined as usual)."""
        from .engine import EVIDENCE_SIZE, PART_SIZE, explain_cuts
        from .formats.jsonl import jsonl_blocks
        from .parallel import JSONL_BLOCK_SIZE, map_in_order

        args = self.args
        if args.jobs <= 1 or args.report or len(text) <= 2 * PART_SIZE:
            return False
        fmt = args.output_format
        if isinstance(cleaner, Document) and cleaner.format == "jsonl":
            options = cleaner.jsonl
            task = partial(_check_jsonl_part, source.name, fmt, tuple(options.fields), options.errors, options.source)
            results = map_in_order(task, jsonl_blocks(text, JSONL_BLOCK_SIZE), cleaner.cleaner, args.jobs)
        elif isinstance(cleaner, Cleaner) and cleaner._document is None and "```" not in text and inline.MARK not in text:
            bounds = [0, *explain_cuts(text), len(text)]
            if len(bounds) == 2:
                return False  # one unbroken text: explained here (a worker would get it whole)

            def parts() -> Iterator[tuple[int, int, str, bool]]:
                lines = 0  # line breaks before the part
                for start, end in zip(bounds, bounds[1:]):
                    yield start, lines, text[start:end], end == len(text)
                    lines += text.count("\n", start, end)

            task = partial(_check_part, source.name, fmt, text[:EVIDENCE_SIZE])
            results = map_in_order(task, parts(), cleaner, args.jobs)
        else:
            return False
        done: list[tuple[str, int, Counter[str], list[tuple[int, str]], int]] = []
        for result in results:
            if result is None:
                return False
            done.append(result)
        if isinstance(cleaner, Document):
            for _, _, _, block_problems, records in done:
                for number, message in block_problems:
                    cleaner.jsonl.problem(number, message)
                cleaner.jsonl.records += records
            self._note_unknown_controls(source, text)
        count = sum(found for _, found, _, _, _ in done)
        if args.stats:
            self.stats[source.name] = sum((counts for _, _, counts, _, _ in done), Counter())
        if not count:
            return True
        self.changed += 1
        self.finding_count += count
        for printed, _, _, _, _ in done:
            if fmt in _ARRAY_FORMATS:
                if printed:
                    self.elements.add(printed)
            else:
                self.stdout.write(printed)
        self.status = max(self.status, EXIT_CHANGES)
        return True

    def _diff(self, source: Source, text: str, cleaned: str) -> None:
        self.checked += 1
        if cleaned == text:
            return
        self.changed += 1
        name = source.name
        from .diff import unified_diff

        batch: list[str] = []
        for line in unified_diff(text, cleaned, f"a/{name}", f"b/{name}"):
            batch.append(_coloured(line) if self._colour else line)
            if len(batch) >= 4096:
                self.stdout.write("".join(batch))
                batch.clear()
        self.stdout.write("".join(batch))
        self.status = max(self.status, EXIT_CHANGES)


class _Resume:
    """``--resume``: a manifest beside the outputs records, for each finished output, a key of
    its input (path, size, modification time), the effective settings (profile, rules,
    options, reading options) and the wenben version. An input whose output exists and whose
    key is unchanged is skipped; anything else is done again. Lines are appended as outputs
    are finished, so an interrupted run leaves a manifest that is right about what it says."""

    def __init__(self, run: Run, output_dir: Path | None) -> None:
        self.run = run
        self.output_dir = output_dir
        out = Path(run.args.output)
        self.folder = output_dir if output_dir is not None else out.parent
        self.manifest = self.folder / RESUME_MANIFEST
        self.keys: dict[str, str] = {}
        self.skipped = 0
        self._handle: TextIO | None = None
        try:
            with self.manifest.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        record = json.loads(line)
                        self.keys[str(record["output"])] = str(record["key"])
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut by an interruption
        except OSError:
            pass

    def _name(self, target: Path) -> str:
        try:
            return target.relative_to(self.folder).as_posix()
        except ValueError:
            return str(target)

    def key(self, source: Source) -> str | None:
        if source.path is None:
            return None
        try:
            status = source.path.stat()
        except OSError:
            return None
        cleaner = self.run.cleaner_for(source.path)
        args = self.run.args
        parts = [
            __version__,
            str(source.path.resolve()),
            status.st_size,
            status.st_mtime_ns,
            cleaner.profile,
            list(cleaner._rule_names),
            sorted((k, repr(v)) for k, v in cleaner._options.items()),
            args.encoding,
            args.errors,
            args.jsonl_field,
        ]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    def finished(self, source: Source) -> bool:
        target = self.run._target(source, self.output_dir)
        key = self.key(source)
        if target is None or key is None or not target.exists():
            return False
        if self.keys.get(self._name(target)) == key:
            self.skipped += 1
            return True
        return False

    def done(self, source: Source) -> None:
        target = self.run._target(source, self.output_dir)
        key = self.key(source)
        if target is None or key is None or not target.exists():
            return
        try:
            if self._handle is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._handle = self.manifest.open("a", encoding="utf-8")
            self._handle.write(json.dumps({"output": self._name(target), "key": key}, ensure_ascii=False) + "\n")
            self._handle.flush()
        except OSError as error:
            self.run._note(f"{self.manifest}: cannot record progress for --resume: {error.strerror}")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def _use_colour(choice: str, stream: object) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _is_tty(stream) and os.environ.get("TERM") != "dumb"


_RED, _GREEN, _CYAN, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[0m"


def _coloured(line: str) -> str:
    """A diff line in git's colours (the newline stays outside the escape codes)."""
    body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
    if line.startswith(("+++ ", "--- ")):
        colour = _BOLD
    elif line.startswith("@@"):
        colour = _CYAN
    elif line.startswith("+"):
        colour = _GREEN
    elif line.startswith("-"):
        colour = _RED
    else:
        return line
    if "\n" in body:  # the "No newline at end of file" marker rides on this line
        first, rest = body.split("\n", 1)
        return f"{colour}{first}{_RESET}\n{rest}{end}"
    return f"{colour}{body}{_RESET}{end}"


def _github_escape(value: str, *, property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def _github_annotation(finding: dict[str, object]) -> str:
    """A GitHub Actions workflow command: the finding shows on the line in the pull request."""
    props = ",".join(
        f"{key}={_github_escape(str(value), property=True)}"
        for key, value in (
            ("file", finding["path"]),
            ("line", finding["line"]),
            ("col", finding["column"]),
            ("endLine", finding["end_line"]),
            ("endColumn", finding["end_column"]),
            ("title", f"wenben {finding['rule']}"),
        )
    )
    message = f"{finding['message']}: {_show(str(finding['original']))} -> {_show(str(finding['replacement']))}"
    return f"::warning {props}::{_github_escape(message)}"


#: Formats printed as one JSON document whose array of findings is written as they come.
_ARRAY_FORMATS = ("json", "sarif")
#: Findings formatted, then written, at a time by one process.
_BATCH = 4096
#: The C encoder (``json.dumps`` with ``indent`` takes the pure-Python one, ~10x slower).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
#: Every rule, by id: SARIF's ``tool.driver.rules`` and the ``ruleIndex`` into it.
_SARIF_RULES = sorted(RULES)
_SARIF_RULE_INDEX = {rule_id: position for position, rule_id in enumerate(_SARIF_RULES)}


def _sarif_log(results: list[object]) -> dict[str, object]:
    """A SARIF 2.1.0 log (code-scanning upload): one run, every rule wenben has (so that the
    log can be written as the findings are found, before it is known which rules fire), one
    result per finding with its region and the fix. Columns count code points."""
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wenben",
                        "version": __version__,
                        "rules": [
                            {"id": rule_id, "shortDescription": {"text": RULES[rule_id].message}} for rule_id in _SARIF_RULES
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


_LAYOUTS: dict[str, tuple[str, str, str, str]] = {}


def _layout(fmt: str) -> tuple[str, str, str, str]:
    """The document around the array of findings, indented by one space a level as
    ``json.dumps(indent=1)`` does: what comes before the first element, the indentation of
    each element (written on one line by the C encoder), what comes after the last, and the
    whole document when there is nothing to report."""
    if fmt not in _LAYOUTS:
        if fmt == "json":
            _LAYOUTS[fmt] = ("[\n", " ", "\n]\n", "[]\n")
        else:
            marker = "\u0000results\u0000"
            text = json.dumps(_sarif_log([marker]), ensure_ascii=False, indent=1)
            quoted = json.dumps(marker)
            at = text.index(quoted)
            line = text.rindex("\n", 0, at) + 1
            empty = json.dumps(_sarif_log([]), ensure_ascii=False, indent=1) + "\n"
            _LAYOUTS[fmt] = (text[:line], text[line:at], text[at + len(quoted) :] + "\n", empty)
    return _LAYOUTS[fmt]


class _Elements:
    """A json or sarif document written as its findings come: the layout before the first
    chunk, ``,\\n`` between chunks (each one or more elements already joined that way), the
    layout after the last on :meth:`close`. Memory stays one batch of findings, however many
    there are; the bytes do not depend on how the findings were batched (``-j 1`` = ``-j 2``)."""

    def __init__(self, stream: TextIO, head: str, tail: str, empty: str) -> None:
        self.stream, self.head, self.tail, self.empty = stream, head, tail, empty
        self.started = False

    @classmethod
    def for_format(cls, fmt: str, stream: TextIO) -> "_Elements":
        head, _, tail, empty = _layout(fmt)
        return cls(stream, head, tail, empty)

    def add(self, chunk: str) -> None:
        self.stream.write(",\n" if self.started else self.head)
        self.stream.write(chunk)
        self.started = True

    def close(self) -> None:
        self.stream.write(self.tail if self.started else self.empty)


def _check_part(
    name: str, fmt: str, document: str, cleaner: Cleaner, task: tuple[int, int, str, bool]
) -> tuple[str, int, Counter[str], list[tuple[int, str]], int] | None:
    """A worker's share of ``--check -j`` on one long text: one part (``offset`` characters
    and ``lines`` line breaks into the file) explained and its findings formatted (as
    :func:`_formatted`); None if the part's last edit is not only the line break the next
    part begins after (its explanation would then be joined with the next one, as
    joined_explanation does)."""
    offset, lines, part, last = task
    cleaned, edits, _ = cleaner._explain_part(part, document)
    if not last:
        final = edits[-1] if edits else None
        if (
            final is None
            or final.end != len(part)
            or (final.end - final.start, final.replacement) not in _LAST_NEWLINE
            or not cleaned.endswith("\n")
            or cleaned.endswith("\n\n")
        ):
            return None
        edits = edits[:-1]
    return _formatted(name, fmt, part, edits, offset, lines), len(edits), Counter(rule for edit in edits for rule in edit.rules), [], 0


def _check_jsonl_part(
    name: str, fmt: str, fields: tuple[str, ...], errors: str, source: str | None, cleaner: Cleaner, task: tuple[int, int, str]
) -> tuple[str, int, Counter[str], list[tuple[int, str]], int]:
    """A worker's share of ``--check -j`` on one JSON Lines document: a block of whole lines
    (``offset`` characters into the file, its first line numbered ``number``) explained
    record by record and its findings formatted; with the problems met and the records
    cleaned, which the main process reports in order."""
    from .formats.jsonl import explain_jsonl_block

    offset, number, block = task
    edits, problems, records = explain_jsonl_block(fields, errors, source, cleaner, (0, number, block))
    counts = Counter(rule for edit in edits for rule in edit.rules)
    return _formatted(name, fmt, block, edits, offset, number - 1), len(edits), counts, problems, records


def _formatted(name: str, fmt: str, part: str, edits: Sequence["Edit"], offset: int, lines: int) -> str:
    """The findings of ``edits`` on ``part`` (``offset`` characters and ``lines`` line breaks
    into the file) as printed: the lines for text, json-lines and github, the elements of the
    array joined by ``,\\n`` for json and sarif (see :class:`_Elements`)."""
    found = _findings(name, fmt, part, edits, offset, lines)
    return ",\n".join(found) if fmt in _ARRAY_FORMATS else "".join(found)


def _findings(name: str, fmt: str, text: str, edits: Sequence["Edit"], offset: int = 0, line: int = 0) -> Iterator[str]:
    """Each edit of ``text`` as a finding, formatted for ``fmt``: a line (with its line break)
    for text, json-lines and github; an element of the array, indented, for json and sarif.
    ``text`` may be a part of the file that starts ``offset`` characters and ``line`` lines
    into it, after a line break (a worker's share of ``--check -j``)."""
    line_starts = _line_starts(text)
    indent = _layout(fmt)[1] if fmt in _ARRAY_FORMATS else ""
    uri = Path(name).as_posix()
    for edit in edits:
        start_line, column = _line_column(line_starts, edit.start)
        end_line, end_column = _line_column(line_starts, edit.end)
        rules = edit.rules
        first = RULES[rules[0]]
        before = text[edit.start : edit.end]
        if fmt == "text":
            more = f" (+{'+'.join(rules[1:])})" if len(rules) > 1 else ""
            yield f"{name}:{start_line + line}:{column}: {first.id} {first.message}{more}: {_show(before)} -> {_show(edit.replacement)}\n"
            continue
        if fmt == "sarif":
            yield indent + _ENCODE(_sarif_result(uri, first.id, first.message, before, edit, start_line + line, column, end_line + line, end_column, offset))
            continue
        finding: dict[str, object] = {
            "path": name,
            "line": start_line + line,
            "column": column,
            "end_line": end_line + line,
            "end_column": end_column,
            "offset": edit.start + offset,
            "end_offset": edit.end + offset,
            "rule": first.id,
            "rules": list(rules),
            "message": first.message,
            "original": before,
            "replacement": edit.replacement,
        }
        if fmt == "json-lines":
            yield _ENCODE(finding) + "\n"
        elif fmt == "github":
            yield _github_annotation(finding) + "\n"
        else:
            yield indent + _ENCODE(finding)


def _sarif_result(
    uri: str, rule: str, message: str, before: str, edit: "Edit", line: int, column: int, end_line: int, end_column: int, offset: int
) -> dict[str, object]:
    """One finding as a SARIF result: where (code points), what, and the fix."""
    region = {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": edit.start + offset,
        "charLength": edit.end - edit.start,
    }
    artifact = {"uri": uri}
    return {
        "ruleId": rule,
        "ruleIndex": _SARIF_RULE_INDEX[rule],
        "level": "warning",
        "message": {"text": f"{message}: {_show(before)} -> {_show(edit.replacement)}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "fixes": [
            {
                "description": {"text": message},
                "artifactChanges": [
                    {"artifactLocation": artifact, "replacements": [{"deletedRegion": region, "insertedContent": {"text": edit.replacement}}]}
                ],
            }
        ],
    }


def _utf8_or_fail(block: bytes) -> str:
    try:
        return block.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("a JSON Lines line is not valid UTF-8: it can be copied to a file named on the command line or to stdout only") from None


def _show(fragment: str) -> str:
    """A fragment quoted so that spaces, newlines and look-alike punctuation are visible."""
    escaped = fragment.encode("unicode_escape").decode("ascii") if not fragment.isprintable() or "\u3000" in fragment else fragment
    return f"'{escaped}'"


def _line_column(line_starts: list[int], offset: int) -> tuple[int, int]:
    from bisect import bisect_right

    line = bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1


@dataclass(frozen=True)
class _Read:
    """An input's text and how its bytes were decoded (``encoding`` None for a PDF)."""

    text: str
    encoding: str | None = None
    bom: bool = False


def read_decoded(source: Source, *, encoding: str | None = None, errors: str = "strict", password: str | None = None) -> _Read:
    """Read one input as text: decoded bytes, or the text of a PDF."""
    if source.path is None:
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        if source.path.suffix.lower() == ".pdf":
            from .io.pdf import extract_pdf_text

            return _Read(extract_pdf_text(source.path, password=password).text)
        data = source.path.read_bytes()
        name = str(source.path)
    from .io.decode import decode_bytes

    decoded = decode_bytes(data, encoding=encoding, errors=errors, source=name)
    return _Read(decoded.text, decoded.encoding, decoded.bom)


def read_source(source: Source, *, encoding: str | None = None, errors: str = "strict", password: str | None = None) -> str:
    """Read one input as text: decoded bytes, or the text of a PDF."""
    return read_decoded(source, encoding=encoding, errors=errors, password=password).text


def _process_in_worker(job: tuple[argparse.Namespace, Settings, Settings | None, Source, Path | None]) -> tuple[int, int, Counter[str]]:
    """One file cleaned as one process cleans it: its status, and the members, records and
    uncompressed bytes of an archive or JSON Lines file (for ``--summary``), and the errors
    reported (an archive's members and records count one each, as in one process)."""
    args, command_line, forced, source, output_dir = job
    run = Run(args, command_line, forced)
    run.process_safely(source, output_dir)
    return run.status, run.errors, run.contents


@dataclass
class _WorkerReport:
    """What a worker printed and counted for one file (``--check``/``--diff``/``--stats -j``)."""

    stdout: str
    stderr: str
    status: int
    errors: int
    checked: int
    changed: int
    finding_count: int
    findings: str  # json/sarif: the elements of the array, joined by ",\n" (see _Elements)
    stats: dict[str, Counter[str]]
    contents: Counter[str]
    report_entries: list[ReportEntry]


def _report_in_worker(job: tuple[argparse.Namespace, Settings, Settings | None, Source, Path | None, bool]) -> _WorkerReport:
    """One file checked as one process checks it, its output captured to be printed in order."""
    args, command_line, forced, source, output_dir, colour = job
    run = Run(args, command_line, forced)
    run._colour = colour
    out, err, elements = io.StringIO(), io.StringIO(), io.StringIO()
    run.stdout = out
    run._elements = _Elements(elements, "", "", "")
    with contextlib.redirect_stderr(err):
        run.process_safely(source, output_dir)
    return _WorkerReport(
        out.getvalue(), err.getvalue(), run.status, run.errors, run.checked, run.changed, run.finding_count,
        elements.getvalue(), run.stats, run.contents, run.report_entries,
    )


def _count(number: int, noun: str) -> str:
    """``1 file``, ``2 files``, ``0 files``: the summary and closing lines' counts."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


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

    bar = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1000, desc=f"{files} file{'s' if files != 1 else ''}", file=sys.stderr, leave=False)
    bar.enabled = True
    return bar


def _open_binary(source: Source) -> BinaryIO:
    if source.path is None:
        return contextlib.nullcontext(sys.stdin.buffer)  # type: ignore[return-value]
    return source.path.open("rb")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
