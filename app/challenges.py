"""Step 3, Challenges: the board the room works on, read once per refresh: challenges, themes, dots and ranking.

A theme is **common ground** when challenges of two or more departments fall into it: a problem both sides share.
A theme's dots are those placed on it plus those on its challenges, so grouping never loses a vote; the ranking
lists themes and the challenges in none, most dots first, ties sharing a rank (1, 2, 2, 4).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property


@dataclass(frozen=True)
class ChallengeRow:
    id: int
    text: str
    department_id: int | None
    department: str
    theme_id: int | None
    theme: str
    dots: int = 0  # placed on this challenge itself
    actions: int = 0  # actions on the plan made of it


@dataclass(frozen=True)
class ThemeRow:
    id: int
    name: str
    dots: int = 0  # placed on the theme itself
    actions: int = 0


@dataclass(frozen=True)
class VoteRow:
    id: int
    participant_id: int
    challenge_id: int | None
    theme_id: int | None
    dots: int


@dataclass(frozen=True)
class RankedItem:
    """A line of the ranking: a theme, or a challenge in no theme. `id` tells the two kinds apart."""

    kind: str  # theme | challenge
    item_id: int
    title: str
    dots: int
    rank: int | None  # None until it has a dot
    tied: bool
    common_ground: bool
    sides: tuple[str, ...]  # the departments its challenges come from
    challenges: int  # how many challenges it holds (1 for a lone challenge)
    actions: int
    order: int  # its place on the board, for a stable order among equals

    @property
    def id(self) -> tuple[str, int]:
        return (self.kind, self.item_id)

    @property
    def rank_text(self) -> str:
        if self.rank is None:
            return ""
        return f"{self.rank}=" if self.tied else str(self.rank)


@dataclass(frozen=True)
class Board:
    challenges: tuple[ChallengeRow, ...]
    themes: tuple[ThemeRow, ...]
    votes: tuple[VoteRow, ...]
    dots_each: int
    people: dict[int, str] = field(default_factory=dict)  # participant id -> name
    departments: tuple[tuple[int, str], ...] = ()  # (id, name) in the agenda's order

    # Indexes built once per read: the screen asks these for every row it paints.
    @cached_property
    def _challenges_by_id(self) -> dict[int, ChallengeRow]:
        return {c.id: c for c in self.challenges}

    @cached_property
    def _themes_by_id(self) -> dict[int, ThemeRow]:
        return {t.id: t for t in self.themes}

    @cached_property
    def _members(self) -> dict[int, list[ChallengeRow]]:
        out: dict[int, list[ChallengeRow]] = {}
        for c in self.challenges:
            if c.theme_id is not None:
                out.setdefault(c.theme_id, []).append(c)
        return out

    @cached_property
    def _used(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for v in self.votes:
            out[v.participant_id] = out.get(v.participant_id, 0) + v.dots
        return out

    @cached_property
    def _votes_by_target(self) -> dict[tuple[int, str, int], VoteRow]:
        return {(v.participant_id, "challenge" if v.challenge_id is not None else "theme",
                 v.challenge_id if v.challenge_id is not None else v.theme_id): v for v in self.votes}  # type: ignore[misc]

    def challenge(self, challenge_id: int) -> ChallengeRow | None:
        return self._challenges_by_id.get(challenge_id)

    def theme(self, theme_id: int) -> ThemeRow | None:
        return self._themes_by_id.get(theme_id)

    def members(self, theme_id: int) -> list[ChallengeRow]:
        return list(self._members.get(theme_id, ()))

    def sides(self, theme_id: int) -> tuple[str, ...]:
        """The departments the theme's challenges come from, in the agenda's order of departments."""
        present = {c.department_id for c in self._members.get(theme_id, ()) if c.department_id is not None}
        return tuple(name for dept_id, name in self.departments if dept_id in present)

    def is_common_ground(self, theme_id: int) -> bool:
        return theme_id in self._common

    @cached_property
    def _common(self) -> frozenset[int]:
        return frozenset(t for t, members in self._members.items()
                         if len({c.department_id for c in members if c.department_id is not None}) >= 2)

    def used(self, participant_id: int) -> int:
        return self._used.get(participant_id, 0)

    def left(self, participant_id: int) -> int:
        return max(0, self.dots_each - self.used(participant_id))

    def vote_of(self, participant_id: int, kind: str, target_id: int) -> VoteRow | None:
        return self._votes_by_target.get((participant_id, kind, target_id))

    def dots_placed(self) -> int:
        return sum(v.dots for v in self.votes)

    def theme_dots(self, theme_id: int) -> int:
        theme = self.theme(theme_id)
        own = theme.dots if theme is not None else 0
        return own + sum(c.dots for c in self.members(theme_id))

    def next_theme_name(self) -> str:
        taken = {t.name.casefold() for t in self.themes}
        n = len(self.themes) + 1
        while f"theme {n}" in taken:
            n += 1
        return f"Theme {n}"

    @cached_property
    def ranking(self) -> tuple[RankedItem, ...]:
        items: list[RankedItem] = []
        for order, t in enumerate(self.themes):
            members = self.members(t.id)
            items.append(RankedItem("theme", t.id, t.name, self.theme_dots(t.id), None, False,
                                    self.is_common_ground(t.id), self.sides(t.id), len(members), t.actions, order))
        offset = len(items)
        for order, c in enumerate(c for c in self.challenges if c.theme_id is None):
            items.append(RankedItem("challenge", c.id, c.text, c.dots, None, False, False,
                                    (c.department,) if c.department else (), 1, c.actions, offset + order))
        items.sort(key=lambda i: (-i.dots, i.order))
        counts: dict[int, int] = {}
        for item in items:
            counts[item.dots] = counts.get(item.dots, 0) + 1
        ranked, rank = [], 0
        for n, item in enumerate(items):
            if n == 0 or item.dots != items[n - 1].dots:
                rank = n + 1
            if item.dots > 0:
                item = replace(item, rank=rank, tied=counts[item.dots] > 1)
            ranked.append(item)
        return tuple(ranked)

    def item(self, item_id: tuple[str, int]) -> RankedItem | None:
        return self._items.get(item_id)

    @cached_property
    def _items(self) -> dict[tuple[str, int], RankedItem]:
        return {i.id: i for i in self.ranking}

    def top(self, n: int) -> list[RankedItem]:
        """The items ranked n-th or better that hold a dot: ties at the cut are all in."""
        return [i for i in self.ranking if i.rank is not None and i.rank <= n]
