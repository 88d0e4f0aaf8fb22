"""Lab pools: the options' errors in one line, the pool's labs and names, each test id's lab,
and the controller merging what the xdist workers sent."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from nornir_arpha.lab import load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.pytest_plugin import workers
from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.pytest_plugin.pool import (
    PoolError,
    PoolSpec,
    lab_of_nodeid,
    load_pool,
    pool_spec,
)
from nornir_arpha.pytest_plugin.run_state import RUN_KEY, ArphaRun, LabFacts
from tests.plugin.conftest import ROOT


def _config(base: Path, **options: Any) -> Any:
    values = {
        "arpha_lab": [],
        "arpha_lab_pool": None,
        "arpha_sim_labs": None,
        "arpha_artifacts": str(base / "artifacts"),
    }
    values.update(options)
    return SimpleNamespace(
        getoption=lambda name, default=None: values.get(name, default),
        invocation_params=SimpleNamespace(dir=base),
        rootpath=base,
        pluginmanager=SimpleNamespace(get_plugins=list, hasplugin=lambda name: False),
        stash={},
    )


def _lab_copy(folder: Path, name: str, source: str = "sim") -> Path:
    shutil.copytree(SHIPPED_LABS / source, folder)
    settings = yaml.safe_load((folder / "lab.yaml").read_text())
    settings["name"] = name
    (folder / "lab.yaml").write_text(yaml.safe_dump(settings))
    return folder


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"arpha_sim_labs": 0}, "--sim-labs 0: give the number of simulated labs, 1 or more"),
        ({"arpha_lab_pool": "nowhere"}, "--lab-pool nowhere: no such folder"),
        ({"arpha_lab_pool": "empty"}, "--lab-pool empty: no lab folder (with lab.yaml) in it"),
        (
            {"arpha_lab_pool": "empty", "arpha_sim_labs": 2},
            "--lab-pool and --sim-labs cannot be mixed",
        ),
        ({"arpha_lab_pool": "empty", "arpha_lab": ["sim"]}, "--lab-pool and --lab cannot be"),
        ({"arpha_sim_labs": 2, "arpha_lab": ["sim", "sim-ipv6"]}, "give --lab once"),
    ],
    ids=["sim-labs-0", "pool-missing", "pool-empty", "pool-and-sim-labs", "pool-and-lab", "two"],
)
def test_pool_options_that_make_no_pool_say_why(
    options: dict[str, Any], message: str, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(PoolError) as refused:
        pool_spec(_config(tmp_path, **options))
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_pool_folder_gives_each_of_its_labs(tmp_path: Path) -> None:
    _lab_copy(tmp_path / "pool" / "pair-b", "pair-b")
    _lab_copy(tmp_path / "pool" / "pair-a", "pair-a")
    (tmp_path / "pool" / "notes").mkdir()
    config = _config(tmp_path, arpha_lab_pool="pool")
    spec = pool_spec(config)
    assert [folder.name for folder in spec.folders] == ["pair-a", "pair-b"] and spec.pooled
    assert list(load_pool(spec, config)) == ["pair-a", "pair-b"]


def test_sim_labs_are_independent_copies_named_apart(tmp_path: Path) -> None:
    config = _config(tmp_path, arpha_sim_labs=3)
    labs = load_pool(pool_spec(config), config)
    assert list(labs) == ["sim-1", "sim-2", "sim-3"]
    assert {lab.folder for lab in labs.values()} == {SHIPPED_LABS / "sim"}


def test_sim_labs_need_a_lab_that_starts_its_own_simulator(tmp_path: Path) -> None:
    folder = _lab_copy(tmp_path / "fixed", "fixed")
    hosts = yaml.safe_load((folder / "hosts.yaml").read_text())
    for host in hosts.values():
        host["port"] = 40022
    (folder / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    settings = yaml.safe_load((folder / "lab.yaml").read_text())
    settings["traffic"]["otg"]["location"] = "http://127.0.0.1:40080"
    (folder / "lab.yaml").write_text(yaml.safe_dump(settings))
    config = _config(tmp_path, arpha_sim_labs=2, arpha_lab=[str(folder)])
    with pytest.raises(PoolError, match="--sim-labs needs a simulated lab that starts its own"):
        load_pool(pool_spec(config), config)


def test_two_labs_of_one_name_are_refused(tmp_path: Path) -> None:
    first, second = (_lab_copy(tmp_path / n / "lab", "twin") for n in ("a", "b"))
    config = _config(tmp_path, arpha_lab=[str(first), str(second)])
    with pytest.raises(PoolError, match="two labs of the pool are named twin"):
        load_pool(pool_spec(config), config)


@pytest.mark.parametrize(
    ("nodeid", "lab"),
    [
        ("t.py::test_sync[sim-1]", "sim-1"),
        ("t.py::test_member_link_failure[sim-10-PE1-one-member]", "sim-10"),
        ("t.py::test_member_link_failure[sim-1-PE1-one-member]", "sim-1"),
        ("t.py::test_sync", None),
        ("t.py::test_other[simple]", None),
    ],
    ids=["lab-only", "longest-name", "short-name", "not-parametrised", "other-parameter"],
)
def test_each_test_id_names_its_lab(nodeid: str, lab: str | None) -> None:
    assert lab_of_nodeid(nodeid, ["sim-1", "sim-10"]) == lab


def _worker_output(tmp_path: Path, lab: str, cases: list[str]) -> dict[str, Any]:
    run = ArphaRun(_config(tmp_path))  # type: ignore[arg-type]
    artifacts = run.open_artifacts()
    for case in cases:
        artifacts.records[case] = CaseRecord(case, lab, outcome="passed")
    run.facts[lab] = LabFacts(firmware={"PE1": "V8"}, traffic=f"the tester of {lab}")
    output = run.worker_output()
    assert run.debug_log is not None
    run.debug_log.detach()
    return output


@pytest.mark.parametrize("sent", [True, False], ids=["worker-sent-its-cases", "worker-crashed"])
def test_the_controller_merges_what_each_worker_sent(sent: bool, tmp_path: Path) -> None:
    controller = ArphaRun(_config(tmp_path))  # type: ignore[arg-type]
    lab = load_lab(SHIPPED_LABS / "sim")
    controller._pool = {name: lab.with_name(name) for name in ("sim-1", "sim-2")}
    config = SimpleNamespace(stash={RUN_KEY: controller})
    controller.collection_order = ["t::a[sim-1]", "t::b[sim-1]", "t::a[sim-2]"]
    outputs = [
        _worker_output(tmp_path, "sim-2", ["t::a[sim-2]"]),
        _worker_output(tmp_path, "sim-1", ["t::b[sim-1]", "t::a[sim-1]"]),
    ]
    for output in outputs:
        node = SimpleNamespace(config=config, workeroutput={"arpha": output} if sent else {})
        workers.pytest_testnodedown(node, None)
    if not sent:
        assert controller.records() == [] and controller.facts == {}
        return
    assert [r.nodeid for r in controller.records()] == controller.collection_order
    assert list(controller.facts) == ["sim-1", "sim-2"]
    assert controller.firmware() == {"sim-1/PE1": "V8", "sim-2/PE1": "V8"}
    assert controller.debug_log is not None
    controller.debug_log.detach()


def test_a_bad_pool_option_is_one_line_without_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--sim-labs", "0",
         "--collect-only", "nornir_arpha/testcases"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout + done.stderr
    assert done.stderr.strip() == (
        "ERROR: --sim-labs 0: give the number of simulated labs, 1 or more"
    ), done.stderr


def test_pool_spec_labels_the_pool_by_its_folder(tmp_path: Path) -> None:
    assert PoolSpec((tmp_path / "a",), pool_dir=tmp_path / "labs").label == "labs"


@pytest.mark.parametrize("by_lab", [True, False], ids=["lab-scheduling", "xdist-loadscope"])
def test_the_controller_sends_each_labs_cases_to_one_worker(by_lab: bool, tmp_path: Path) -> None:
    from xdist.scheduler import LoadScopeScheduling

    run = ArphaRun(_config(tmp_path))  # type: ignore[arg-type]
    lab = load_lab(SHIPPED_LABS / "sim")
    run._pool = {name: lab.with_name(name) for name in ("sim-1", "sim-2")}
    config = SimpleNamespace(stash={RUN_KEY: run}, getvalue=lambda name: ["4*popen"])
    scheduler = (
        workers.pytest_xdist_make_scheduler(config, None)  # type: ignore[arg-type]
        if by_lab
        else LoadScopeScheduling(config, None)  # type: ignore[arg-type]
    )
    ids = [
        "t/test_01.py::test_sync[sim-1]",
        "t/test_02.py::test_failover[sim-1-PE1-one-member]",
        "t/test_02.py::test_failover[sim-2-PE1-one-member]",
        "t/test_unit.py::test_parser",
    ]
    scopes = [scheduler._split_scope(nodeid) for nodeid in ids]
    # One lab, one scope (one worker), whatever the test file; other tests on their own.
    assert (scopes == ["sim-1", "sim-1", "sim-2", ids[3]]) == by_lab
