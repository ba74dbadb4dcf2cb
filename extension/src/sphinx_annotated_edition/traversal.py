"""docutils' ``Node.findall``, walked with a stack instead of nested generators.

docutils walks a tree with one generator a level (``yield from
child._fast_findall(cls)``), so every node found is handed up through as
many generators as it is deep, and a tree deeper than Python's recursion
limit cannot be walked at all. These walkers visit the same nodes in the
same order with one generator, and read the tree when docutils' own would,
so that a transform changing the tree as it walks sees what it saw before:

* ``walk_lists`` is docutils' fast path (a class or no condition, the node
  itself included): each node's ``children`` list is iterated as it is when
  the walk comes to it, as ``for child in self.children`` does;
* ``walk_indexed`` is its general path (a function, or the node itself left
  out): each child is looked up by its index when it is reached, as
  ``for child in self`` does through ``Element.__getitem__``.

``find`` chooses between them as docutils chooses between its paths; the
speed-up that puts it in place is ``speedups.iterative_findall``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator


def walk_lists(root, cls: type | None) -> Iterator:
    """``root`` and its descendants, in document order, that are ``cls``
    instances (all of them for None)."""
    if cls is None or isinstance(root, cls):
        yield root
    stack = [iter(root.children)]
    while stack:
        for child in stack[-1]:
            if cls is None or isinstance(child, cls):
                yield child
            if child.children:
                stack.append(iter(child.children))
                break
        else:
            stack.pop()


def find(root, condition, include_self: bool) -> Iterator:
    """What ``root.findall(condition, include_self)`` yields (descending, no
    siblings), walked as docutils walks it for those arguments."""
    if include_self:
        if condition is None or isinstance(condition, type):
            return walk_lists(root, condition)
        return walk_indexed(root, condition, True)
    if condition is None:
        # docutils walks the children by index, and each of them on its fast path
        return _children_walked(root)
    if isinstance(condition, type):
        cls = condition

        def condition(node):
            return isinstance(node, cls)

    return walk_indexed(root, condition, False)


def _children_walked(root) -> Iterator:
    index = 0
    while index < len(root.children):
        child = root.children[index]
        index += 1
        yield from walk_lists(child, None)


def walk_indexed(root, condition: Callable[[object], bool], include_self: bool) -> Iterator:
    """``root`` (if ``include_self``) and its descendants, in document order,
    for which ``condition`` is true."""
    if include_self and condition(root):
        yield root
    if not len(root.children):
        return
    stack = [[root, 0]]
    while stack:
        top = stack[-1]
        children = top[0].children
        index = top[1]
        if index >= len(children):
            stack.pop()
            continue
        child = children[index]
        top[1] = index + 1
        if condition(child):
            yield child
        if len(child.children):
            stack.append([child, 0])
