"""Live play at one terminal: the questionary responder, the facilitator menu, the debrief.

With live/checklist.py, the only modules that import questionary. It holds no game rules:
the engine says whose turn it is and what the role is offered, this module asks that role and
hands back a `Response`. Prompts use `unsafe_ask()`, so Ctrl-C reaches us as
KeyboardInterrupt instead of an empty answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import questionary
from questionary import Choice
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from interact_cli.case.describe import fitting_rounds, span_words
from interact_cli.case.model import Action, Inject, Role, Scenario
from interact_cli.case.order import ordered_menu
from interact_cli.console import plain_console
from interact_cli.i18n import N_, _
from interact_cli.live.checklist import (
    PROMPT_INDENT,
    ControlsWanted,
    checklist,
    facilitator_keys,
    wrap_choice,
)
from interact_cli.plain_text import printable
from interact_cli.play.clock import Clock
from interact_cli.play.engine import (
    Answer,
    Correct,
    EndRound,
    FacilitatorNote,
    Given,
    Pause,
    ReleaseReserve,
    Response,
    Resume,
    Session,
    Sink,
    Skip,
    Stop,
    Turn,
)
from interact_cli.play.stopwatch import Stopwatch, clock_text
from interact_cli.record.events import Event

BACK = "__back__"
REFRESH_SECONDS = 1.0
SHORTCUT_INDENT = 8  # questionary draws " » c) " before a facilitator entry
CONTROLS_HINT = N_(
    "Each role: space ticks actions, enter confirms (with nothing ticked, you are asked "
    "first). Facilitator controls: Ctrl-F at any prompt, or 'Facilitator controls…' at the "
    "bottom of every list (↑ from the top gets there); they never record an answer. "
    "Ctrl-C stops and keeps every answer."
)


class LiveText(str):
    """A prompt message recomputed at every redraw.

    questionary draws its message with `" {} ".format(message)`, and the prompts refresh
    every second, so the role's elapsed time and the clock state tick while it waits.
    """

    _render: Callable[[], str]

    def __new__(cls, render: Callable[[], str]) -> LiveText:
        text = super().__new__(cls, render())
        text._render = render
        return text

    def __str__(self) -> str:
        return self._render()

    def __format__(self, spec: str) -> str:
        return format(self._render(), spec)


def wrap_prompt(text: str) -> str:
    """A prompt's question wrapped at word boundaries (prompt_toolkit breaks words), its
    continuation lines under the first word, after questionary's "? "."""
    return wrap_choice(text, PROMPT_INDENT)


def bold_label(message: str, name: str, value: str) -> Text:
    """A translated "Label: {name}" with the label part in bold and `value`, untrusted text,
    put in its place as plain text (never parsed as markup)."""
    before, _field, after = message.partition("{" + name + "}")
    return Text.assemble((before, "bold"), value, after)


def new_console() -> Console:
    return plain_console()


def role_label(role: Role, players: Mapping[str, str], lang: str) -> str:
    """The role and its player, as prompts and tables show it (names come from anyone)."""
    name = printable(role.name.get(lang))
    player = printable(players.get(role.id, ""))
    return f"{name} ({player})" if player else name


def show_opening(
    console: Console, scenario: Scenario, lang: str, players: Mapping[str, str]
) -> None:
    """What the players may know before round 1: who plays, where the facilitator controls
    are, and last, so that it stays on a small screen above the first prompt, the case title
    and its opening. Never the summary: it is the facilitator's synopsis of the whole case."""
    table = Table(_("Role"), _("Agency"), _("Country"), title=_("Roles"), title_justify="left")
    for role in scenario.roles:
        playing = role.id in players
        name = role_label(role, players, lang)
        if not playing:
            name = _("{role}  (not played: skipped)").format(role=name)
        table.add_row(name, role.agency, role.country, style=None if playing else "dim")
    console.print(table)
    console.print(_(CONTROLS_HINT))
    title = Text(scenario.title.get(lang), style="bold")
    opening = scenario.text(scenario.opening, lang)
    console.print(Panel(Text(opening), title=title, title_align="left") if opening else title)


def ask_players(scenario: Scenario, lang: str, roles: Sequence[str]) -> dict[str, str]:
    """Every role at the table, each with its player's name or pseudonym ("" when none)."""
    players = dict.fromkeys(roles, "")
    wanted = questionary.confirm(
        "Add player names or pseudonyms? (pseudonyms are safer: transcripts travel)",
        default=False,
    ).unsafe_ask()
    if wanted:
        for role_id in roles:
            name = scenario.role_by_id[role_id].name.get(lang)
            answer = questionary.text(f"{name}: player's name or pseudonym (optional):")
            players[role_id] = answer.unsafe_ask().strip()
    return players


class LiveResponder:
    """Asks each role at the table in turn, with the facilitator controls at every prompt.

    With `recall`, each role first says in its own words what it does, before its checklist.
    """

    def __init__(
        self,
        scenario: Scenario,
        lang: str,
        players: Mapping[str, str],
        watch: Stopwatch,
        console: Console | None = None,
        released_reserves: Iterable[str] = (),
        round_spent: float = 0.0,
        recall: bool = False,
    ) -> None:
        self.scenario = scenario
        self.lang = lang
        self.players = dict(players)
        self.watch = watch
        self.console = console or new_console()
        self.recall = recall
        self.interrupted = False
        self._released_reserves = set(released_reserves)
        self._round_spent = round_spent
        self._round_id: str | None = None
        self._round_mark = 0.0
        self._shown: set[str] = set()
        self._turn: tuple[str, str] | None = None
        self._turn_mark = 0.0
        self._pending: tuple[str, ...] = ()
        self._said: str | None = None  # None: not asked yet this turn
        self._typed = ""

    def respond(self, turn: Turn) -> Response:
        try:
            return self._respond(turn)
        except KeyboardInterrupt:
            self.interrupted = True
            return Stop("interrupted")

    def _respond(self, turn: Turn) -> Response:
        self._follow(turn)
        if turn.role.id not in self.players:
            return Skip()  # the opening screen said so; a line per round would bury the rest
        while True:
            try:
                return self._ask_turn(turn)
            except ControlsWanted as wanted:
                self._keep(wanted.kept)
            response = self._facilitator(turn)
            if response is not None:
                return response

    def _keep(self, kept: object) -> None:
        """What the role had typed or ticked when the facilitator took over, for its return."""
        if isinstance(kept, list):
            self._pending = tuple(kept)
        elif isinstance(kept, str):
            self._typed = kept

    def _ask_turn(self, turn: Turn) -> Answer:
        """Recall (when on), the checklist, and a note: the role's whole answer."""
        name = self._name(turn)
        if self.recall and self._said is None:
            said = questionary.text(
                LiveText(
                    lambda: (
                        wrap_prompt(
                            _(
                                "{name}: in your own words, what do you do now? {status} "
                                "(the options come next; enter when done)"
                            ).format(name=name, status=self.status(turn))
                        )
                        + "\n "
                    )
                ),
                default=self._typed,
                key_bindings=facilitator_keys(),
                refresh_interval=REFRESH_SECONDS,
            ).unsafe_ask()
            self._said, self._typed = said.strip(), ""
        question = _("{name}: what do you do now?").format(name=name)
        chosen = self._ask_actions(turn, turn.menu, turn.taken, self._pending, name, question)
        self._pending = tuple(chosen)
        note = questionary.text(
            wrap_prompt(_("{name}: a note for the record (optional):").format(name=name)),
            default=self._typed,
            key_bindings=facilitator_keys(),
        ).unsafe_ask()
        seconds = self.watch.active() - self._turn_mark
        return Answer(tuple(chosen), note.strip(), round(seconds, 1), self._said or "")

    def _follow(self, turn: Turn) -> None:
        """Show a new round and new injects; start timing a role when its turn begins."""
        if turn.round.id != self._round_id:
            self._round_id = turn.round.id
            self._round_mark = self.watch.active() - self._round_spent
            self._round_spent = 0.0
            self._shown = set()
            self._show_round(turn)
        for inject in turn.released:
            if inject.id not in self._shown:
                self._shown.add(inject.id)
                self._show_inject(inject)
        key = (turn.round.id, turn.role.id)
        if key != self._turn:
            self._turn, self._turn_mark, self._pending = key, self.watch.active(), ()
            self._said, self._typed = None, ""

    def _show_round(self, turn: Turn) -> None:
        round_ = turn.round
        text = self.scenario.text
        heading = bold_label(_("Scenario clock: {clock}"), "clock", text(round_.clock, self.lang))
        if round_.timebox:
            timebox = bold_label(_("Timebox: {minutes} min"), "minutes", str(round_.timebox))
            # Side by side when they fit the panel (borders and padding take 4 columns);
            # otherwise the timebox goes on its own line rather than wrapping mid-line.
            fits = heading.cell_len + 4 + timebox.cell_len <= self.console.width - 4
            heading.append_text(Text("    " if fits else "\n"))
            heading.append_text(timebox)
        body = Text("\n\n").join([heading, Text(text(round_.briefing, self.lang))])
        title = _("Round {n} of {total} · {title}").format(
            n=turn.round_number,
            total=len(self.scenario.rounds),
            title=text(round_.title, self.lang),
        )
        self.console.print(Panel(body, title=Text(title, style="bold"), title_align="left"))

    def _show_inject(self, inject: Inject) -> None:
        # Without a title, no id either: an id is the author's ("missed_alert_consequence")
        # and may say why the information comes.
        title = self.scenario.text(inject.title, self.lang)
        heading = _("New information · {title}").format(title=title) if title else None
        self.console.print(
            Panel(
                Text(inject.text.get(self.lang)),
                title=Text(heading or _("New information"), style="bold"),
                title_align="left",
                border_style="yellow",
            )
        )

    def _name(self, turn: Turn) -> str:
        return role_label(turn.role, self.players, self.lang)

    def status(self, turn: Turn) -> str:
        """The role's time on this turn, the clock's state, and a passed timebox."""
        elapsed = clock_text(self.watch.active() - self._turn_mark)
        if self.watch.paused:
            line = _("[{elapsed} · CLOCK PAUSED]").format(elapsed=elapsed)
        else:
            line = _("[{elapsed} · clock running]").format(elapsed=elapsed)
        timebox = turn.round.timebox
        if timebox:
            over = self.watch.active() - self._round_mark - timebox * 60
            if over >= 0:
                line += " " + _("TIMEBOX PASSED +{over}").format(over=clock_text(over))
        return line

    def _ask_actions(
        self,
        turn: Turn,
        menu: Sequence[Action],
        taken: frozenset[str],
        ticked: Sequence[str],
        name: str,
        question: str,
    ) -> list[str]:
        """The actions `name` ticks among `menu`, in the order given, within the round's
        limit; nothing ticked is confirmed first, so an early Enter never records "no action"
        by mistake. `taken`: actions the role chose in earlier rounds, marked as such."""
        limit = turn.limit
        if not menu:
            # Only the control entry would be left, and Enter on it opens the controls.
            self.console.print(
                Text(_("Nothing is offered to {name} this round.").format(name=name))
            )
            return []
        while True:
            choices = [
                Choice(
                    self._action_title(action, taken),
                    value=action.id,
                    checked=action.id in ticked,
                )
                for action in menu
            ]
            message = LiveText(lambda: wrap_prompt(f"{question} {self.status(turn)}"))
            chosen = list(checklist(message, choices, limit, REFRESH_SECONDS).unsafe_ask())
            if chosen:
                return chosen
            confirm = questionary.confirm(
                _("No action this round for {name}?").format(name=name), default=False
            )
            if confirm.unsafe_ask():
                return []
            ticked = ()

    def _action_title(self, action: Action, taken: frozenset[str]) -> str:
        label = action.label.get(self.lang)
        if action.id in taken:
            label = _("{label}  (done before)").format(label=label)
        return wrap_choice(label)

    def _facilitator(self, turn: Turn) -> Response | None:
        """The facilitator's menu; None goes back to the role's prompt."""
        name = self._name(turn)
        clock = "Resume the clock" if self.watch.paused else "Pause the clock"
        choices = [Choice(clock, "clock", shortcut_key="p")]
        choices.append(Choice(f"Skip {name} this round", "skip", shortcut_key="s"))
        if turn.previous is not None:
            previous = self.scenario.role_by_id[turn.previous.role]
            before = role_label(previous, self.players, self.lang)
            choices.append(
                Choice(
                    wrap_choice(
                        _("Correct the previous answer in this round ({name})…").format(
                            name=before
                        ),
                        SHORTCUT_INDENT,
                    ),
                    "correct",
                    shortcut_key="c",
                )
            )
        if self.scenario.reserve:
            choices.append(Choice("Release a reserve inject…", "reserve", shortcut_key="r"))
        choices += [
            Choice("Add a facilitator note…", "note", shortcut_key="n"),
            Choice(f"End round {turn.round_number} now", "end", shortcut_key="e"),
            Choice("Save and quit (interact resume continues later)", "quit", shortcut_key="q"),
            Choice(f"Back to {name}", BACK, shortcut_key="b"),
        ]
        message = LiveText(lambda: f"Facilitator, round {turn.round_number}: {self.status(turn)}")
        picked = questionary.select(
            message,
            choices=choices,
            use_shortcuts=True,
            use_jk_keys=False,
            refresh_interval=REFRESH_SECONDS,
        ).unsafe_ask()
        if picked == "clock":
            return self._toggle_clock()
        if picked == "skip":
            return Skip()
        if picked == "correct" and turn.previous is not None:
            return self._correct(turn, turn.previous)
        if picked == "reserve":
            return self._release_reserve(turn)
        if picked == "note":
            text = questionary.text("Facilitator note (empty: none):").unsafe_ask().strip()
            return FacilitatorNote(text) if text else None
        if picked == "end":
            return self._end_round(turn)
        if picked == "quit":
            return Stop("saved")
        return None

    def _correct(self, turn: Turn, previous: Given) -> Response | None:
        """The previous answer of this round, asked again with its ticks; None: left as it was.

        The transcript is append-only: the new choice is saved as a correction that replaces
        the answer for scoring, and the first answer stays on record.
        """
        role = self.scenario.role_by_id[previous.role]
        name = role_label(role, self.players, self.lang)
        menu = ordered_menu(self.scenario, turn.menu_seed, turn.round.id, previous.role)
        self.console.print(
            Text(_("Correcting the answer of {name} in this round.").format(name=name))
        )
        try:
            question = _("Correcting {name}: what did the role mean to choose?").format(name=name)
            chosen = self._ask_actions(turn, menu, frozenset(), previous.actions, name, question)
            note = questionary.text(
                wrap_prompt(_("{name}: a note for the record (optional):").format(name=name)),
                default=previous.note,
                key_bindings=facilitator_keys(),
            ).unsafe_ask()
        except ControlsWanted:
            self.console.print(Text(_("Correction cancelled: the answer stays as it was.")))
            return None
        return Correct(previous.role, tuple(chosen), note.strip())

    def _toggle_clock(self) -> Response:
        if self.watch.paused:
            self.watch.resume()
            self.console.print("Clock running again.")
            return Resume()
        self.watch.pause()
        self.console.print("Clock paused: this time does not count as decision time.")
        return Pause()

    def reserve_titles(self, round_id: str) -> list[tuple[str, str]]:
        """(title, id) of each reserve inject: those that fit the round first, the others
        after them, marked with the rounds where they fit."""
        titles = []
        for inject, fits in self.scenario.reserve_for(round_id):
            title = self.scenario.text(inject.title, self.lang) or inject.id
            if not fits:
                rounds = span_words(self.scenario, fitting_rounds(self.scenario, inject))
                title = _("{title}  (fits {rounds})").format(title=title, rounds=rounds)
            if inject.id in self._released_reserves:
                title += "  (released before)"
            titles.append((title, inject.id))
        return titles

    def _release_reserve(self, turn: Turn) -> Response | None:
        choices = [Choice(title, inject) for title, inject in self.reserve_titles(turn.round.id)]
        choices.append(Choice("Back", BACK))
        picked = questionary.select("Release which inject now?", choices=choices).unsafe_ask()
        if picked == BACK:
            return None
        self._released_reserves.add(picked)
        return ReleaseReserve(picked)

    def _end_round(self, turn: Turn) -> Response | None:
        left = len(turn.remaining_roles)
        confirm = questionary.confirm(
            f"End round {turn.round_number} now? {left} role(s) have not answered.",
            default=False,
        )
        return EndRound() if confirm.unsafe_ask() else None


class Debrief:
    """The hot wash after the last round: each role's "went well" and "to improve".

    Before a role's questions, its answers are shown round by round: what it said in its own
    words (recall) beside what it chose, in the order its menu showed them. Roles already
    debriefed before a resume are not asked again. Ctrl-C records a stop and lets the
    KeyboardInterrupt through, so the caller can say how to resume.
    """

    def __init__(
        self,
        scenario: Scenario,
        lang: str,
        players: Mapping[str, str],
        clock: Clock,
        console: Console | None = None,
        done: Iterable[str] = (),
    ) -> None:
        self.scenario = scenario
        self.lang = lang
        self.players = dict(players)
        self.clock = clock
        self.console = console or new_console()
        self.done = set(done)

    def __call__(self, session: Session, sink: Sink) -> None:
        todo = [r for r in self.scenario.roles if r.id in self.players and r.id not in self.done]
        if not todo:
            return
        self.console.print(
            Panel(
                "Each role in turn: what went well, and what to improve. Enter skips a question.",
                title=Text("Debrief (hot wash)", style="bold"),
                title_align="left",
            )
        )
        try:
            for role in todo:
                name = role_label(role, self.players, self.lang)
                self._show_answers(session, role, name)
                went_well = questionary.text(f"{name}: what went well?").unsafe_ask()
                improve = questionary.text(f"{name}: what would you do better?").unsafe_ask()
                sink(
                    Event(
                        "debrief",
                        self.clock.now(),
                        role=role.id,
                        went_well=went_well.strip(),
                        improve=improve.strip(),
                    )
                )
                self.done.add(role.id)
        except KeyboardInterrupt:
            sink(Event("stop", self.clock.now(), reason="interrupted"))
            raise

    def _show_answers(self, session: Session, role: Role, name: str) -> None:
        given = [answer for answer in session.given if answer.role == role.id]
        if not given:
            return
        recalled = any(answer.said for answer in given)
        table = Table(
            title=Text(_("{name}: your answers").format(name=name)),
            title_justify="left",
            show_lines=True,
        )
        table.add_column(_("Round"), ratio=1)
        if recalled:
            table.add_column(_("In your own words"), ratio=1)
        table.add_column(_("Chosen (in the order shown)"), ratio=2)
        for answer in given:
            position = self.scenario.round_index.get(answer.round, -1)
            title = self.scenario.rounds[position].title.get(self.lang) if position >= 0 else ""
            number = f"{position + 1} · {title}" if position >= 0 else answer.round
            shown = session.menu(answer.round, role.id)
            order = {action.id: index for index, action in enumerate(shown)}
            chosen = sorted(answer.actions, key=lambda a: order.get(a, len(order)))
            labels = [self._label(action_id) for action_id in chosen]
            cells = [Text(number)]
            if recalled:
                cells.append(Text(printable(answer.said) or "-"))
            cells.append(Text("\n".join(f"• {label}" for label in labels) or _("no action")))
            table.add_row(*cells)
        self.console.print(table)

    def _label(self, action_id: str) -> str:
        action = self.scenario.action_by_id.get(action_id)
        return action.label.get(self.lang) if action is not None else action_id
