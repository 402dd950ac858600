"""One error hierarchy: every module raises these, only cli.py turns them into exit codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interact_cli.i18n import _

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class InteractError(Exception):
    """A problem the user can fix; printed as one line, never as a traceback."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(InteractError):
    """Options that do not fit together."""


class ScenarioError(InteractError):
    """A case file that cannot be read or is not a case."""


class ScriptError(InteractError):
    """A dry-run script that cannot be read or does not fit its case."""


class ProfileError(InteractError):
    """A team profile that cannot be read or does not fit its case."""


class TranscriptError(InteractError):
    """A transcript that cannot be read, or one that must not be written."""


class TranslationError(InteractError):
    """A translation file (PO) that cannot be read, or a translation that cannot be written."""


class SessionLocked(InteractError):
    """Another process is already writing this session."""


@dataclass(frozen=True)
class Finding:
    """One problem in a file, at a key path such as `rounds[2].expect[0].action`."""

    file: str
    key: str
    message: str
    warning: bool = False
    """A warning does not make the file invalid (unless `validate --strict`)."""

    def __str__(self) -> str:
        if self.warning:
            shown = (
                _("{file}: warning: {key}: {message}")
                if self.key
                else _("{file}: warning: {message}")
            )
            return shown.format(file=self.file, key=self.key, message=self.message)
        where = f"{self.file}: {self.key}" if self.key else self.file
        return f"{where}: {self.message}"


class ValidationFailed(InteractError):
    """A readable file with findings; every finding is reported, not just the first."""

    exit_code = EXIT_FINDINGS

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__("\n".join(str(finding) for finding in findings))
        self.findings = tuple(findings)


class HistoryMismatch(ValidationFailed):
    """A session whose recorded events do not fit its case as it is now."""


class ResponseError(InteractError):
    """A response the case does not allow (an action outside the role's menu, …)."""
