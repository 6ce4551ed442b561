"""Build a workshop with a large action plan, through the app's own edit commands, for benchmarks.

    .venv/bin/python scripts/make_big_plan.py OUT.cgw --actions 20000 [--seed 1] [--today 2026-01-15]

The file gets 40 participants across Sales, Marketing and Customer Success, 12 shared goals owned by Sales and
Marketing, and N actions with varied titles (20 to ~160 characters, some with non-Latin text and `<`, `&`, `=`),
owners, teams, due dates within 180 days either side of today, statuses and goal links. Everything goes through
`Workshop.apply` with the commands in `app.commands` (no raw SQL); the actions are applied in `Macro` batches of
1,000 commands, one transaction each. The same --seed (and the same day) gives the same file. Building 20,000
actions takes a while (tens of seconds); the time is printed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app import queries  # noqa: E402
from app.commands import actions as action_cmds  # noqa: E402
from app.commands import goals as goal_cmds  # noqa: E402
from app.commands import setup as setup_cmds  # noqa: E402
from app.commands.base import Command, Macro  # noqa: E402
from app.opening import create_workshop  # noqa: E402
from app.workshop import Workshop  # noqa: E402

BATCH = 1000
STATUSES = ("open", "in progress", "done", "dropped")
STATUS_WEIGHTS = (45, 25, 22, 8)

FIRST_NAMES = (
    "Dana", "Marcus", "Priya", "Tomás", "Lena", "Hiro", "Aisha", "Jonas", "Sofia", "Kwame", "Mei", "Ravi",
    "Élodie", "Mateusz", "Ingrid", "Omar", "Chloé", "Björn", "Yuki", "Nadia", "Diego", "Fatima", "Liam", "Zoë",
    "Sergei", "Amara", "Noah", "Isabela", "Kenji", "Olga", "Pieter", "Leila", "Arjun", "Siobhán", "Mateo",
    "Hana", "Rafael", "Ewa", "Tariq", "Greta",
)
LAST_NAMES = (
    "Whitfield", "Oyelaran", "Raman", "Ferreira", "Kowalczyk", "Tanaka", "Bello", "Lindqvist", "Rossi", "Mensah",
    "Chen", "Iyer", "Moreau", "Nowak", "Halvorsen", "Haddad", "Lefèvre", "Sørensen", "Sato", "Petrova", "Álvarez",
    "Rahman", "O'Connor", "Müller", "Ivanov", "Okafor", "Fischer", "Costa", "Watanabe", "Kuznetsova", "de Vries",
    "Karimi", "Banerjee", "Ní Bhriain", "García", "Park", "Santos", "Wiśniewska", "Aziz", "Johansson",
)
# (department, number of people, titles in order of seniority; the first person signs the SLA)
TEAMS = (
    ("Sales", 16, ("VP Sales", "Sales Director, EMEA", "Sales Development Lead", "Account Executive, Mid-Market",
                   "Account Executive, Enterprise", "Sales Development Representative", "Sales Engineer",
                   "Sales Operations Analyst")),
    ("Marketing", 14, ("Head of Marketing", "Demand Generation Manager", "Marketing Operations",
                       "Product Marketing Manager", "Content Lead", "Field Marketing Manager",
                       "Marketing Analyst")),
    ("Customer Success", 10, ("Customer Success Director", "Customer Success Manager", "Onboarding Specialist",
                              "Renewals Manager", "Support Team Lead")),
)
GOALS = (
    ("Grow the pipeline that sales accepts from marketing-sourced leads", "Sales-accepted leads per quarter",
     "leads", 310, 450, "CRM pipeline report"),
    ("Answer every qualified lead while the buyer is still interested", "Median time to first touch", "hours",
     38, 8, "CRM activity log"),
    ("Win more deals in the logistics vertical", "Win rate, logistics opportunities", "%", 18, 25,
     "CRM closed-won report"),
    ("Stop leads falling between marketing and sales", "Leads without an owner after 24 h", "leads", 140, 10,
     "Lead routing audit"),
    ("Make the MQL definition one both sides trust", "MQL to SQL conversion", "%", 12, 22, "Funnel dashboard"),
    ("Shorten the sales cycle for mid-market deals", "Median days from SQL to close", "days", 74, 55,
     "CRM opportunity history"),
    ("Grow expansion revenue from existing customers", "Net revenue retention", "%", 104, 112, "Billing system"),
    ("Give sales content they actually use", "Share of deals using a case study", "%", 21, 50,
     "Content analytics"),
    ("Feed lost-deal reasons back into campaigns", "Lost deals with a recorded reason", "%", 35, 90,
     "CRM closed-lost report"),
    ("Launch the partner channel in DACH", "Partner-sourced pipeline", "EUR k", 0, 800, "Partner portal"),
    ("Keep the CRM clean enough to forecast from", "Opportunities with a next step and date", "%", 48, 95,
     "CRM hygiene report"),
    ("Bring events and sales follow-up together", "Event leads contacted within 48 h", "%", 30, 85,
     "Event lead list"),
)
VERBS = (
    "Agree", "Draft", "Publish", "Review", "Audit", "Automate", "Route", "Share", "Clean up", "Map", "Rewrite",
    "Pilot", "Train the SDRs on", "Measure", "Document", "Set up", "Retire", "Merge", "Translate", "Schedule",
    "Run a workshop on", "Test", "Simplify", "Re-score", "Tag", "Report on", "Sign off", "Benchmark", "Refresh",
    "Follow up on",
)
OBJECTS = (
    "the MQL definition", "lead-scoring rules", "the SLA for inbound demo requests", "win/loss interview notes",
    "the CRM lead-status picklist", "account lists for the logistics vertical", "the weekly pipeline review",
    "the lead hand-off form", "campaign attribution", "the ideal customer profile", "the battlecard for Contoso",
    "webinar follow-up sequences", "the pricing page", "the onboarding checklist", "renewal risk signals",
    "the partner referral process", "the content calendar", "intent-data alerts", "the demo script",
    "territory assignments", "the quarterly business review deck", "trial-to-paid nudges",
    "the churn post-mortem", "event lead lists", "the case study with Fabrikam", "the SDR call guide",
    "duplicate account records", "the forecast categories", "customer reference requests", "the nurture track",
)
QUALIFIERS = (
    "with the SDR team", "before the quarterly business review", "so sales sees campaign context",
    "for EMEA & APAC", "where lead score >= 70", "for accounts with ARR < 50k", "in the Q3 <launch> brief",
    "so that MQL = SQL definitions match", "and post it in the shared channel", "for the top 200 target accounts",
    "with Customer Success in the room", "by the end of the month", "using last year's closed-lost data",
    "for mid-market & enterprise separately", "and agree who owns the follow-up",
    "so nobody has to ask twice", "with a named owner per region", "for the logistics & retail verticals",
    "so the dashboard shows <unassigned> leads", "and retire the old spreadsheet",
)
NON_LATIN = (
    "для российских партнёров", "für die DACH-Region", "日本市場向けに", "للشركاء في الخليج",
    "για την ελληνική αγορά", "한국 리셀러용", "pour l'équipe Île-de-France", "中文客户案例", "עבור צוות ישראל",
    "para o time de São Paulo", "ภาษาไทยสำหรับตัวแทน", "हिंदी में बिक्री गाइड",
)


def _title(rnd: random.Random) -> str:
    """A believable action title between 20 and ~160 characters."""
    target = rnd.choice((20, 30, 45, 60, 80, 100, 130, 160))
    text = f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)}"
    extras = list(QUALIFIERS)
    rnd.shuffle(extras)
    if rnd.random() < 0.12:
        extras.insert(0, rnd.choice(NON_LATIN))
    for extra in extras:
        if len(text) >= target:
            break
        longer = f"{text} {extra}" if rnd.random() < 0.8 else f"{text} — {extra}"
        if len(longer) > 160:
            break
        text = longer
    if rnd.random() < 0.05 and len(text) <= 145:
        text = f"{text} (ticket #{rnd.randint(100, 9999)})"
    return text


def _people() -> list[tuple[str, str, str, bool]]:
    people: list[tuple[str, str, str, bool]] = []
    for dept, count, titles in TEAMS:
        for i in range(count):
            n = len(people)
            name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n * 7) % len(LAST_NAMES)]}"
            title = titles[0] if i == 0 else titles[1 + (i - 1) % (len(titles) - 1)]
            people.append((name, title, dept, i == 0))
    return people


def _action_commands(w: Workshop, count: int, rnd: random.Random, today: dt.date) -> list[Command]:
    people = [(p.id, p.department_id) for p in w.query(queries.participants)]
    goal_ids = [g.id for g in w.query(queries.goals)]
    commands: list[Command] = []
    for _ in range(count):
        owner_id, team_id = rnd.choice(people) if rnd.random() < 0.95 else (None, None)
        if owner_id is not None and rnd.random() < 0.1:
            team_id = None  # a joint action with a named owner
        due = today + dt.timedelta(days=rnd.randint(-180, 180)) if rnd.random() < 0.97 else None
        goal_id = rnd.choice(goal_ids) if rnd.random() < 0.9 else None
        status = rnd.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
        commands.append(action_cmds.add_action(title=_title(rnd), owner_id=owner_id, team_id=team_id, due_on=due,
                                               goal_id=goal_id, status=status, step="actions"))
    return commands


def build_big_plan(path: Path, actions: int, seed: int = 1, *, today: dt.date | None = None,
                   progress: Callable[[int, int], None] | None = None) -> None:
    """Write a workshop with `actions` actions to `path` (replacing it); deterministic for a seed and day."""
    today = today or dt.date.today()
    rnd = random.Random(seed)
    w = create_workshop(Path(path), name=f"Big plan: {actions:,} actions")
    try:
        w.apply(setup_cmds.edit_workshop("company", "Northwind Analytics"))
        w.apply(setup_cmds.edit_workshop("facilitator", "Jordan Ellis"))
        w.apply(setup_cmds.edit_workshop("held_on", today - dt.timedelta(days=21)))
        w.apply(Macro("Add participants", [
            setup_cmds.add_participant(name=name, title=title, department=dept, is_signatory=signs)
            for name, title, dept, signs in _people()]))
        owners = w.query(queries.default_goal_owners)
        w.apply(Macro("Add goals", [
            goal_cmds.add_goal(statement=statement, owner_ids=owners, metric=metric, unit=unit, baseline=baseline,
                               target=target, deadline=today + dt.timedelta(days=30 + 25 * i),
                               data_source=source)
            for i, (statement, metric, unit, baseline, target, source) in enumerate(GOALS)]))
        commands = _action_commands(w, actions, rnd, today)
        for start in range(0, len(commands), BATCH):
            w.apply(Macro("Add actions", commands[start:start + BATCH]))
            if progress:
                progress(min(start + BATCH, len(commands)), len(commands))
    finally:
        w.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the .cgw file to write (replaced if it exists)")
    parser.add_argument("--actions", type=int, required=True, help="number of actions")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="day the due dates centre on (default today)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    opts = parser.parse_args(argv)
    if opts.actions < 0:
        parser.error("--actions must be 0 or more")

    start = time.perf_counter()

    def report(done: int, total: int) -> None:
        if not opts.quiet:
            print(f"  {done:,} / {total:,} actions  ({time.perf_counter() - start:.1f} s)", flush=True)

    if opts.actions >= 10_000:
        print(f"building {opts.actions:,} actions; this takes a while (tens of seconds or more)", flush=True)
    build_big_plan(opts.out, opts.actions, opts.seed, today=opts.today, progress=report)
    print(f"wrote {opts.out} with {opts.actions:,} actions in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
