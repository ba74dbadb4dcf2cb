"""Everything in an annotations file is accounted for.

An annotations file holds notes (``:::{annotation}`` directives), the
classroom directives, comments, and at most the one heading that names it.
Anything else would be dropped without a word: a note with two colons, an
indented note (a code block), a note in reStructuredText. So the file is
checked twice:

* as text (:func:`check_text`), before parsing: it must be UTF-8 without NUL
  bytes, every fence that opens must close, notes cannot be nested, and no
  directive may pull in other files or raw markup;
* as a parsed document (:func:`check_parsed`): every top-level node must be
  one the layer understands; the rest is reported with its line and a hint
  of the likely mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes

from .nodes import annotation
from .warnings_ import AnnotationWarning, warn

#: a fence line: up to three spaces, three or more colons, backticks or tildes
_FENCE = re.compile(r"^ {0,3}(?P<fence>:{3,}|`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[^}\s]+)\}")
#: directives that would bring other files, raw markup or reST into a note
REFUSED_DIRECTIVES = {
    "include": "it pulls another file into the page",
    "literalinclude": "it pulls another file into the page",
    "raw": "raw markup can run code or load other hosts",
    "eval-rst": "reStructuredText inside a note escapes the layer's checks",
    "iframe": "it loads another host",
}


@dataclass
class _Open:
    char: str
    length: int
    name: str | None  # directive name, or None for a code block
    line: int


def read_text(path: Path) -> str | None:
    """The annotations file's text; a warning and None if it cannot be read.

    A UTF-8 byte-order mark is dropped (Windows editors write one), so the
    first note is not lost to it.
    """
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        warn(f"{path.name} holds NUL bytes (the first at line {line}): it is not a text file, "
             "or was saved as UTF-16; save it as UTF-8",
             AnnotationWarning.BAD_ENCODING, f"{path}:{line}")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        warn(f"{path.name} is not UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); "
             "save it as UTF-8 (in most editors: Save with encoding → UTF-8)",
             AnnotationWarning.BAD_ENCODING, f"{path}:{line}")
        return None


def check_text(text: str, path: Path) -> bool:
    """Check fences and refused directives; False if the file must not be used."""
    ok = True
    stack: list[_Open] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line)
        if stack and stack[-1].name is None:
            # inside a code block only its own closing fence counts
            top = stack[-1]
            if match and not match["info"] and match["fence"][0] == top.char \
                    and len(match["fence"]) >= top.length:
                stack.pop()
            continue
        if not match:
            continue
        fence, info = match["fence"], match["info"]
        if not info:
            if stack and fence[0] == stack[-1].char and len(fence) >= stack[-1].length:
                stack.pop()
            continue
        directive = _DIRECTIVE.match(info)
        name = directive["name"] if directive else None
        if name in REFUSED_DIRECTIVES:
            warn(f"{{{name}}} is not allowed in an annotations file: {REFUSED_DIRECTIVES[name]}; "
                 "write the note's text itself", AnnotationWarning.UNSAFE_CONTENT, f"{path}:{number}")
            ok = False
        if name == "annotation":
            outer = next((o for o in reversed(stack) if o.name == "annotation"), None)
            if outer is not None:
                warn(f"an annotation inside the annotation opened at line {outer.line}: close that "
                     f"note with a line of {outer.char * outer.length} before this one begins",
                     AnnotationWarning.NESTED_FENCE, f"{path}:{number}")
                ok = False
        if name is None and fence[0] == ":":
            continue  # ":::text" is no fence MyST knows; check_parsed reports it
        stack.append(_Open(fence[0], len(fence), name, number))
    for left in stack:
        what = f"{{{left.name}}}" if left.name else "code block"
        warn(f"the {what} fence opened here is never closed, so everything after it is swallowed; "
             f"close it with a line of {left.char * left.length}",
             AnnotationWarning.UNCLOSED_FENCE, f"{path}:{left.line}")
        ok = False
    return ok


def check_parsed(document: nodes.document, path: Path, is_carried) -> None:
    """Report every top-level node the layer does not understand.

    *is_carried* tells whether a node is one of the classroom blocks, which
    the layer carries to the chapter.
    """
    headings = 0
    for node in _top_level(document):
        if isinstance(node, nodes.section):
            headings += 1
            if headings > 1 or node.parent is not document:
                warn("an annotations file has one heading at most (its title); a heading here "
                     "would be dropped: remove it, or make it a comment with %",
                     AnnotationWarning.UNEXPECTED_CONTENT, _where(node, path))
            continue
        if isinstance(node, (annotation, nodes.comment, nodes.system_message, nodes.title,
                             nodes.meta, nodes.pending)):
            # meta and pending: what MyST and Sphinx add to every document
            continue
        if isinstance(node, nodes.target) and not node.get("names"):
            continue  # the id target MyST puts before a labelled block
        if is_carried(node):
            continue
        warn(f"{_describe(node)} is outside any note and would not be published; {_hint(node)}",
             AnnotationWarning.UNEXPECTED_CONTENT, _where(node, path))


def _top_level(document: nodes.document):
    for child in document.children:
        if isinstance(child, nodes.section):
            yield child
            for grandchild in child.children:
                yield from (_top_level_section(grandchild))
        else:
            yield child


def _top_level_section(node):
    if isinstance(node, nodes.section):
        yield node  # a second heading, reported
        for child in node.children:
            yield from _top_level_section(child)
    else:
        yield node


def _where(node: nodes.Node, path: Path) -> str:
    # always with a line: Sphinx reads a location without one as a docname
    return f"{path}:{node.line or _first_line(node) or 1}"


def _first_line(node: nodes.Node) -> int | None:
    for inner in node.findall():
        if getattr(inner, "line", None):
            return inner.line
    return None


def _describe(node: nodes.Node) -> str:
    text = " ".join(node.astext().split())
    short = text if len(text) <= 40 else text[:37] + "…"
    return f"{node.tagname.replace('_', ' ')} {short!r}" if short else node.tagname.replace("_", " ")


def _hint(node: nodes.Node) -> str:
    """The likely mistake behind a stray block, from how it looks."""
    text = node.astext().lstrip()
    if isinstance(node, nodes.literal_block):
        if "annotation" in node.get("classes", ()) or node.get("language") == "annotation":
            return "a code block is not a note: write ```{annotation} kind (with braces)"
        if "{annotation}" in text or text.startswith(":quote:"):
            return ("it is indented, so Markdown made it a code block: start the "
                    ":::{annotation} fence at the left margin")
        return "code belongs inside a note's body"
    if text.startswith(".. "):
        return ("this is reStructuredText; annotations files are Markdown (MyST): write "
                ":::{annotation} kind, its options, a blank line, the text, then :::")
    if re.match(r"^:{1,2}\s*\{", text) or re.match(r"^:{1,2}\s*annotation", text):
        return "a note's fence has three colons: :::{annotation} kind … :::"
    if re.match(r"^:{3,}", text):
        return "a fence names its directive in braces: :::{annotation} kind"
    if isinstance(node, nodes.target):
        return "a label belongs to the chapter's text, not to its notes: remove it"
    return "put it inside a note, or make it a comment with %"
