"""A safe YAML reader that remembers line numbers, so errors can point at the offending line."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # libyaml's parser (PyYAML's stubs omit it)

#: Values that YAML aliases (*name) may add to a document in total: enough to reuse a list of
#: parties or a source block many times, far too few for a "billion laughs" bomb.
MAX_ALIAS_NODES = 5_000
#: Lists and mappings nested deeper than this are refused; fact files need about six levels.
MAX_DEPTH = 50
#: Whole numbers with more digits than this are refused (no fact-file field needs more).
MAX_DIGITS = 100

_MERGE_TAG = "tag:yaml.org,2002:merge"
# Tags SafeLoader knows but fact files have no use for: each would give a value no field accepts.
_REFUSED_TAGS = ("binary", "timestamp", "omap", "pairs", "set")


class LineDict(dict):
    """A mapping read from a file that knows its own line and the line of each key."""

    line: int | None = None
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        """Return the line of one key, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence read from a file that knows the line of each item."""

    item_lines: list[int]


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping repeats a key, which YAML would otherwise silently overwrite."""

    field: str | None = None


class UnsupportedYAMLError(yaml.MarkedYAMLError):
    """The document uses YAML that fact files refuse: alias bombs, deep nesting, odd tags or keys."""


def _fail(node_or_mark: Any, problem: str) -> UnsupportedYAMLError:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return UnsupportedYAMLError(None, None, problem, mark)


class _Limits(yaml.composer.Composer):
    """The composer step of both readers: keeps line numbers, bounds aliases and nesting."""

    check_event: Any  # from the parser it is mixed with
    peek_event: Any

    def _reset_limits(self) -> None:
        self._sizes: dict[int, int] = {}  # id(node) -> values the node stands for, aliases expanded
        self._aliased = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Count what every alias stands for while composing, before anything is constructed:
        # the node graph stays small however often an alias repeats, the expansion would not.
        is_key = isinstance(parent, yaml.MappingNode) and index is None
        if is_key and self.check_event(yaml.CollectionStartEvent):
            what = "a list" if self.check_event(yaml.SequenceStartEvent) else "a mapping"
            raise _fail(self.peek_event().start_mark, f"a field name must be plain text, not {what}")
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if is_key and target is not None and not isinstance(target, yaml.ScalarNode):
                what = "a list" if isinstance(target, yaml.SequenceNode) else "a mapping"
                raise _fail(event.start_mark, f"a field name must be plain text, not {what} (*{event.anchor})")
            if target is not None:
                size = self._sizes.get(id(target))
                if size is None:
                    raise _fail(event.start_mark, f"the alias *{event.anchor} refers to a list or mapping that "
                                                  "contains it; a fact file cannot hold an endless value")
                self._aliased += size
                if self._aliased > MAX_ALIAS_NODES:
                    raise _fail(event.start_mark, f"the aliases (*{event.anchor} and others) stand for more than "
                                                  f"{MAX_ALIAS_NODES} values in all; write the values out instead")
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _fail(self.peek_event().start_mark,
                        f"lists and mappings are nested more than {MAX_DEPTH} deep; a fact file needs a few levels")
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._sizes.get(id(child), 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value)
        else:
            size = 1
        self._sizes[id(node)] = size
        return node


class _LineLoader(CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """The fast reader: libyaml scans, parses and composes (pure Python, that was most of a build's time).

    _within_limits then checks the composed nodes before anything is constructed; a document it
    doubts is read again by _PyLineLoader, which finds the same limits and says where and why.
    """

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


class _PyLineLoader(_Limits, yaml.SafeLoader):
    """The pure-Python reader, run only on a document the fast one refused or doubted: it names the problem."""

    def __init__(self, stream: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._reset_limits()


# Dates stay text so the fact parser can give a precise error for 2025-02-30; only true/false
# are booleans, so the ISO code NO (Norway) is not read as False as YAML 1.1 would.
for _loader in (_LineLoader, _PyLineLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )


def _deep(loader: Any, node: Any) -> Any:
    return loader.construct_object(node, deep=True)


def _construct_mapping(loader: Any, node: Any, construct: Any = _deep) -> LineDict:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(node, f"the tag {node.tag} needs a mapping of key: value")
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            raise _fail(key_node, "merge keys (<<: *name) are not read in fact files; write each field out")
        if not isinstance(key_node, yaml.ScalarNode):
            what = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
            raise _fail(key_node, f"a field name must be plain text, not {what}")
        key = construct(loader, key_node)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            error = DuplicateKeyError(
                "while reading a mapping", node.start_mark, f"the key '{key}' appears twice; keep one", key_node.start_mark
            )
            error.field = key
            raise error
        result[key] = construct(loader, value_node)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: Any, node: Any, construct: Any = _deep) -> LineList:
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(node, f"the tag {node.tag} needs a list")
    result = LineList(construct(loader, child) for child in node.value)
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_SURROGATE = re.compile("[\ud800-\udfff]")


def _construct_str(loader: Any, node: Any) -> str:
    value = loader.construct_scalar(node)
    if _SURROGATE.search(value):
        # YAML's \u escapes give one UTF-16 half each; join pairs like JSON does, leave lone halves to the checks.
        with contextlib.suppress(UnicodeDecodeError):
            value = value.encode("utf-16", "surrogatepass").decode("utf-16")
    return value


def _checked_scalar(name: str) -> Any:
    """Wrap SafeLoader's int/float/bool constructor so a malformed explicit tag is a YAML error."""
    construct = yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{name}"]

    def checked(loader: Any, node: Any) -> Any:
        if name != "bool" and isinstance(node, yaml.ScalarNode) and sum(ch.isdigit() for ch in node.value) > MAX_DIGITS:
            raise _fail(node, f"a number with more than {MAX_DIGITS} digits; no field takes one (quote it if it is text)")
        try:
            value = construct(loader, node)
        except (ValueError, KeyError, IndexError) as exc:
            what = f"'{node.value}'" if isinstance(node, yaml.ScalarNode) else "this value"
            raise _fail(node, f"{what} is not a valid {name} ({exc.__class__.__name__})") from None
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_DIGITS * 10 // 3:
            raise _fail(node, f"a number with more than {MAX_DIGITS} digits; no field takes one (quote it if it is text)")
        return value

    return checked


def _refused(loader: Any, node: Any) -> Any:
    raise _fail(node, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not used in fact files; "
                      "write plain text, numbers, lists and mappings")


for _loader in (_LineLoader, _PyLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
    for _name in ("int", "float", "bool"):
        _loader.add_constructor(f"tag:yaml.org,2002:{_name}", _checked_scalar(_name))
    for _name in _REFUSED_TAGS:
        _loader.add_constructor(f"tag:yaml.org,2002:{_name}", _refused)


def _within_limits(root: Any) -> bool:
    """Whether composed nodes keep _Limits' rules: depth, alias expansion, no cycles, plain keys.

    Walked in document order, so each anchored node is met first where it is defined, at the depth
    the Python composer counts; what aliases add is the expanded size less the distinct nodes.
    """
    sizes: dict[int, int] = {}
    ancestors: set[int] = set()
    distinct = 0
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        if done:
            ancestors.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            continue
        if key in sizes:
            continue
        if key in ancestors or depth > MAX_DEPTH:
            return False
        distinct += 1
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        if isinstance(node, yaml.MappingNode) and not all(isinstance(k, yaml.ScalarNode) for k, _ in node.value):
            return False
        ancestors.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in reversed(children))
    return sizes[id(root)] - distinct <= MAX_ALIAS_NODES


def _tree_within_limits(node: Any, depth: int) -> bool:
    """_within_limits for a document without anchors, hence a tree: only depth and plain keys to check."""
    if depth > MAX_DEPTH:
        return False
    kind = type(node)
    if kind is yaml.MappingNode:
        for key, value in node.value:
            if type(key) is not yaml.ScalarNode or depth >= MAX_DEPTH:
                return False
            if type(value) is not yaml.ScalarNode and not _tree_within_limits(value, depth + 1):
                return False
    elif kind is yaml.SequenceNode:
        for child in node.value:
            if type(child) is not yaml.ScalarNode and not _tree_within_limits(child, depth + 1):
                return False
            if depth >= MAX_DEPTH:
                return False
    elif kind is not yaml.ScalarNode:
        return False
    return True


def _construct_tree(loader: Any, node: Any) -> Any:
    """construct_document's values for a tree (no anchors), without construct_object's bookkeeping per plain node."""
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode and tag == _STR_TAG:
        return _construct_str(loader, node)
    if kind is yaml.MappingNode and tag == _MAP_TAG:
        return _construct_mapping(loader, node, _construct_tree)
    if kind is yaml.SequenceNode and tag == _SEQ_TAG:
        return _construct_sequence(loader, node, _construct_tree)
    return loader.construct_object(node, deep=True)


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQ_TAG = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG


def load_with_lines(text: str) -> Any:
    """Parse YAML (or JSON, which YAML reads too) into LineDicts, refusing what fact files never need."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        # Anchors need '&' and aliases '*': without either the nodes form a tree, checked by a quicker walk.
        plain = "&" not in text and "*" not in text
        if plain:
            if _tree_within_limits(node, 1):
                return _construct_tree(loader, node)
        elif _within_limits(node):
            return loader.construct_document(node)
    except (UnsupportedYAMLError, DuplicateKeyError):
        raise  # found while constructing: the same error either reader gives
    except yaml.YAMLError:
        pass  # libyaml's words are terser (no "'\\t'" for a tab): the Python reader says it better
    finally:
        loader.dispose()
    return yaml.load(text, Loader=_PyLineLoader)  # noqa: S506 - SafeLoader's constructors
