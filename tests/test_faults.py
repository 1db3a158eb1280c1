"""Faults: a crash or a kill mid-build, two builds at once, queries while a build swaps, damaged stores."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.errors import KgError, StoreError
from kg.query import run_query
from kg.store import open_store

from .conftest import REPO, write

build_module = sys.modules["kg.build"]  # the module: the package attribute kg.build is the build function

MEMBERS = ("MLI", "BFA", "NER")
MEMBERS_QUERY = "SELECT ?m WHERE { ?x a dcoop:Membership ; dcoop:member ?m }"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def data(root: Path, version: int) -> Path:
    """A data folder whose version is the number of AES members it lists (1 to 3)."""
    shutil.rmtree(root, ignore_errors=True)
    facts = "".join(f"  - {{type: membership, member: {m}, organisation: AES}}\n" for m in MEMBERS[:version])
    write(root / "facts" / "aes.yaml", "source: {id: s1, publisher: P}\nfacts:\n" + facts)
    return root


def store_version(store: Path) -> int:
    """How many AES members the store behind a path holds, read as a user's query reads it."""
    return len(run_query(store, MEMBERS_QUERY).rows)


def file_version(path: Path) -> int:
    return len(set(re.findall(r"membership\\?/(\w+)-AES", path.read_text(encoding="utf-8"))))


def view(out: Path) -> tuple[int, int, int]:
    """What a reader of out/ sees: the version of the store, the TriG and the Turtle file."""
    return store_version(out / "store"), file_version(out / "graph.trig"), file_version(out / "graph.ttl")


def leftovers(out: Path) -> list[str]:
    """What a finished build should have cleared: work folders, the old layout's *.old, builds but the last two."""
    current = int(os.readlink(out / "current").split("/")[1])
    builds = [p.name for p in (out / ".builds").iterdir()]
    numbered = [int(n) for n in builds if n.isdigit()]
    keep = {current, max((n for n in numbered if n < current), default=current)}
    return sorted([p.name for p in out.iterdir() if p.name.startswith(".kg-build-") or p.name.endswith(".old")]
                  + [f".builds/{n}" for n in builds if not n.isdigit() or int(n) not in keep])


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs as planned."""


def fail_at(monkeypatch: pytest.MonkeyPatch, step: int | None, error: type[BaseException] = Crash) -> list[str]:
    """Count each rename-like step of a build (rename, replace, exchange); raise error at the given one."""
    steps: list[str] = []

    def wrap(name: str, real):
        def step_(*args, **kwargs):
            steps.append(name)
            if len(steps) == step:
                raise error(28, "No space left on device") if issubclass(error, OSError) else error(name)
            return real(*args, **kwargs)
        return step_

    monkeypatch.setattr(os, "rename", wrap("rename", os.rename))
    monkeypatch.setattr(os, "replace", wrap("replace", os.replace))
    if hasattr(build_module, "exchange"):
        monkeypatch.setattr(build_module, "exchange", wrap("exchange", build_module.exchange))
    return steps


def old_layout(out: Path, version: int, tmp_path: Path) -> None:
    """An output folder as kg wrote it before builds were versioned: a real store/ and real files."""
    scratch = tmp_path / "scratch"
    build(data(tmp_path / "old-data", version), scratch, validate=False)
    out.mkdir()
    shutil.copytree(os.path.realpath(scratch / "store"), out / "store")
    for name in ("graph.trig", "graph.ttl"):
        shutil.copyfile(scratch / name, out / name)
    (out / ".kg-build-killed").mkdir()  # a work folder the old code left when killed
    shutil.rmtree(scratch)


def test_a_build_is_one_folder_published_by_one_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build(data(tmp_path / "d", 1), out, validate=False)
    assert os.readlink(out / "current") == ".builds/1" and report.build_dir == out / ".builds" / "1"
    for name in ("store", "graph.trig", "graph.ttl"):
        assert os.readlink(out / name) == f"current/{name}"
    assert Path(os.path.realpath(out / "store")) == (out / ".builds" / "1" / "store").resolve()
    assert view(out) == (1, 1, 1)


@pytest.mark.parametrize("layout", ["versioned", "old"])
def test_a_crash_at_any_step_leaves_one_build_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str) -> None:
    def fresh_out(name: str) -> Path:
        out = tmp_path / name
        if layout == "old":
            old_layout(out, 1, tmp_path)
        else:
            build(data(tmp_path / "d1", 1), out, validate=False)
        return out

    new = data(tmp_path / "d2", 2)
    counted = fresh_out("count")
    with monkeypatch.context() as patch:
        steps = fail_at(patch, None)
        build(new, counted, validate=False)
    assert steps, "the build moved nothing into place"
    for step in range(1, len(steps) + 1):
        out = fresh_out(f"out{step}")
        (out / "graph.trig.old").write_text("left by the old kg's swap")
        with monkeypatch.context() as patch:
            fail_at(patch, step)
            with pytest.raises(Crash):
                build(new, out, validate=False)
        seen = view(out)
        assert seen in {(1, 1, 1), (2, 2, 2)}, (steps[:step], seen)
        build(data(tmp_path / "d3", 3), out, validate=False)  # the next build finishes the job
        assert view(out) == (3, 3, 3) and leftovers(out) == [], steps[:step]


@pytest.mark.parametrize("layout", ["versioned", "old"])
def test_a_failed_step_keeps_the_previous_build_and_leaves_no_debris(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str) -> None:
    def fresh_out(name: str) -> Path:
        out = tmp_path / name
        if layout == "old":
            old_layout(out, 1, tmp_path)
            shutil.rmtree(out / ".kg-build-killed")
        else:
            build(data(tmp_path / "d1", 1), out, validate=False)
        return out

    new = data(tmp_path / "d2", 2)
    counted = fresh_out("count")
    with monkeypatch.context() as patch:
        steps = fail_at(patch, None)
        build(new, counted, validate=False)
    for step in range(1, len(steps) + 1):
        out = fresh_out(f"out{step}")
        with monkeypatch.context() as patch:
            fail_at(patch, step, OSError)
            result = run("build", "--data", new, "--out", out, "--no-validate")
        assert result.exit_code == 1 and "Traceback" not in result.output, steps[:step]
        assert result.output.startswith(f"Error: could not write the output in '{out}': No space left on device (")
        assert view(out) in {(1, 1, 1), (2, 2, 2)}, steps[:step]
        assert not [p for p in out.rglob("*") if p.name.startswith(".kg-build-") or ".link" in p.name], steps[:step]


def test_a_killed_build_leaves_the_old_build_and_the_next_removes_its_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(data(tmp_path / "d1", 1), out, validate=False)
    (out / ".kg-build-from-old-kg").mkdir()
    script = textwrap.dedent("""
        import os, sys
        from pathlib import Path
        import importlib
        build_module = importlib.import_module("kg.build")  # the module; kg.build is the function
        def killed(store, path):  # the store and TriG are written; die before the Turtle file
            os._exit(9)
        build_module.dump_turtle = killed
        build_module.build(Path(sys.argv[1]), Path(sys.argv[2]), validate=False)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script, str(data(tmp_path / "d2", 2)), str(out)], check=False,
                          env=env, timeout=120)
    assert done.returncode == 9
    assert [p.name for p in (out / ".builds").iterdir() if p.name.startswith(".kg-build-")]  # the killed build's
    assert view(out) == (1, 1, 1)
    build(data(tmp_path / "d3", 3), out, validate=False)
    assert view(out) == (3, 3, 3) and leftovers(out) == []
    assert sorted(p.name for p in (out / ".builds").iterdir()) == ["1", "2"]


def test_an_old_layout_output_folder_becomes_the_previous_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old_layout(out, 1, tmp_path)
    before = (out / "graph.trig").read_bytes()
    build(data(tmp_path / "d2", 2), out, validate=False)
    assert view(out) == (2, 2, 2) and leftovers(out) == []
    assert all((out / name).is_symlink() for name in ("store", "graph.trig", "graph.ttl"))
    assert (out / ".builds" / "1" / "graph.trig").read_bytes() == before  # kept whole for a reader that had it
    assert store_version(out / ".builds" / "1" / "store") == 1


def test_an_old_layout_is_taken_over_where_folders_cannot_be_swapped_in_one_step(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    old_layout(out, 1, tmp_path)
    monkeypatch.setattr(build_module, "exchange", lambda a, b: False)  # no renameat2: move, then link
    build(data(tmp_path / "d2", 2), out, validate=False)
    assert view(out) == (2, 2, 2) and leftovers(out) == []
    assert store_version(out / ".builds" / "1" / "store") == 1


def test_a_reader_whose_build_was_removed_opens_the_current_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    for version in (1, 2, 3):  # build 1 is gone: a reader that resolved the link long ago is left with it
        build(data(tmp_path / f"d{version}", version), out, validate=False)
    real = os.path.realpath
    stale = [str(out / ".builds" / "1" / "store")]
    monkeypatch.setattr("kg.store_access.os.path.realpath",
                        lambda path, **kw: stale.pop() if stale and Path(path) == out / "store" else real(path, **kw))
    assert store_version(out / "store") == 3 and not stale


def test_a_second_build_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(data(tmp_path / "d1", 1), out, validate=False)
    with (out / ".kg-lock").open("a") as held:  # what a running build holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("build", "--data", data(tmp_path / "d2", 2), "--out", out, "--no-validate")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: another 'kg build' is writing to '{out}'")
    assert view(out) == (1, 1, 1)
    assert run("build", "--data", data(tmp_path / "d2", 2), "--out", out, "--no-validate").exit_code == 0


def test_queries_while_builds_swap_outputs_all_answer(tmp_path: Path) -> None:
    out = tmp_path / "out"
    versions = [data(tmp_path / f"d{v}", v) for v in (1, 2, 3)]
    build(versions[0], out, validate=False)
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from kg.build import build
        out, *folders = sys.argv[1:]
        for i in range(10):
            build(Path(folders[i % len(folders)]), Path(out), validate=False)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    builder = subprocess.Popen([sys.executable, "-c", script, str(out), *map(str, versions[1:])], env=env)
    answers, failures, builds_seen = 0, [], set()
    deadline = time.monotonic() + 90  # a guard against a hung builder, not a timing target
    try:
        while builder.poll() is None and answers + len(failures) < 300 and time.monotonic() < deadline:
            builds_seen.add(os.path.realpath(out / "store"))
            try:
                assert store_version(out / "store") in (1, 2, 3)
                answers += 1
            except (KgError, OSError, RuntimeError, ValueError, AssertionError) as exc:  # each is a finding
                failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        if builder.poll() is None and time.monotonic() >= deadline:
            builder.kill()
        builder.wait(timeout=60)
    assert builder.returncode == 0
    assert failures == [], f"{len(failures)} of {answers + len(failures)} queries failed: {failures[:3]}"
    assert answers >= 20 and len(builds_seen) >= 2  # the queries did overlap the swaps


DAMAGE = {
    "not a store": lambda store: [_empty(store), (store / "notes.txt").write_text("mine")],
    "garbage files": lambda store: [p.write_bytes(b"garbage\n" * 10) for p in store.iterdir() if p.is_file()],
    "truncated tables": lambda store: [p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]) for p in store.glob("*.sst")],
    "missing CURRENT": lambda store: (store / "CURRENT").unlink(),
    "empty CURRENT": lambda store: (store / "CURRENT").write_text(""),
    "truncated MANIFEST": lambda store: [p.write_bytes(p.read_bytes()[:100]) for p in store.glob("MANIFEST-*")],
    "a file": lambda store: [shutil.rmtree(store), store.write_text("not a folder")],
}


def _empty(folder: Path) -> None:
    for p in folder.iterdir():
        p.unlink()


def damaged(tmp_path: Path, kind: str) -> Path:
    build(data(tmp_path / "d", 1), tmp_path / "out", validate=False)
    store = tmp_path / "copy"
    shutil.copytree(os.path.realpath(tmp_path / "out" / "store"), store)
    DAMAGE[kind](store)
    return store


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_store_is_a_clear_error(tmp_path: Path, kind: str) -> None:
    store = damaged(tmp_path, kind)
    checked = run("validate", "--store", store)
    assert checked.exit_code == 2 and "Traceback" not in checked.output, checked.output
    queried = run("query", MEMBERS_QUERY, "--store", store)
    assert queried.exit_code == 1 and "Traceback" not in queried.output, queried.output
    for result in (checked, queried):
        assert result.output.startswith(f"Error: '{store}' is ") or result.output.startswith(
            f"Error: the graph store at '{store}' is damaged"), result.output
        assert "'kg build'" in result.output


def test_damage_found_only_when_reading_is_a_clear_validate_error(tmp_path: Path) -> None:
    store = damaged(tmp_path, "garbage files")
    shutil.rmtree(store)
    shutil.copytree(os.path.realpath(tmp_path / "out" / "store"), store)
    for table in store.glob("*.sst"):  # scramble data blocks, keep every file's footer: open succeeds
        raw = bytearray(table.read_bytes())
        if len(raw) > 20_000:
            raw[100:2000] = bytes(b ^ 0x5A for b in raw[100:2000])
            table.write_bytes(bytes(raw))
    result = run("validate", "--store", store)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: the graph store at '{store}' is damaged")


def test_a_panic_inside_pyoxigraph_is_a_store_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(data(tmp_path / "d", 1), tmp_path / "out", validate=False)
    panic = type("PanicException", (BaseException,), {"__module__": "pyo3_runtime"})  # as pyo3 defines it

    def raising(error: BaseException):
        def read_only(path: str) -> None:
            raise error
        return read_only

    monkeypatch.setattr("kg.store_access.ox.Store.read_only", raising(panic("called `Option::unwrap()` on a `None` value")))
    with pytest.raises(StoreError, match="is damaged"):
        open_store(tmp_path / "out" / "store")
    monkeypatch.setattr("kg.store_access.ox.Store.read_only", raising(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):  # the panic is caught, not every BaseException
        open_store(tmp_path / "out" / "store")
