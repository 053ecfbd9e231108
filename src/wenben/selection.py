"""Which files a directory walk picks up: default excludes, ``.gitignore``, ``.wenbenignore``,
``--exclude`` / ``--extend-exclude`` (the conventions of ruff and black).

Patterns are gitignore-style (``pathspec``, the library black uses), matched against the path
below the directory being walked. Files named on the command line are always read: the
exclusions only steer a walk.

- The default excludes (:data:`DEFAULT_EXCLUDES`): version control, virtual environments,
  dependency and build directories, caches. ``--exclude`` replaces them; ``--extend-exclude``
  adds to them. A directory holding ``pyvenv.cfg`` is a virtual environment whatever its name.
- ``.gitignore`` files in the walked tree, and in the directories above it up to the root of
  its git repository, are respected (``--no-respect-gitignore`` turns that off). A deeper file
  overrides a shallower one, and ``!pattern`` re-includes, as in git.
- ``.wenbenignore`` files, same syntax and placement, are always respected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

__all__ = ["DEFAULT_EXCLUDES", "IGNORE_FILE", "Selector"]

#: Directories (and files) a walk skips unless ``--exclude`` says otherwise.
DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git/", ".hg/", ".svn/", ".bzr/", "_darcs/", ".jj/",
    "node_modules/", "bower_components/",
    ".venv/", "venv/", ".env/", "env/", "virtualenv/", ".tox/", ".nox/", "site-packages/", "__pypackages__/",
    "build/", "dist/", "_build/", "buck-out/", "target/", "*.egg-info/", ".eggs/",
    "__pycache__/", ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", ".hypothesis/", ".ipynb_checkpoints/",
)
IGNORE_FILE = ".wenbenignore"
GITIGNORE = ".gitignore"


def _spec(lines: Iterable[str]):  # type: ignore[no-untyped-def]
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(lines))


@dataclass
class _IgnoreFile:
    base: Path
    spec: object  # pathspec.GitIgnoreSpec


@dataclass
class Selector:
    """Decides, during one walk from ``root``, which directories to enter and which files to
    read."""

    root: Path
    exclude: Sequence[str] | None = None  # None: the default excludes
    extend_exclude: Sequence[str] = ()
    respect_gitignore: bool = True
    skip: Sequence[Path] = ()  # resolved directories never entered (an output directory)
    _excludes: object = field(init=False, repr=False)
    _by_directory: dict[Path, list[_IgnoreFile]] = field(init=False, repr=False, default_factory=dict)
    _skip: frozenset[Path] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        patterns = list(DEFAULT_EXCLUDES if self.exclude is None else self.exclude) + list(self.extend_exclude)
        self._excludes = _spec(patterns)
        self._skip = frozenset(self.skip)
        self._by_directory[self.root] = self._above_root() + self._read(self.root)

    def _names(self) -> tuple[str, ...]:
        return (GITIGNORE, IGNORE_FILE) if self.respect_gitignore else (IGNORE_FILE,)

    def _read(self, directory: Path) -> list[_IgnoreFile]:
        found = []
        for name in self._names():
            path = directory / name
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            found.append(_IgnoreFile(directory, _spec(text.splitlines())))
        return found

    def _above_root(self) -> list[_IgnoreFile]:
        """Ignore files above the walked directory, up to the root of its git repository (none
        when it is not in one: outside a repository, a parent's ``.gitignore`` means nothing)."""
        try:
            resolved = self.root.resolve()
        except OSError:
            return []
        chain: list[Path] = []
        for folder in resolved.parents:
            chain.append(folder)
            if (folder / ".git").exists():
                break
        else:
            return []
        if (resolved / ".git").exists():
            return []
        files: list[_IgnoreFile] = []
        for folder in reversed(chain):  # shallowest first
            for ignore in self._read(folder):
                # Patterns are matched against paths below their own directory; the walked
                # paths are made relative to it through the resolved root.
                files.append(_IgnoreFile(ignore.base, ignore.spec))
        return files

    def enter(self, directory: Path) -> bool:
        """Whether to walk into ``directory`` (a subdirectory met during the walk)."""
        if self._excluded(directory, is_dir=True):
            return False
        try:
            if directory.resolve() in self._skip:
                return False
        except OSError:
            return False
        if (directory / "pyvenv.cfg").is_file():
            return False  # a virtual environment, whatever its name
        parent = self._by_directory.get(directory.parent, [])
        self._by_directory[directory] = parent + self._read(directory)
        return True

    def read(self, path: Path) -> bool:
        """Whether to read ``path`` (a file met during the walk)."""
        return not self._excluded(path, is_dir=False)

    def _excluded(self, path: Path, *, is_dir: bool) -> bool:
        suffix = "/" if is_dir else ""
        relative = path.relative_to(self.root).as_posix() + suffix
        if self._excludes.match_file(relative):  # type: ignore[attr-defined]
            return True
        ignores = self._by_directory.get(path.parent, [])
        if not ignores:
            return False
        resolved: Path | None = None
        for ignore in reversed(ignores):  # the deepest file decides first
            try:
                below = path.relative_to(ignore.base).as_posix()
            except ValueError:
                if resolved is None:
                    resolved = path.resolve() if not path.is_symlink() else path.parent.resolve() / path.name
                try:
                    below = resolved.relative_to(ignore.base).as_posix()
                except ValueError:
                    continue
            result = ignore.spec.check_file(below + suffix)  # type: ignore[attr-defined]
            if result.include is not None:
                return bool(result.include)
        return False
