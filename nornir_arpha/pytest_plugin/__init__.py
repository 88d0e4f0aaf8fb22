"""The `nornir_arpha` pytest plugin: lab fixtures, guaranteed link restore, lab-CI reports.

Registered by the entry point `pytest11: nornir_arpha` (and by the repository's root
conftest.py). Options, fixtures and markers are listed by `pytest --help` / `--fixtures`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from typing import Any, NoReturn, TypeVar

import pytest
from nornir.core import Nornir

from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.session import LabUnreachable, open_sessions
from nornir_arpha.journal import open_journal
from nornir_arpha.lab import Lab, LabError
from nornir_arpha.provision import defect_error, open_lab, personality_error, starts_simulator
from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.pytest_plugin.pool import ORDER_KEY, PoolError, add_pool_options
from nornir_arpha.pytest_plugin.report import (
    add_junit_properties,
    write_summary,
    write_terminal_summary,
)
from nornir_arpha.pytest_plugin.run_state import (
    LAB_FIXTURE,
    RUN_KEY,
    ArphaRun,
    LabState,
    apply_overrides,
    is_distributed,
    is_worker,
)
from nornir_arpha.pytest_plugin.snapshots import StateSnapshots
from nornir_arpha.reservations import LabLocked, open_reservations, reservation_location
from nornir_arpha.suite import PeProbe, shield
from nornir_arpha.suite.config_baseline import config_drift, read_configs
from nornir_arpha.suite.faults import ChannelFault, HealingFault, LinkFault, PathFault
from nornir_arpha.suite.gate import LabGate, LabNotClean
from nornir_arpha.suite.long_outage import hold_failover
from nornir_arpha.suite.path_loss import PathOutage, make_path_outage
from nornir_arpha.suite.step import Failover, make_failover
from nornir_arpha.suite.waits import take_recorded
from nornir_arpha.tasks import VerifyReport
from nornir_arpha.tasks.journaled import nornir_journal
from nornir_arpha.tasks.pair import PairOutcome, configure_pair, teardown_pair, verify_pair
from nornir_arpha.tasks.polling import Deadline
from nornir_arpha.traffic import TrafficSource, TrafficSourceError, open_traffic

logger = logging.getLogger(__name__)

pytest_plugins = [
    "nornir_arpha.pytest_plugin.history_hooks",  # history, HTML report, CI links
    "nornir_arpha.pytest_plugin.pool",  # the collection order, before any reordering
    "nornir_arpha.pytest_plugin.workers",  # pytest-xdist: one worker per lab, merged results
]

LAB_FIXTURES = {
    "nornir",
    "hot_backup",
    "link_fault",
    "backup_channel_fault",
    "state",
    "probe",
    "failover",
    "lab_gate",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("nornir_arpha", "ARP hot-backup lab tests")
    add_pool_options(group)
    group.addoption(
        "--artifacts",
        dest="arpha_artifacts",
        default=None,
        help="artifacts folder (default: artifacts/run-<timestamp>)",
    )
    group.addoption(
        "--keep-config",
        dest="arpha_keep_config",
        action="store_true",
        help="leave the hot backup configured at the end",
    )
    group.addoption(
        "--take-over",
        dest="arpha_take_over",
        action="store_true",
        help="let hot_backup change hot-backup objects the PEs hold with other settings than "
        "the lab's (refused otherwise)",
    )
    group.addoption(
        "--convergence-budget",
        dest="arpha_convergence",
        type=float,
        default=None,
        help="override the lab's convergence budget (lab seconds)",
    )
    group.addoption(
        "--arp-sync-budget",
        dest="arpha_arp_sync",
        type=float,
        default=None,
        help="override the lab's ARP sync budget (lab seconds)",
    )
    group.addoption(
        "--poll-interval",
        dest="arpha_poll_interval",
        type=float,
        default=None,
        help="override the lab's poll interval (lab seconds)",
    )
    group.addoption(
        "--lock-wait",
        dest="arpha_lock_wait",
        type=float,
        default=0.0,
        help="seconds to wait for another run that holds the lab (default: fail at once); "
        "labs are reserved with a lock file, or in the PostgreSQL database of --history / "
        "$ARPHA_HISTORY",
    )
    group.addoption(
        "--repair",
        dest="arpha_repair",
        action="store_true",
        help="let the lab gate undo a shut Eth-Trunk port or RBS left by an earlier run "
        "(always on for a lab declared simulated)",
    )
    group.addoption(
        "--sim-defect",
        dest="arpha_sim_defects",
        action="append",
        default=[],
        metavar="NAME",
        help="inject this firmware defect into the simulated lab (repeatable; added to the "
        "lab's simulation.defects; names in docs/defects.md)",
    )
    group.addoption(
        "--sim-personality",
        dest="arpha_sim_personality",
        default=None,
        metavar="NAME",
        help="the simulated firmware's personality (overrides the lab's "
        "simulation.personality; arpha sim --list-personalities)",
    )


MARKERS = {
    "destructive": "shuts links on the lab's PEs (always restored)",
    "stress": "repeated runs, not in the default run",
    "scale": "large tables, not in the default run",
    "long": "holds a fault past the ARP aging and refresh timers, not in the default run",
}


def pytest_configure(config: pytest.Config) -> None:
    for name, meaning in MARKERS.items():  # also where no pyproject declares them
        config.addinivalue_line("markers", f"{name}: {meaning}")
    problem = defect_error(config.getoption("arpha_sim_defects"))
    if problem is not None:
        raise pytest.UsageError(f"--sim-defect: {problem}")
    chosen = config.getoption("arpha_sim_personality")
    problem = None if chosen is None else personality_error(chosen)
    if problem is not None:
        raise pytest.UsageError(f"--sim-personality: {problem}")
    run = ArphaRun(config)
    config.stash[RUN_KEY] = run
    try:
        run.spec  # noqa: B018 -- the pool options, checked before anything runs
        if is_distributed(config) and not is_worker(config):
            # The controller sends each lab's cases to one worker by name; what would stop a
            # worker is said here, once.
            real = [lab.name for lab in run.pool().values() if not lab.simulated]
            if config.getoption("arpha_sim_defects") and real:
                raise PoolError(f"--sim-defect needs simulated labs; real: {', '.join(real)}")
    except (PoolError, LabError) as exc:
        raise pytest.UsageError(str(exc)) from None
    shield.install(_announcer(config))


def _announcer(config: pytest.Config) -> Callable[[str], None]:
    """Writes a line to the real stderr, past pytest's output capture."""
    capture = config.pluginmanager.getplugin("capturemanager")

    def announce(line: str) -> None:
        with capture.global_and_fixture_disabled() if capture else nullcontext():
            sys.stderr.write(f"{line}\n")
            sys.stderr.flush()

    return announce


def _run(config: pytest.Config) -> ArphaRun:
    return config.stash[RUN_KEY]


@pytest.hookimpl(tryfirst=True)  # the lab's name comes first in the test id
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`faulted_pe` runs a test once per PE of the lab's pair, with the PE's name as id. In a
    pool (and under xdist), a lab test runs once per lab, the lab's name first in its id."""
    run = _run(metafunc.config)
    per_lab = run.parametrised and _uses_plugin_lab(metafunc)
    per_pe = "faulted_pe" in metafunc.fixturenames
    if not (per_lab or per_pe):
        return
    pool: dict[str, Lab] = {}
    try:
        pool = run.pool()
    except LabError as exc:
        run.lab_error = f"lab {run.lab_path} is invalid:\n{exc}"
    except PoolError as exc:
        run.lab_error = str(exc)
    if not per_lab:
        pair = next(iter(pool.values())).pair if pool else ()
        metafunc.parametrize("faulted_pe", pair, ids=list(pair))
        return
    # Session scope: each lab's fixtures are set up once, for all of its cases.
    if per_pe:
        sets = [(name, pe) for name, lab in pool.items() for pe in lab.pair]
        metafunc.parametrize(
            (LAB_FIXTURE, "faulted_pe"),
            sets,
            indirect=[LAB_FIXTURE],
            ids=[f"{name}-{pe}" for name, pe in sets],
            scope="session",
        )
    else:
        names = list(pool)
        metafunc.parametrize(LAB_FIXTURE, names, indirect=True, ids=names, scope="session")


def _uses_plugin_lab(metafunc: pytest.Metafunc) -> bool:
    """Whether the test uses this plugin's `lab` fixture (a test folder may have its own)."""
    definitions = metafunc._arg2fixturedefs.get(LAB_FIXTURE) or ()
    return bool(definitions) and definitions[-1].func.__module__ == __name__


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In a pool, each lab's cases run together, in their collection order (pytest's own
    reordering by parameters is undone), so each lab is set up once."""
    if not items:
        return
    run = _run(items[0].config)
    if not run.parametrised:
        return
    order = {name: index for index, name in enumerate(run.pool())}

    def place(item: pytest.Item) -> tuple[int, int]:
        name = run.lab_name_of(item)
        return (order.get(name, -1) if name is not None else -1, item.stash.get(ORDER_KEY, 0))

    items.sort(key=place)


def pytest_collection_finish(session: pytest.Session) -> None:
    """An invalid lab found while collecting is a usage error (not a collection traceback)."""
    error = _run(session.config).lab_error
    if error is not None:
        raise pytest.UsageError(error)


# -- session fixtures -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def lab(request: pytest.FixtureRequest) -> Lab:
    """The lab under test (`--lab`; in a pool, the lab this case runs on), validated, with
    command-line overrides applied."""
    run = _run(request.config)
    try:
        pool = run.pool()
        chosen = pool[request.param] if hasattr(request, "param") else next(iter(pool.values()))
    except LabError as exc:
        pytest.exit(f"lab {run.lab_path} is invalid:\n{exc}", returncode=4)
    except PoolError as exc:
        pytest.exit(str(exc), returncode=4)
    loaded = apply_overrides(chosen, request.config)
    if request.config.getoption("arpha_sim_defects") and not loaded.simulated:
        pytest.exit(f"--sim-defect needs a simulated lab; {loaded.folder} is real", returncode=4)
    run.start(loaded)
    return loaded


def _state(config: pytest.Config, lab: Lab) -> LabState:
    return _run(config).labs[lab.name]


@pytest.fixture(scope="session")
def live_lab(lab: Lab, pytestconfig: pytest.Config) -> Iterator[Lab]:
    """The lab with answering endpoints: a fresh in-process simulator for a simulated lab,
    the lab as written for a real one, reserved for this run (a lock file, or the PostgreSQL
    history's advisory lock). A lab another run holds past --lock-wait blocks its cases with
    one error naming the holder."""
    if starts_simulator(lab):
        with open_lab(lab) as live:
            yield live
        return
    wait = pytestconfig.getoption("arpha_lock_wait")
    where = reservation_location(pytestconfig.getoption("arpha_history"))
    with ExitStack() as held:
        try:
            held.enter_context(open_reservations(where).reserve(lab, wait))
        except LabLocked as exc:
            _block(_state(pytestconfig, lab), str(exc))
        yield held.enter_context(open_lab(lab))


@pytest.fixture(scope="session")
def nornir(lab: Lab, live_lab: Lab, pytestconfig: pytest.Config) -> Iterator[Nornir]:
    """Nornir over the PE pair; one SSH session per PE for the whole run. Every change it
    makes is recorded first in the lab's journal (`arpha restore` undoes what a killed run
    left)."""
    run = _run(pytestconfig)
    state = _state(pytestconfig, lab)
    sinks = state.transcripts.sinks
    journal = open_journal(lab)
    earlier = journal.outstanding()
    if earlier:
        logger.warning(
            "%d change(s) of an earlier run are still outstanding on lab %s (%s); "
            "`arpha restore --lab %s` undoes them",
            len(earlier),
            lab.name,
            journal.path,
            lab.folder,
        )
    nr = open_nornir(live_lab, channel_logs=sinks, journal=journal)
    try:
        try:
            open_sessions(nr, live_lab.pair)
        except LabUnreachable as exc:
            _fail_unreachable(run, state, exc)
        for host in live_lab.pair:
            state.facts.firmware[host] = PeProbe(nr, host).version().product_version
        yield nr
    finally:
        nr.close_connections()
        journal.compact()


@pytest.fixture(scope="session")
def lab_gate(nornir: Nornir, live_lab: Lab, pytestconfig: pytest.Config) -> LabGate:
    """The clean-lab gate (`nornir_arpha.suite.gate`). It repairs what the framework's own
    restores can undo on a lab declared simulated (its PEs belong to the run) or with
    --repair; on any other lab the run stops at the first damage, naming it."""
    repair = bool(pytestconfig.getoption("arpha_repair")) or live_lab.simulated
    gate = LabGate(nornir, live_lab, repair=repair)
    _state(pytestconfig, live_lab).facts.repairs = gate.repairs
    return gate


@contextmanager
def _gated(state: LabState, check: AbstractContextManager[None]) -> Iterator[None]:
    """`check`, with a lab that is not clean blocking the lab's cases as one error."""
    try:
        with check:
            yield
    except LabNotClean as exc:
        _block(state, str(exc))


@pytest.fixture(scope="session")
def hot_backup(
    nornir: Nornir, live_lab: Lab, lab_gate: LabGate, pytestconfig: pytest.Config
) -> Iterator[PairOutcome]:
    """Configured on both PEs and verified (within the ARP sync budget) once per run, on a
    pair the lab gate passed; torn down at the end unless --keep-config. Refused, with
    nothing sent, where the PEs hold hot-backup objects with other settings than the lab's,
    unless --take-over. A failed teardown is an error of the run, naming what each PE still
    holds."""
    with _gated(_state(pytestconfig, live_lab), nullcontext()):
        lab_gate.check(configured=False)
    baseline = read_configs(live_lab, lambda pe: PeProbe(nornir, pe))
    take_over = pytestconfig.getoption("arpha_take_over")
    configured = configure_pair(nornir, live_lab, take_over=take_over)
    teardown_error: str | None = None
    try:
        if not configured.ok:
            pytest.fail(_pair_failure("configure", configured), pytrace=False)
        deadline = Deadline.from_lab(live_lab, live_lab.settings.budgets.arp_sync_s)
        verified = verify_pair(nornir, live_lab, deadline)
        if not verified.ok:
            pytest.fail(_pair_failure("verify", verified), pytrace=False)
        yield verified
    finally:
        if not pytestconfig.getoption("arpha_keep_config"):
            with shield.shielded(
                f"the hot backup may still be configured on {', '.join(live_lab.pair)}"
            ):
                torn = teardown_pair(nornir, live_lab)
            if torn.ok:
                after = read_configs(live_lab, lambda pe: PeProbe(nornir, pe))
                drift = "\n".join(config_drift(baseline, after))
                if drift and take_over:  # objects taken over were replaced, then removed
                    logger.warning("--take-over: the PEs are left off their baseline:\n%s", drift)
                elif drift:
                    teardown_error = f"teardown left the PEs off their baseline:\n{drift}"
                    logger.error("%s", teardown_error)
            else:
                teardown_error = _pair_failure("teardown", torn)
                journal = nornir_journal(nornir)
                if journal is not None and journal.path is not None:
                    teardown_error += (
                        f"\n`arpha restore --lab {live_lab.folder}` undoes what the lab's "
                        f"journal ({journal.path}) still lists"
                    )
                logger.error("%s", teardown_error)
    # Reached only when nothing failed before: an earlier error is the one reported.
    if teardown_error is not None:
        pytest.fail(teardown_error, pytrace=False)


@pytest.fixture(scope="session")
def traffic(
    live_lab: Lab, hot_backup: PairOutcome, pytestconfig: pytest.Config
) -> Iterator[TrafficSource]:
    """The lab's traffic source (`traffic.source` in lab.yaml): a traffic generator over OTG,
    started once the hot backup is up and every flow delivers; or the PEs' counters. A
    tester that cannot start blocks the run with one error."""
    state = _state(pytestconfig, live_lab)
    try:
        with open_traffic(live_lab) as source:
            took = source.start()
            state.facts.traffic = source.describe()
            logger.info("traffic from %s, delivering after %.2f s", state.facts.traffic, took)
            yield source
    except TrafficSourceError as exc:
        _block(state, f"lab {live_lab.name}: the traffic generator did not start: {exc}")


def _fail_unreachable(run: ArphaRun, state: LabState, exc: LabUnreachable) -> NoReturn:
    """Fail this setup with one line per unreachable PE; later lab tests are then skipped."""
    log = run.debug_log
    details = f" (full errors: {log.path})" if log is not None and log.written else ""
    lines = [f"lab {state.lab.name} unreachable{details}:", *(str(pe) for pe in exc.devices)]
    _block(state, "\n".join(lines))


def _block(state: LabState, why: str) -> NoReturn:
    """Fail this setup with `why`; the lab's later tests are skipped, pointing here."""
    state.blocked = why
    raise pytest.fail.Exception(why, pytrace=False) from None


def _pair_failure(action: str, outcome: PairOutcome) -> str:
    lines = [f"{action} failed on the PE pair:"]
    for host in outcome.hosts:
        lines.append(f"  {host.host}: {host.status}: {host.message}")
        lines.extend(f"    {note}" for note in host.notes)
        if isinstance(host.report, VerifyReport):
            failed = [check for check in host.report.checks if not check.passed]
            lines.extend(f"    {line}" for check in failed for line in check.report().splitlines())
    return "\n".join(lines)


# -- per-test fixtures ----------------------------------------------------------------------


@pytest.fixture
def probe(nornir: Nornir, live_lab: Lab) -> Callable[[str], PeProbe]:
    """`probe("PE2")`: run display commands on one PE of the pair."""

    def make(host: str) -> PeProbe:
        live_lab.pe(host)  # refuses hosts outside the lab's pair
        return PeProbe(nornir, host)

    return make


@pytest.fixture
def arpha_record(request: pytest.FixtureRequest) -> CaseRecord:
    """This test's line in the summary table and summary.json."""
    run = _run(request.config)
    assert run.artifacts is not None, "the lab fixture starts the run's artifacts"
    return run.artifacts.record(request.node.nodeid, run.lab_name_of(request.node) or "")


@pytest.fixture
def state(nornir: Nornir, live_lab: Lab, request: pytest.FixtureRequest) -> StateSnapshots:
    """`state.take("before")`: collect and store both PEs' state as test artifacts."""
    run = _run(request.config)
    assert run.artifacts is not None
    return StateSnapshots(nornir, live_lab, run.artifacts, request.node.nodeid)


HealingFaultT = TypeVar("HealingFaultT", bound=HealingFault)


@contextmanager
def _healing(state: LabState, gate: LabGate, fault: HealingFaultT) -> Iterator[HealingFaultT]:
    """Apply `fault` once the lab gate has passed; it always heals on the way out."""
    with _gated(state, gate.before_fault()), fault as applied:
        yield applied


@pytest.fixture
def link_fault(
    nornir: Nornir, live_lab: Lab, lab_gate: LabGate, pytestconfig: pytest.Config
) -> Callable[[str, str], AbstractContextManager[LinkFault]]:
    """`with link_fault("PE1", "GigabitEthernet0/1/0"):` shuts a member port (or the whole
    Eth-Trunk) and always restores it, confirmed by display: on failure, Ctrl-C or SIGTERM.
    The lab gate checks the pair first (before the outermost of nested faults)."""

    def fault(pe: str, target: str) -> AbstractContextManager[LinkFault]:
        state = _state(pytestconfig, live_lab)
        return _healing(state, lab_gate, LinkFault(nornir, live_lab, pe, target))

    return fault


@pytest.fixture
def backup_channel_fault(
    nornir: Nornir, live_lab: Lab, lab_gate: LabGate, pytestconfig: pytest.Config
) -> Callable[[str], AbstractContextManager[ChannelFault]]:
    """`with backup_channel_fault("PE1"):` shuts the PE's RBS (`shutdown` in the RBS view), so
    the hot-backup channel drops, confirmed by display; it is always un-shut on exit and the
    restore is confirmed by `TCP-State` Connected (on failure, Ctrl-C or SIGTERM too). The
    lab gate checks the pair first."""

    def fault(pe: str) -> AbstractContextManager[ChannelFault]:
        state = _state(pytestconfig, live_lab)
        return _healing(state, lab_gate, ChannelFault(nornir, live_lab, pe))

    return fault


@pytest.fixture
def path_fault(
    nornir: Nornir, live_lab: Lab, lab_gate: LabGate, pytestconfig: pytest.Config
) -> Callable[[str], AbstractContextManager[PathFault]]:
    """`with path_fault("PE1"):` shuts the PE's port of the inter-PE path (lab.yaml
    topology) and always restores it, confirmed by display; the lab gate checks first."""

    def fault(pe: str) -> AbstractContextManager[PathFault]:
        state = _state(pytestconfig, live_lab)
        return _healing(state, lab_gate, PathFault(nornir, live_lab, pe))

    return fault


@pytest.fixture
def path_outage(
    live_lab: Lab,
    path_fault: Callable[[str], AbstractContextManager[PathFault]],
    probe: Callable[[str], PeProbe],
    arpha_record: CaseRecord,
    traffic: TrafficSource,
) -> PathOutage:
    """`with path_outage() as verdict:` shuts the first PE's inter-PE port, judges the pair
    while it is down (RBS down, E-Trunk Master/Master by TIMEOUT, every entry kept, traffic
    not interrupted), then restores it and judges the recovery on leaving the block."""
    return make_path_outage(live_lab, path_fault, probe, arpha_record, traffic)


@pytest.fixture
def long_outage(
    live_lab: Lab,
    link_fault: Callable[[str, str], AbstractContextManager[LinkFault]],
    probe: Callable[[str], PeProbe],
    arpha_record: CaseRecord,
    traffic: TrafficSource,
) -> Callable[[], list[str]]:
    """`long_outage()` shuts the first PE's Eth-Trunk for longer than the ARP aging plus the
    hosts' refresh (`budgets`), checking the survivor throughout; the problems found."""
    return lambda: hold_failover(live_lab, link_fault, probe, arpha_record, traffic)


@pytest.fixture
def spare_host(live_lab: Lab, traffic: TrafficSource) -> str:
    """A free address of the CE subnet (no lab host, not the gateway): a host that joins
    through the lab's traffic generator. A lab without one skips the case, saying so."""
    if traffic.kind != "otg":
        pytest.skip(
            "hosts join and move through the lab's traffic generator; this lab has none "
            "(traffic.source: counters)"
        )
    ce = live_lab.settings.ce
    taken = {*ce.host_ips(), ce.gateway_ip}
    free = [address for address in ce.subnet.hosts() if address not in taken]
    if not free:
        pytest.skip(f"the CE subnet {ce.subnet} has no free address for a joining host")
    return str(free[-1])


@pytest.fixture
def failover(
    live_lab: Lab,
    link_fault: Callable[[str, str], AbstractContextManager[LinkFault]],
    probe: Callable[[str], PeProbe],
    state: StateSnapshots,
    arpha_record: CaseRecord,
    traffic: TrafficSource,
) -> Failover:
    """`with failover("PE1", scope) as verdict:` shuts the PE's links (scope `one-member`,
    `all-members` or `eth-trunk`), judges the surviving PE while the fault lasts (convergence
    by counter deltas, every host's ARP entry, ping), stores before/after snapshots and the
    summary line, then restores the links."""
    return make_failover(live_lab, link_fault, probe, state, arpha_record, traffic)


# -- reporting ------------------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    run = _run(item.config)
    state = run.state_of(item)
    if state is None or not LAB_FIXTURES & set(getattr(item, "fixturenames", ())):
        return
    _skip_if_blocked(state)
    if run.artifacts is not None:
        state.transcripts.route_to(run.artifacts.test_dir(item.nodeid) / "transcripts")


def _skip_if_blocked(state: LabState) -> None:
    """A lab test after its lab was found unusable is not run: one error is enough."""
    if state.blocked is not None:
        reason = state.blocked.splitlines()[0].rstrip(":")
        pytest.skip(f"not run: {reason} (see the error at setup of {state.blocked_at})")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report: pytest.TestReport = yield
    run = _run(item.config)
    state = run.state_of(item)
    if state is not None and state.blocked is not None and state.blocked_at is None:
        state.blocked_at = item.nodeid
    waits = take_recorded()
    if run.artifacts is None or not LAB_FIXTURES & set(getattr(item, "fixturenames", ())):
        return report
    record = run.artifacts.record(item.nodeid, run.lab_name_of(item) or "")
    record.note_waits(waits)
    if report.when == "call" or report.failed or report.skipped:
        record.outcome = report.outcome
        record.duration_s += report.duration
        if report.failed:
            record.message = str(report.longrepr).splitlines()[-1][:300] if report.longrepr else ""
            run.artifacts.write_diff(item.nodeid)
        elif report.skipped and isinstance(report.longrepr, tuple):
            record.message = report.longrepr[2]  # (file, line, reason)
    if report.when == "call":
        add_junit_properties(item, state, record)
    return report


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    run = _run(config)
    if is_worker(config):
        return  # the controller prints the merged summary once
    if run.artifacts is not None and run.artifacts.records:
        write_terminal_summary(terminalreporter, run)
    pooled = len(run.facts) > 1
    for name, facts in run.facts.items():
        for repair in facts.repairs:
            terminalreporter.write_line(f"lab gate: {f'{name}: ' if pooled else ''}{repair}")
    logs = [str(run.debug_log.path)] if run.debug_log is not None and run.debug_log.written else []
    for log in [*logs, *run.worker_logs]:
        terminalreporter.write_line(f"debug log (full errors): {log}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = _run(session.config)
    for state in run.labs.values():
        state.transcripts.route_to(None)
    if is_worker(session.config):
        session.config.workeroutput["arpha"] = run.worker_output()  # type: ignore[attr-defined]
    elif run.artifacts is not None:
        write_summary(run, exitstatus)
    if run.debug_log is not None:
        run.debug_log.detach()
