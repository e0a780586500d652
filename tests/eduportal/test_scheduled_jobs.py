"""The shipped systemd layout runs every daily job docs/operations.md promises: deleting
rejected stories is a promise to sharers, so a job the docs list and no timer runs is a
broken promise, not a missing convenience."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
OPERATIONS = ROOT / "docs" / "operations.md"
DAILY_CALENDAR = re.compile(r"^(daily|\*-\*-\* \d{2}:\d{2}(:\d{2})?)$")


def read_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file as {section: {key: [values]}}; keys like ExecStart repeat, which
    configparser does not allow."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def manage_commands(service: dict[str, dict[str, list[str]]], *keys: str) -> list[str]:
    lines = [line for key in keys for line in service.get("Service", {}).get(key, [])]
    return [m.group(1) for line in lines if (m := re.search(r"manage\.py\s+(\S+)", line))]


def daily_commands_run_by_timers() -> dict[str, str]:
    """{management command: timer} for every service a daily timer starts."""
    scheduled = {}
    for timer_path in sorted(UNITS.glob("*.timer")):
        timer = read_unit(timer_path)
        calendars = timer["Timer"].get("OnCalendar", [])
        assert calendars and all(DAILY_CALENDAR.match(c) for c in calendars), timer_path
        assert timer["Install"]["WantedBy"] == ["timers.target"], timer_path
        service_name = timer["Timer"].get("Unit", [timer_path.stem + ".service"])[0]
        service = read_unit(UNITS / service_name)
        assert service["Service"]["Type"] == ["oneshot"], service_name
        for command in manage_commands(service, "ExecStart"):
            scheduled[command] = timer_path.name
    return scheduled


def daily_commands_in_the_docs() -> list[str]:
    section = OPERATIONS.read_text().split("## Scheduled jobs", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `python manage\.py (\S+)[^`]*` \| daily \|", section, re.MULTILINE)


def test_every_daily_job_the_docs_list_is_a_command_run_by_a_daily_timer():
    documented = daily_commands_in_the_docs()
    assert {
        "purge_rejected_stories",
        "clearsessions",
        "prune_jobs",
        "send_review_reminders",
    } <= set(documented)
    commands = get_commands()
    scheduled = daily_commands_run_by_timers()
    for command in documented:
        assert command in commands, f"{command} is not a management command"
        assert command in scheduled, f"docs/operations.md lists {command} daily; no timer runs it"


def test_every_command_the_units_run_exists():
    commands = get_commands()
    for path in sorted(UNITS.glob("*.service")):
        for command in manage_commands(read_unit(path), "ExecStart", "ExecStartPre"):
            assert command in commands, f"{path.name} runs unknown command {command}"


def test_the_clean_up_may_delete_purged_stories_photos():
    service = read_unit(UNITS / "eduportal-maintenance.service")["Service"]
    web = read_unit(UNITS / "eduportal-web.service")["Service"]
    # Same user, code and environment as the app server, and the media folder writable
    # under ProtectSystem=strict: purge_rejected_stories deletes photos and renditions.
    for key in ("User", "WorkingDirectory", "EnvironmentFile"):
        assert service[key] == web[key], key
    assert service["ProtectSystem"] == ["strict"]
    assert service["ReadWritePaths"] == web["ReadWritePaths"]
