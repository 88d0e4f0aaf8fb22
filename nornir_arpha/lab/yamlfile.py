"""Read one lab file as YAML, refusing what PyYAML would silently accept.

PyYAML keeps the last of two equal keys, follows aliases without bound (a 20 KB
"billion laughs" file expands to gigabytes once walked) and reads whatever it is given.
A lab file is small, plain data: these limits cost nothing for a real lab.
"""

from __future__ import annotations

import errno
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# A lab file is a few KB; anything larger is not a lab file.
MAX_LAB_FILE_BYTES = 1024 * 1024
# Values that aliases (*name) may add beyond what the file spells out.
MAX_ALIAS_EXPANSION = 10_000

_MERGE_TAG = "tag:yaml.org,2002:merge"


class LabFileError(Exception):
    """The file cannot be used at all.

    Attributes:
        where: "line L, column C" when the problem has a place in the text, else ""
        message: what is wrong and what to do
    """

    def __init__(self, message: str, where: str = "") -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)


class LabFileMissing(LabFileError):
    """There is nothing at the path."""


@dataclass(frozen=True)
class DuplicateKey:
    """A mapping key given twice; YAML would keep only the last value.

    Attributes:
        path: the keys (and list indexes) leading to the key, the key last
        first_line: 1-based line of the first occurrence
        line: 1-based line of the repeated one
    """

    path: tuple[str, ...]
    first_line: int
    line: int


def read_lab_yaml(file: Path) -> tuple[Any, list[DuplicateKey]]:
    """Parse `file` as a single YAML document of plain data.

    Args:
        file: the lab file

    Returns:
        the data ({} for an empty file) and every key given twice in one mapping

    Raises:
        LabFileMissing: nothing is at `file`
        LabFileError: `file` is not a readable regular file, is larger than
            MAX_LAB_FILE_BYTES, is not UTF-8, is not valid YAML, nests too deeply, or its
            aliases expand beyond MAX_ALIAS_EXPANSION values or refer to themselves
    """
    text = _read_text(file)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, []
        walk = _Walk(loader)
        expanded = walk.size(node, ())
        added = expanded - len(walk.sizes)
        if added > MAX_ALIAS_EXPANSION:
            raise LabFileError(
                f"its aliases (*name) expand it by {added} values, more than the "
                f"{MAX_ALIAS_EXPANSION} allowed (a 'billion laughs' file?); write the values "
                "out, or share settings through groups.yaml and defaults.yaml"
            )
        data = loader.construct_document(node)
        return {} if data is None else data, walk.duplicates
    except yaml.MarkedYAMLError as exc:
        raise LabFileError(*_syntax_error(exc, text)) from None
    except yaml.YAMLError as exc:
        raise LabFileError(f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise LabFileError("nests too deeply to be read; a lab file is a few levels deep") from None
    finally:
        loader.dispose()


def _read_text(file: Path) -> str:
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        if file.is_symlink():
            raise LabFileError(
                f"is a broken symlink (to {file.readlink()}); point it at a file or replace it"
            ) from None
        raise LabFileMissing("file is missing; every lab folder needs it") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LabFileError("is a symlink loop; replace it with the file") from None
        raise LabFileError(f"cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise LabFileError("is a directory, not a file; replace it with the YAML file")
    if not stat.S_ISREG(mode):
        raise LabFileError("is not a regular file (a device, FIFO or socket); replace it")
    try:
        # Read one byte past the limit, so a file that grew since stat() is refused too.
        with file.open("rb") as handle:
            content = handle.read(MAX_LAB_FILE_BYTES + 1)
    except OSError as exc:
        raise LabFileError(f"cannot be read: {exc.strerror or exc}") from None
    if len(content) > MAX_LAB_FILE_BYTES:
        raise LabFileError(
            f"is larger than {MAX_LAB_FILE_BYTES} bytes, the limit for a lab file; "
            "is this the right file?"
        )
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LabFileError(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str]:
    """The message and place of a YAML error: where the problem really is.

    PyYAML notices an unclosed quote or bracket only at the end of the file, or, when a
    later quote closes it, at the line that quote is on; the place to fix is where the
    runaway value started.
    """
    problem, context = exc.problem_mark, exc.context_mark
    message = f"YAML syntax error: {exc.problem or exc}"
    if context is not None and (problem is None or problem.index >= len(text)):
        message += f" {exc.context} that starts here; is a closing quote or bracket missing?"
        return message, _place(context)
    if problem is None:
        return message, ""
    runaway = _runaway_quote(text, problem)
    if runaway is not None:
        message += (
            f" at {_place(problem)}, after a quoted value that starts here and runs on to "
            f"{_place(runaway.end_mark)}; is its closing quote missing?"
        )
        return message, _place(runaway.start_mark)
    if context is not None and exc.context:
        message += f" ({exc.context} that starts at {_place(context)})"
    return message, _place(problem)


def _runaway_quote(text: str, problem: yaml.Mark) -> yaml.ScalarToken | None:
    """The quoted value that spans lines and closes on the problem's line, if any."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= problem.index:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and not token.plain
                and token.start_mark.line < problem.line == token.end_mark.line
            ):
                found = token
    except yaml.YAMLError:
        pass  # the tokens before the scanner's own error are all there is
    return found


def _place(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


class _Walk:
    """Sizes the node tree as aliases would expand it, once per node, and finds duplicates."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.sizes: dict[int, int] = {}
        self.duplicates: list[DuplicateKey] = []
        self._open: set[int] = set()

    def size(self, node: yaml.Node, path: tuple[str, ...]) -> int:
        """Values in `node` with every alias expanded; each node is visited once."""
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if key in self._open:
            raise LabFileError(
                "an alias refers to a value that contains it; write the values out",
                _place(node.start_mark),
            )
        self._open.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += self._mapping(node, path)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                total += self.size(item, (*path, str(index)))
        self._open.discard(key)
        self.sizes[key] = total
        return total

    def _mapping(self, node: yaml.MappingNode, path: tuple[str, ...]) -> int:
        total = 0
        first_lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            name: Any = key_node.value
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
                # Compare keys as YAML reads them: `yes` and `true` are the same key.
                name = self.loader.construct_object(key_node)
                line = key_node.start_mark.line + 1
                if name in first_lines:
                    self.duplicates.append(
                        DuplicateKey((*path, str(name)), first_lines[name], line)
                    )
                first_lines.setdefault(name, line)
            total += self.size(key_node, path)
            total += self.size(value_node, (*path, str(name)))
        return total
