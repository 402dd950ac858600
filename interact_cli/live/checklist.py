"""The role's checklist and the facilitator key: prompts that never record an answer by mistake.

questionary's checkbox treats every line as a tick box and offers "a" (tick all) and "i"
(invert): a team could tick everything at no cost, and a facilitator entry in the list was
once an answer too. This checklist is built from the same questionary parts, with:
- a control entry at the bottom that is not a tick box: Enter on it opens the facilitator
  controls, space does nothing, and nothing is recorded;
- Ctrl-F at this and every other prompt of a turn, for the same controls;
- a choice limit: a submission with more is refused, saying how many may be chosen.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.styles import Style
from questionary.constants import DEFAULT_QUESTION_PREFIX, INDICATOR_UNSELECTED
from questionary.prompts.common import Choice, InquirerControl, Separator, create_inquirer_layout
from questionary.question import Question
from questionary.styles import merge_styles_default

from interact_cli.i18n import _, ngettext

CONTROLS = "__facilitator_controls__"
"""The value of the control entry: never an action id, never part of an answer."""
FACILITATOR_KEY = "c-f"
CHOICE_INDENT = 5  # questionary draws " » ○ " before each choice
PROMPT_INDENT = 2  # and "? " before each question


def wrap_choice(title: str, indent: int = CHOICE_INDENT) -> str:
    """A long text wrapped to the terminal at word boundaries, continuation lines indented.

    prompt_toolkit cuts list lines at the terminal's edge and breaks prompts mid-word, and
    action labels are whole sentences; a cut label could hide the very words that make a
    choice harmful. Hyphenated words stay whole ("que faites-vous").
    """
    width = max(20, shutil.get_terminal_size().columns - indent - 1)
    lines = textwrap.wrap(title, width, break_on_hyphens=False)
    return ("\n" + " " * indent).join(lines) or title


class ControlsWanted(Exception):
    """The facilitator asked for the controls at a prompt; `kept` is what was typed or ticked,
    so the prompt can be shown again as it was."""

    def __init__(self, kept: Any = None) -> None:
        super().__init__("facilitator controls")
        self.kept = kept


def facilitator_keys() -> KeyBindings:
    """Ctrl-F raises ControlsWanted from a text prompt, keeping what was typed."""
    bindings = KeyBindings()

    @bindings.add(FACILITATOR_KEY, eager=True)
    def _controls(event: KeyPressEvent) -> None:
        event.app.exit(exception=ControlsWanted(event.app.current_buffer.text))

    return bindings


class _Control(InquirerControl):
    """Draws the control entry without a tick box, so nobody takes it for an option."""

    def _get_choice_tokens(self) -> list[tuple[str, str]]:
        tokens = super()._get_choice_tokens()
        box = INDICATOR_UNSELECTED + " "
        line = 0
        out: list[tuple[str, str]] = []
        for style, text in tokens:
            choices = self.filtered_choices
            on_control = line < len(choices) and choices[line].value == CONTROLS
            out.append((style, "  " if on_control and text == box else text))
            if (style, text) == ("", "\n"):
                line += 1
        return out


def limit_message(limit: int, chosen: int) -> str:
    """Why a submission is refused: how many may be chosen, and how many are ticked."""
    return ngettext(
        "At most {limit} action may be chosen this round ({chosen} ticked): untick some.",
        "At most {limit} actions may be chosen this round ({chosen} ticked): untick some.",
        limit,
    ).format(limit=limit, chosen=chosen)


def checklist(
    message: str,
    choices: Sequence[Choice | Separator],
    limit: int | None,
    refresh_interval: float | None = None,
) -> Question:
    """A checklist of actions with the control entry at the bottom.

    Its answer is the ticked values; Enter on the control entry or Ctrl-F raises
    ControlsWanted (with the ticked values), Ctrl-C raises KeyboardInterrupt.
    """
    entries = [
        *choices,
        Separator(),
        Choice(
            wrap_choice(
                _("Facilitator controls… (pause, skip, correct, inject, note, end round, quit)")
            ),
            value=CONTROLS,
        ),
    ]
    control = _Control(entries, show_description=False)

    def ticked() -> list[str]:
        return [value for value in control.selected_options if value != CONTROLS]

    def instruction() -> str:
        if limit is None:
            return _("(space: tick · enter: confirm · ctrl-f: facilitator)")
        return _("(space: tick, at most {limit} · enter: confirm · ctrl-f: facilitator)").format(
            limit=limit
        )

    refusal: list[str] = []  # why the last Enter was refused, until the ticks fit again

    def prompt_tokens() -> list[tuple[str, str]]:
        tokens = [("class:qmark", DEFAULT_QUESTION_PREFIX), ("class:question", f" {message} ")]
        if control.is_answered:
            count = len(ticked())
            done = ngettext("{count} action ticked", "{count} actions ticked", count)
            tokens.append(("class:answer", done.format(count=count) if count else _("none ticked")))
        elif refusal:
            # In the prompt, not a bottom toolbar: prompt_toolkit hides toolbars when the
            # terminal does not report the cursor position.
            tokens.append(("class:refusal", "\n  " + wrap_choice(refusal[0], PROMPT_INDENT)))
        else:
            tokens.append(("class:instruction", "\n  " + wrap_choice(instruction(), PROMPT_INDENT)))
        return tokens

    def within_limit() -> bool:
        over = limit is not None and len(ticked()) > limit
        refusal.clear()
        if over and limit is not None and control.submission_attempted:
            refusal.append(limit_message(limit, len(ticked())))
        return not over

    bindings = _bindings(control, ticked, within_limit)
    style = merge_styles_default([Style([("refusal", "bold")])])
    layout = create_inquirer_layout(control, prompt_tokens)
    application: Application[Any] = Application(
        layout=layout, key_bindings=bindings, style=style, refresh_interval=refresh_interval
    )
    return Question(application)


def _bindings(
    control: InquirerControl, ticked: Callable[[], list[str]], within_limit: Callable[[], bool]
) -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add(Keys.ControlQ, eager=True)
    @bindings.add(Keys.ControlC, eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @bindings.add(FACILITATOR_KEY, eager=True)
    def _controls(event: KeyPressEvent) -> None:
        event.app.exit(exception=ControlsWanted(ticked()))

    @bindings.add(" ", eager=True)
    def _toggle(_event: KeyPressEvent) -> None:
        value = control.get_pointed_at().value
        if value == CONTROLS:
            return
        if value in control.selected_options:
            control.selected_options.remove(value)
        else:
            control.selected_options.append(value)
        within_limit()

    def down(_event: KeyPressEvent) -> None:
        control.select_next()
        while not control.is_selection_valid():
            control.select_next()

    def up(_event: KeyPressEvent) -> None:
        control.select_previous()
        while not control.is_selection_valid():
            control.select_previous()

    for key in (Keys.Down, Keys.ControlN):
        bindings.add(key, eager=True)(down)
    for key in (Keys.Up, Keys.ControlP):
        bindings.add(key, eager=True)(up)

    @bindings.add(Keys.ControlM, eager=True)
    def _enter(event: KeyPressEvent) -> None:
        if control.get_pointed_at().value == CONTROLS:
            event.app.exit(exception=ControlsWanted(ticked()))
            return
        control.submission_attempted = True
        if within_limit():
            control.is_answered = True
            event.app.exit(result=ticked())

    @bindings.add(Keys.Any)
    def _other(_event: KeyPressEvent) -> None:
        """Typing does nothing here (no tick-all, no invert)."""

    return bindings
