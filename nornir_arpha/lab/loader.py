"""Load a lab folder (Nornir SimpleInventory files + lab.yaml) into a validated `Lab`.

Every problem is collected before anything is raised, so one `arpha lab check` run lists
them all. Nothing here touches a device.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, StrictInt, ValidationError

from nornir_arpha.lab.errors import LabError, LabIssue
from nornir_arpha.lab.intent import PHYSICAL_PORT_RE, HotBackupIntent, LabSettings
from nornir_arpha.lab.model import Lab, LabHost
from nornir_arpha.lab.shipped import shipped_lab_names
from nornir_arpha.lab.yamlfile import LabFileError, LabFileMissing, read_lab_yaml

logger = logging.getLogger(__name__)

INVENTORY_FILES = ("hosts.yaml", "groups.yaml", "defaults.yaml")
LAB_FILE = "lab.yaml"
DEFAULT_PLATFORM = "huawei_vrp"
ENV_REF_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", re.ASCII)
# A host's name is its sysname in the PE's prompt (<PE1>, [~PE1]): what the huawei_vrp
# prompt pattern matches, less ':' (splits 'HOST:Port' in links) and '/' (transcript paths).
HOST_NAME_RE = re.compile(r"[A-Za-z0-9._\-]{1,48}", re.ASCII)
HOST_NAME_RULE = "1 to 48 ASCII letters, digits, '.', '_' or '-'"


class _InventoryEntry(BaseModel):
    """The Nornir SimpleInventory fields of a host, group or defaults."""

    model_config = ConfigDict(extra="forbid")

    hostname: str | None = None
    port: StrictInt | None = Field(default=None, ge=0, le=65535)
    username: str | None = None
    password: str | None = None
    platform: str | None = None
    groups: list[str] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)
    connection_options: dict[str, Any] = Field(default_factory=dict)


def load_lab(path: str | Path) -> Lab:
    """Load and validate the lab in folder `path`.

    Args:
        path: the lab folder (holding hosts.yaml, groups.yaml, defaults.yaml, lab.yaml)

    Returns:
        the validated lab

    Raises:
        LabError: listing every problem found, each naming file, host and field
    """
    return _LabLoader(Path(path)).load()


class _LabLoader:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.issues: list[LabIssue] = []
        # Files that could not be read, and (file, name) entries that failed validation:
        # checks skip them rather than claim the entry is absent (one mistake, one issue).
        self.unusable: set[str] = set()
        self.failed: set[tuple[str, str]] = set()

    def issue(self, file: str, where: str, field: str, message: str) -> None:
        self.issues.append(LabIssue(self.folder / file, where, field, message))

    def load(self) -> Lab:
        if not self.folder.is_dir():
            raise LabError(
                [
                    LabIssue(
                        self.folder,
                        "",
                        "",
                        "lab folder not found; pass the path of a lab folder, or the name of "
                        f"a shipped lab ({', '.join(shipped_lab_names())})",
                    )
                ]
            )
        raw = {
            name: self._read_yaml(name, required=name != "groups.yaml")
            for name in (*INVENTORY_FILES, LAB_FILE)
        }
        hosts = self._entries(raw["hosts.yaml"], "hosts.yaml")
        groups = self._entries(raw["groups.yaml"], "groups.yaml")
        defaults = self._defaults(raw["defaults.yaml"])
        settings = None if LAB_FILE in self.unusable else self._settings(raw[LAB_FILE])
        # With lab.yaml broken, still check the intent of every host that carries one.
        pair = (
            settings.pair
            if settings
            else tuple(name for name, entry in hosts.items() if "hot_backup" in entry.data)
        )
        # Unknown while lab.yaml is broken; then no warning about a written password either.
        real = settings is not None and not settings.simulation.enabled

        lab_hosts: dict[str, LabHost] = {}
        for name, entry in hosts.items():
            for group in entry.groups:
                if self._absent("groups.yaml", group, groups):
                    self.issue(
                        "hosts.yaml", name, "groups", f"group '{group}' is not in groups.yaml"
                    )
            lab_hosts[name] = self._host(
                name, entry, groups, defaults or _InventoryEntry(), pair, real
            )
        if settings:
            self._check_pair(settings, hosts, lab_hosts)
            self._check_tester(settings, lab_hosts)
        if self.issues or settings is None:
            raise LabError(self.issues)
        return Lab(folder=self.folder, settings=settings, hosts=lab_hosts)

    # -- files ------------------------------------------------------------------------------

    def _read_yaml(self, name: str, *, required: bool) -> Any:
        try:
            data, duplicates = read_lab_yaml(self.folder / name)
        except LabFileMissing as exc:
            if required:
                self.issue(name, "", "", exc.message)
                self.unusable.add(name)
            return {}
        except LabFileError as exc:
            self.issue(name, exc.where, "", exc.message)
            self.unusable.add(name)
            return {}
        for duplicate in duplicates:
            where, field = _place(name, duplicate.path)
            self.issue(
                name,
                where,
                field,
                f"is given twice (lines {duplicate.first_line} and {duplicate.line}); YAML "
                "would silently keep only the last: remove one or rename it",
            )
        return data

    def _entries(self, raw: Any, file: str) -> dict[str, _InventoryEntry]:
        if not isinstance(raw, Mapping):
            self.issue(file, "", "", "expected a mapping of names to entries")
            self.unusable.add(file)
            return {}
        entries: dict[str, _InventoryEntry] = {}
        for name, body in raw.items():
            if file == "hosts.yaml":
                self._check_host_name(name)
            try:
                entries[str(name)] = _InventoryEntry.model_validate(body or {})
            except ValidationError as exc:
                self.failed.add((file, str(name)))
                self._report(exc, file, str(name), _InventoryEntry)
        return entries

    def _check_host_name(self, name: object) -> None:
        if not isinstance(name, str):
            self.issue(
                "hosts.yaml",
                str(name),
                "",
                f"the host name is not text: YAML reads it as the {type(name).__name__} "
                f"{name!r}; put the name in quotes",
            )
        elif not HOST_NAME_RE.fullmatch(name):
            self.issue(
                "hosts.yaml",
                name,
                "",
                f"host name {name!r} cannot be a PE's sysname as its prompt shows it "
                f"(<PE1>, [~PE1]); use {HOST_NAME_RULE}",
            )

    def _absent(self, file: str, name: str, entries: Mapping[str, object]) -> bool:
        """Whether `name` is surely not in `file`: not merely unreadable or invalid there."""
        return name not in entries and file not in self.unusable and (file, name) not in self.failed

    def _defaults(self, raw: Any) -> _InventoryEntry | None:
        try:
            return _InventoryEntry.model_validate(raw or {})
        except ValidationError as exc:
            self.failed.add(("defaults.yaml", "defaults"))
            self._report(exc, "defaults.yaml", "defaults", _InventoryEntry)
            return None

    def _settings(self, raw: Any) -> LabSettings | None:
        try:
            return LabSettings.model_validate(raw)
        except ValidationError as exc:
            self._report(exc, LAB_FILE, "", LabSettings)
            return None

    def _report(
        self, exc: ValidationError, file: str, where: str, model: type[BaseModel], prefix: str = ""
    ) -> None:
        for error in exc.errors():
            loc = [str(part) for part in error["loc"]]
            field = ".".join(filter(None, [prefix, *loc]))
            if error["type"] == "extra_forbidden":
                message = f"unknown key '{loc[-1]}'{_suggestion(loc[-1], model, loc[:-1])}"
            elif error["type"] == "missing":
                message = "is required but missing"
            else:
                got = error.get("input")
                shown = "" if isinstance(got, Mapping | list) else f" (got {got!r})"
                message = f"{_clean(error['msg'])}{shown}"
                if isinstance(got, bool) and error["type"] in ("int_type", "float_type"):
                    message += "; YAML reads yes/no/on/off/true/false as booleans: write a number"
            self.issue(file, where, field, message)

    # -- hosts ------------------------------------------------------------------------------

    def _host(
        self,
        name: str,
        entry: _InventoryEntry,
        groups: Mapping[str, _InventoryEntry],
        defaults: _InventoryEntry,
        pair: tuple[str, ...],
        real: bool,
    ) -> LabHost:
        chain = [("hosts.yaml", name, entry)]
        chain += [("groups.yaml", f"group {g}", groups[g]) for g in entry.groups if g in groups]
        chain.append(("defaults.yaml", "defaults", defaults))

        def resolve(attr: str) -> tuple[Any, str, str]:
            for file, where, source in chain:
                value = getattr(source, attr)
                if value is not None:
                    return value, file, where
            return None, "hosts.yaml", name

        # A value may sit in a group or defaults that failed validation: then its absence
        # here is a follow-on of that issue, not another one.
        inherited = [("groups.yaml", g) for g in entry.groups] + [("defaults.yaml", "defaults")]
        inherited_ok = not any(
            file in self.unusable or (file, source) in self.failed for file, source in inherited
        )
        hostname, _, _ = resolve("hostname")
        port, _, _ = resolve("port")
        platform, _, _ = resolve("platform")
        username = self._credential("username", resolve("username"), real, inherited_ok)
        password = self._credential("password", resolve("password"), real, inherited_ok)
        if hostname is None and inherited_ok:
            self.issue("hosts.yaml", name, "hostname", "is required: the address to SSH to")

        intent = None
        data: dict[str, Any] = {}
        for _, _, source in reversed(chain):
            data.update(source.data)
        if name in pair:
            intent = self._intent(name, data.get("hot_backup"))
        return LabHost(
            name=name,
            hostname=hostname or "",
            port=port if port is not None else 22,
            username=username,
            password=SecretStr(password),
            platform=platform or DEFAULT_PLATFORM,
            intent=intent,
            data={k: v for k, v in data.items() if k != "hot_backup"},
            connection_options=entry.connection_options,
        )

    def _credential(
        self, field: str, found: tuple[Any, str, str], real: bool, report_missing: bool
    ) -> str:
        value, file, where = found
        if value is None:
            if not report_missing:
                return ""
            self.issue(
                "hosts.yaml",
                where,
                field,
                f"no {field} for this host; set it in defaults.yaml, usually as "
                f"'${{ARPHA_{field.upper()}}}' to read it from the environment",
            )
            return ""
        match = ENV_REF_RE.fullmatch(str(value))
        if not match:
            if field == "password" and real:
                logger.warning(
                    "%s: %s: the password is written in the file; prefer '${VAR}'", file, where
                )
            return str(value)
        variable = match.group(1)
        resolved = os.environ.get(variable)
        if not resolved:
            state = (
                "is not set"
                if resolved is None
                else "is set but empty (as an unset CI secret is passed)"
            )
            self.issue(
                file,
                where,
                field,
                f"refers to environment variable {variable}, which {state}; "
                f"export {variable} with the {field} before running",
            )
            return ""
        return resolved

    def _intent(self, name: str, raw: Any) -> HotBackupIntent | None:
        if raw is None:
            self.issue(
                "hosts.yaml", name, "data.hot_backup", "is required for a host of the PE pair"
            )
            return None
        try:
            return HotBackupIntent.model_validate(raw)
        except ValidationError as exc:
            self._report(exc, "hosts.yaml", name, HotBackupIntent, prefix="data.hot_backup")
            return None

    # -- cross-checks -----------------------------------------------------------------------

    def _check_pair(
        self,
        settings: LabSettings,
        entries: Mapping[str, _InventoryEntry],
        hosts: Mapping[str, LabHost],
    ) -> None:
        first, second = settings.pair
        if first == second:
            self.issue(LAB_FILE, "", "pair", f"names '{first}' twice; a pair needs two PEs")
            return
        for pe in settings.pair:
            if self._absent("hosts.yaml", pe, entries):
                self.issue(LAB_FILE, "", "pair", f"'{pe}' is not a host in hosts.yaml")
        self._check_topology(settings, hosts)
        one, two = hosts.get(first), hosts.get(second)
        if not (one and two and one.intent and two.intent):
            return
        a, b = one.intent, two.intent
        both = f"{first} and {second}"
        for section, (x, y) in {"rbs": (a.rbs, b.rbs), "e_trunk": (a.e_trunk, b.e_trunk)}.items():
            if x.peer != y.source or y.peer != x.source:
                self.issue(
                    "hosts.yaml",
                    both,
                    f"data.hot_backup.{section}",
                    f"peer/source are not mirrored: {first} has peer {x.peer} source {x.source}, "
                    f"{second} has peer {y.peer} source {y.source}; each PE's peer must be the "
                    "other's source",
                )
        same = {
            "rbs.port": (a.rbs.port, b.rbs.port),
            "rbp.backup_id": (a.rbp.backup_id, b.rbp.backup_id),
            "e_trunk.id": (a.e_trunk.id, b.e_trunk.id),
        }
        for field, (x_value, y_value) in same.items():
            if x_value != y_value:
                self.issue(
                    "hosts.yaml",
                    both,
                    f"data.hot_backup.{field}",
                    f"must be the same on both PEs ({first}: {x_value}, {second}: {y_value})",
                )
        if a.ipv6 != b.ipv6 or a.rbs.ipv6 != a.e_trunk.ipv6 or b.rbs.ipv6 != b.e_trunk.ipv6:
            self.issue(
                "hosts.yaml",
                both,
                "data.hot_backup",
                "RBS and E-Trunk addresses must all be IPv4 or all IPv6 on both PEs",
            )

    def _check_tester(self, settings: LabSettings, hosts: Mapping[str, LabHost]) -> None:
        """An OTG location with port 0 means the simulator's endpoint, which only a simulated
        lab that the run starts (PEs on port 0 too) has."""
        otg = settings.traffic.otg
        if otg is None:
            return
        try:
            url = urlsplit(otg.location)
            port = url.port
        except ValueError as exc:
            self.issue(LAB_FILE, "traffic.otg", "location", f"'{otg.location}': {exc}")
            return
        if url.scheme not in ("http", "https") or not url.hostname:
            self.issue(
                LAB_FILE,
                "traffic.otg",
                "location",
                f"'{otg.location}' is not an http(s)://host:port URL of an OTG endpoint",
            )
            return
        started = settings.simulation.enabled and all(
            hosts[pe].port == 0 for pe in settings.pair if pe in hosts
        )
        if port == 0 and not started:
            self.issue(
                LAB_FILE,
                "traffic.otg",
                "location",
                "port 0 (the simulator's own endpoint) needs a simulated lab whose PEs also "
                "have port 0; give the tester's real port (`arpha sim --inventory-out` writes "
                "a running simulator's)",
            )

    def _check_topology(self, settings: LabSettings, hosts: Mapping[str, LabHost]) -> None:
        ce = settings.ce.name
        ports: dict[str, set[str]] = {}
        cabled: dict[tuple[str, str], str] = {}
        # With a link end unreadable, a member missing from the topology may be on that link.
        all_read = True
        for index, link in enumerate(settings.topology.links):
            ends = []
            for side in ("a", "b"):
                value = getattr(link, side)
                host, sep, port = value.partition(":")
                field = f"topology.links.{index}.{side}"
                if not sep or not host or not port:
                    self.issue(LAB_FILE, "", field, f"'{value}' must be written 'HOST:Port'")
                    all_read = False
                    continue
                if host != ce and self._absent("hosts.yaml", host, hosts):
                    self.issue(
                        LAB_FILE, "", field, f"'{host}' is neither a host in hosts.yaml nor the CE"
                    )
                if not PHYSICAL_PORT_RE.match(port):
                    all_read = False
                    self.issue(
                        LAB_FILE,
                        "",
                        field,
                        f"'{port}' is not a physical port name such as 'GigabitEthernet0/1/0'",
                    )
                if port in ports.setdefault(host, set()):
                    self.issue(LAB_FILE, "", field, f"{host} port {port} is cabled twice")
                ports[host].add(port)
                ends.append((host, port))
            if len(ends) == 2:
                cabled[ends[0]] = ends[1][0]
                cabled[ends[1]] = ends[0][0]
        for pe in settings.pair:
            host = hosts.get(pe)
            if not host or not host.intent:
                continue
            for index, member in enumerate(host.intent.eth_trunk.members):
                far_end = cabled.get((pe, member))
                if far_end != ce and (far_end is not None or all_read):
                    found = "is not in the topology" if far_end is None else f"goes to {far_end}"
                    self.issue(
                        "hosts.yaml",
                        pe,
                        f"data.hot_backup.eth_trunk.members.{index}",
                        f"{member} {found}; Eth-Trunk members must be cabled to {ce} "
                        "in lab.yaml topology.links",
                    )
        if settings.simulation.enabled:
            first, second = settings.pair
            if not any({x[0], far} == {first, second} for x, far in cabled.items()):
                self.issue(
                    LAB_FILE,
                    "",
                    "topology.links",
                    f"a simulated lab needs a link between {first} and {second} "
                    "(the inter-PE path that carries E-Trunk hellos and the RBS channel)",
                )


def _place(file: str, path: tuple[str, ...]) -> tuple[str, str]:
    """The (where, field) of a key path in `file`: inventory files are keyed by name first."""
    if file in ("hosts.yaml", "groups.yaml"):
        return path[0], ".".join(path[1:])
    if file == "defaults.yaml":
        return "defaults", ".".join(path)
    return "", ".".join(path)


def _clean(message: str) -> str:
    return message.removeprefix("Value error, ")


def _suggestion(key: str, model: type[BaseModel], parents: list[str]) -> str:
    target: Any = model
    for part in parents:
        field = getattr(target, "model_fields", {}).get(part)
        annotation = getattr(field, "annotation", None)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            target = None
            break
        target = annotation
    names = list(getattr(target, "model_fields", {})) if target else []
    close = difflib.get_close_matches(key, names, n=1)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; expected one of: {', '.join(names)}" if names else ""
