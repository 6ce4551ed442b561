"""The agenda of the kickoff, declared once: every list of steps (agenda seeding, sidebar, menus) reads it here.

A step names its screen as "module:Class" so this module stays Qt-free; steps whose screen is not built yet
still get an agenda item (with its timebox) in every new workshop.
"""
from __future__ import annotations

from typing import NamedTuple

from models.areas import Area


class Step(NamedTuple):
    key: str
    title: str
    minutes: int  # default timebox
    screen: str | None = None  # "module:Class" of its screen
    shows: Area = Area.NONE  # what the screen displays: it refreshes when an edit touches these
    edits: Area = Area.NONE  # what it edits: undo and redo of these bring the window to this step


STEPS: tuple[Step, ...] = (
    Step("setup", "Setup", 15, "ui.screens.setup:SetupScreen",
         shows=Area.WORKSHOP | Area.DEPARTMENTS | Area.PARTICIPANTS | Area.GROUND_RULES | Area.AGENDA,
         edits=Area.WORKSHOP | Area.DEPARTMENTS | Area.PARTICIPANTS | Area.GROUND_RULES | Area.AGENDA),
    Step("rivalries", "Rivalries", 30, "ui.screens.rivalries:RivalriesScreen",
         shows=Area.RIVALRIES | Area.DEPARTMENTS | Area.ACTIONS, edits=Area.RIVALRIES),
    Step("needs", "Wants & needs", 30, "ui.screens.needs:NeedsScreen",
         shows=Area.NEEDS | Area.DEPARTMENTS | Area.PARTICIPANTS | Area.ACTIONS, edits=Area.NEEDS),
    Step("challenges", "Challenges", 45, "ui.screens.challenges:ChallengesScreen",
         shows=Area.CHALLENGES | Area.DEPARTMENTS | Area.PARTICIPANTS | Area.ACTIONS, edits=Area.CHALLENGES),
    Step("goals", "Shared goals", 45, "ui.screens.goals:GoalsScreen",
         shows=Area.GOALS | Area.DEPARTMENTS, edits=Area.GOALS),
    Step("personas", "Personas", 45, "ui.screens.personas:PersonasScreen",
         shows=Area.PERSONAS | Area.PARTICIPANTS | Area.DEPARTMENTS, edits=Area.PERSONAS),
    Step("roles", "Roles", 30, "ui.screens.roles:RolesScreen",
         shows=Area.ROLES | Area.PARTICIPANTS | Area.DEPARTMENTS, edits=Area.ROLES),
    Step("sla", "SLA", 60, "ui.screens.sla:SlaScreen", shows=Area.SLA | Area.SIGNOFF | Area.DEPARTMENTS,
         edits=Area.SLA),
    Step("actions", "Action plan", 30, "ui.screens.actions:ActionsScreen",
         shows=Area.ACTIONS | Area.PARTICIPANTS | Area.DEPARTMENTS | Area.GOALS, edits=Area.ACTIONS),
    Step("signoff", "Sign-off", 15, "ui.screens.signoff:SignoffScreen",
         shows=Area.SLA | Area.SIGNOFF | Area.PARTICIPANTS | Area.DEPARTMENTS | Area.ROLES, edits=Area.SIGNOFF),
    Step("export", "Export", 5, "ui.screens.export:ExportScreen",
         shows=Area.SLA | Area.SIGNOFF | Area.ACTIONS | Area.GOALS),
)

BY_KEY = {s.key: s for s in STEPS}


def step(key: str) -> Step:
    return BY_KEY[key]


def with_screens() -> tuple[Step, ...]:
    """The steps a user can open today, in agenda order."""
    return tuple(s for s in STEPS if s.screen)


def step_for(changes: Area) -> Step | None:
    """The first step (agenda order) that edits any of these areas: where undo shows what it took back."""
    return next((s for s in with_screens() if s.edits & changes), None)
