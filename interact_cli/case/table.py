"""Who is at the table: the roles played, from `--roles` (run, pack, script new)."""

from __future__ import annotations

from interact_cli.case.model import Scenario
from interact_cli.errors import UsageError
from interact_cli.i18n import _


def pick_roles(scenario: Scenario, roles: str | None) -> list[str]:
    """The roles played at this table, in case order; all of them by default."""
    if roles is None:
        return [role.id for role in scenario.roles]
    wanted = [part.strip() for part in roles.split(",") if part.strip()]
    unknown = [role for role in wanted if role not in scenario.role_by_id]
    if unknown or not wanted:
        raise UsageError(_unknown_roles(scenario, unknown))
    return [role.id for role in scenario.roles if role.id in wanted]


def _unknown_roles(scenario: Scenario, unknown: list[str]) -> str:
    import difflib

    known = [role.id for role in scenario.roles]
    values = {"case": scenario.id, "known": ", ".join(known), "roles": ", ".join(unknown)}
    if not unknown:
        return _("--roles: no roles given (the roles of case '{case}': {known})").format(**values)
    close = difflib.get_close_matches(unknown[0], known, n=1, cutoff=0.6)
    if close:
        return _(
            "--roles: no role {roles} in case '{case}' (did you mean '{suggestion}'?); "
            "its roles: {known}"
        ).format(suggestion=close[0], **values)
    return _("--roles: no role {roles} in case '{case}'; its roles: {known}").format(**values)
