"""The bundled demo: a believable kickoff at a mid-sized B2B software company, built through the edit path."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from app import queries
from app.commands import actions, challenges, goals, opening, parking, personas, roles, setup, sla
from app.opening import create_workshop
from app.workshop import Workshop

PEOPLE = (
    ("Dana Whitfield", "VP Sales", "Sales", True),
    ("Marcus Oyelaran", "Head of Marketing", "Marketing", True),
    ("Priya Raman", "Sales Development Lead", "Sales", False),
    ("Tomás Ferreira", "Account Executive, Mid-Market", "Sales", False),
    ("Lena Kowalczyk", "Demand Generation Manager", "Marketing", False),
    ("Hiro Tanaka", "Marketing Operations", "Marketing", False),
    ("Aisha Bello", "Customer Success Director", "Customer Success", False),
)


RIVALRIES = (
    ("Marketing hands over leads that are not ready to buy", "Sales", "Marketing", "high",
     "Agree one written definition of an MQL and an SQL, and a feedback field on every opportunity", True),
    ("Sales ignores the leads marketing works hard to generate", "Marketing", "Sales", "high",
     "First touch on every MQL within one working day, reported weekly", False),
    ("Nobody can say which campaigns actually bring revenue", None, None, "medium", "", False),
    ("Content is written without asking what buyers ask sales", "Sales", "Marketing", "low",
     "Sales sends the ten most asked buyer questions each month", False),
)


NEEDS = (
    ("Tell us within two days why a lead was rejected", "Marketing", "Sales", "need", "Dana Whitfield"),
    ("A seat at the weekly pipeline review", "Marketing", "Sales", "want", ""),
    ("The ten questions buyers ask most, every month", "Marketing", "Sales", "need", "Priya Raman"),
    ("Leads with the company size and the budget filled in", "Sales", "Marketing", "need", "Marcus Oyelaran"),
    ("Case studies for the logistics vertical", "Sales", "Marketing", "want", ""),
)


# (challenge, side, theme or ""): three themes, two of them shared by both sides, and a few still on their own.
CHALLENGES = (
    ("Leads arrive without the company size or a budget", "Sales", "Lead handoff and data"),
    ("Reps cannot see which campaign a lead came from", "Sales", "Lead handoff and data"),
    ("Lead scores are ignored once a lead reaches the CRM", "Marketing", "Lead handoff and data"),
    ("Rejected leads come back without a reason", "Marketing", "Lead handoff and data"),
    ("Demo requests wait in a shared inbox overnight", "Sales", "Speed to lead"),
    ("Webinar attendees are never followed up", "Sales", "Speed to lead"),
    ("Nobody can tell us whether an MQL was ever called", "Marketing", "Speed to lead"),
    ("Pricing comes up before the buyer sees the value", "Sales", "Sales content"),
    ("The case studies are three years old", "Sales", "Sales content"),
    ("We guess which questions buyers ask", "Marketing", ""),
    ("The campaign budget is fixed before sales targets are known", "Marketing", ""),
    ("Renewal risks reach us only after the deal has closed", "Customer Success", ""),
)

# (who, theme name or challenge text, dots)
VOTES = (
    ("Dana Whitfield", "Lead handoff and data", 2), ("Dana Whitfield", "Speed to lead", 1),
    ("Marcus Oyelaran", "Lead handoff and data", 1), ("Marcus Oyelaran", "Nobody can tell us whether an MQL was ever "
                                                                           "called", 1),
    ("Marcus Oyelaran", "The campaign budget is fixed before sales targets are known", 1),
    ("Priya Raman", "Speed to lead", 2), ("Priya Raman", "Pricing comes up before the buyer sees the value", 1),
    ("Lena Kowalczyk", "Lead handoff and data", 1), ("Lena Kowalczyk", "We guess which questions buyers ask", 2),
    ("Hiro Tanaka", "Lead scores are ignored once a lead reaches the CRM", 1),
)


TARGET_MARKET = ("Logistics and wholesale companies of 200 to 2,000 people in Germany, Austria and the Benelux, "
                 "running their planning on spreadsheets and an ageing ERP")

# name, role, industry, size, region, goals, pains, objections, channels, triggers, fit, owners
PERSONAS = (
    ("Operations Olga", "Head of Operations", "Logistics", "200–1,000", "DACH",
     "Fewer late shipments; one view of stock across warehouses",
     "Planners re-key orders from e-mail into three systems; reports are a week old",
     "\"We tried a BI tool in 2022 and nobody used it\"",
     "Trade fairs, LinkedIn groups for supply-chain leads, peers at other depots",
     "A missed delivery penalty; a new warehouse opening", "Runs 3+ warehouses; ERP older than 8 years",
     ("Tomás Ferreira", "Lena Kowalczyk")),
    ("Finance Frank", "CFO", "Wholesale", "500–2,000", "Benelux",
     "Margins by customer and route, monthly close in 5 days",
     "Cannot see which customers lose money after freight", "Worried about the cost of another licence",
     "Analyst reports, finance webinars, his auditor", "Budget season in September; an acquisition",
     "Revenue above 100 M EUR; owns the analytics budget", ("Dana Whitfield", "Hiro Tanaka")),
    ("IT Irina", "IT Manager", "Logistics", "200–1,000", "DACH",
     "Nothing new to host; single sign-on", "Every department buys its own tool",
     "Security review takes three months", "Vendor documentation, Stack Overflow, IT peer groups",
     "An audit finding; the ERP upgrade project", "Has a security checklist we can answer up front",
     ("Priya Raman", "Hiro Tanaka")),
)


# activity -> {person: letter}: each with one Accountable and someone Responsible
RACI = {
    "First contact with a lead": {"Priya Raman": "A", "Tomás Ferreira": "R", "Lena Kowalczyk": "I"},
    "Lead qualification": {"Priya Raman": "A", "Tomás Ferreira": "R", "Hiro Tanaka": "C"},
    "Lead scoring": {"Hiro Tanaka": "A", "Lena Kowalczyk": "R", "Priya Raman": "C"},
    "Nurturing": {"Lena Kowalczyk": "A", "Hiro Tanaka": "R", "Tomás Ferreira": "I"},
    "Sales content": {"Marcus Oyelaran": "A", "Lena Kowalczyk": "R", "Tomás Ferreira": "C"},
    "Campaign development": {"Marcus Oyelaran": "A", "Lena Kowalczyk": "R", "Dana Whitfield": "C"},
    "Follow-up": {"Dana Whitfield": "A", "Tomás Ferreira": "R", "Priya Raman": "R", "Aisha Bello": "I"},
    "Reporting": {"Hiro Tanaka": "A", "Priya Raman": "R", "Dana Whitfield": "I", "Marcus Oyelaran": "I"},
}
# name, how often, host, who attends
MEETINGS = (("Weekly pipeline review", "weekly", "Sales", ("Dana Whitfield", "Priya Raman", "Tomás Ferreira")),
            ("Campaign planning", "every two weeks", "Marketing", ("Marcus Oyelaran", "Lena Kowalczyk")),
            ("Quarterly strategy review", "quarterly", "Sales", ("Dana Whitfield", "Marcus Oyelaran", "Aisha Bello")))
ROLES = (("Lead qualifier", "Sales", "Priya Raman"), ("Campaign owner", "Marketing", "Lena Kowalczyk"),
         ("Scoring model keeper", "Marketing", "Hiro Tanaka"))


PARKED = (  # both dealt with, so closing the demo does not stop to ask
    ("Should we replace the CRM next year?", "Tomás Ferreira", "rivalries", "carried"),
    ("Who pays for the trade-show booth?", "Lena Kowalczyk", "needs", "resolved"),
)


def build_demo(path: Path, *, today: dt.date | None = None) -> None:
    """Write the demo workshop to `path`; dates are relative to `today` so the plan always looks current."""
    today = today or dt.date.today()
    w = create_workshop(path, name="Revenue alignment kickoff")
    try:
        _fill(w, today)
    finally:
        w.close()


def _fill(w: Workshop, today: dt.date) -> None:
    w.apply(setup.edit_workshop("company", "Northwind Analytics"))
    w.apply(setup.edit_workshop("facilitator", "Jordan Ellis"))
    w.apply(setup.edit_workshop("held_on", today - dt.timedelta(days=21)))
    for name, title, dept, signs in PEOPLE:
        w.apply(setup.add_participant(name=name, title=title, department=dept, is_signatory=signs))
    ids = {p.name: p.id for p in w.query(queries.participants)}
    owners = w.query(queries.default_goal_owners)
    w.apply(goals.add_goal(
        statement="Grow the pipeline that sales accepts from marketing-sourced leads", owner_ids=owners,
        metric="Sales-accepted leads per quarter", unit="leads", baseline=310, target=450,
        deadline=today + dt.timedelta(days=160), data_source="CRM pipeline report"))
    w.apply(goals.add_goal(
        statement="Answer every qualified lead while the buyer is still interested", owner_ids=owners,
        metric="Median time to first touch", unit="hours", baseline=38, target=8,
        deadline=today + dt.timedelta(days=90), data_source="CRM activity log"))
    w.apply(goals.add_goal(statement="Win more deals in the logistics vertical", owner_ids=owners[:1],
                           metric="Win rate, logistics opportunities", unit="%", baseline=18))
    depts = {d.name: d.id for d in w.query(queries.departments)}
    for statement, held, about, severity, response, addressed in RIVALRIES:
        w.apply(opening.add_rivalry(statement=statement, held_by_id=depts.get(held), about_id=depts.get(about),
                                    severity=severity, response=response, addressed=addressed))
    for text, asker, asked, kind, acknowledger in NEEDS:
        w.apply(opening.add_need(text=text, from_id=depts[asker], to_id=depts[asked], kind=kind))
        if acknowledger:
            w.apply(opening.edit_need(w.query(queries.needs)[-1].id, "acknowledged_by_id", ids[acknowledger]))
    _challenges(w, depts, ids)
    w.apply(personas.set_target_market(TARGET_MARKET))
    for name, role, industry, size, region, aims, pains, objections, channels, triggers, fit, owners in PERSONAS:
        w.apply(personas.add_persona(name=name, role=role, industry=industry, size_band=size, region=region,
                                     goals=aims, pains=pains, objections=objections, channels=channels,
                                     buying_triggers=triggers, fit_criteria=fit,
                                     owner_ids=[ids[o] for o in owners]))
    _roles(w, depts, ids, today)
    from app.sla import shipped

    w.apply(sla.start_from_template(shipped(), depts, today=today - dt.timedelta(days=21)))
    _sign_off(w, today)
    for text, who, step, outcome in PARKED:
        w.apply(parking.park(text=text, step=step, raised_by_id=ids[who]))
        w.apply(parking.edit_parked(w.query(queries.parked)[-1].id, "outcome", outcome))
    goal_ids = [g.id for g in w.query(queries.goals)]
    plan = (
        ("Agree one written definition of an MQL and an SQL", "Marcus Oyelaran", -5, "done", 0),
        ("Add a lead-feedback field to every opportunity in the CRM", "Hiro Tanaka", -3, "in progress", 0),
        ("Route inbound demo requests to the SDR on duty within the hour", "Priya Raman", 10, "open", 1),
        ("Invite one account executive to each weekly campaign stand-up", "Lena Kowalczyk", 14, "open", 0),
        ("Share the top ten lost-deal reasons with marketing every month", "Tomás Ferreira", 30, "open", 2),
        ("Build a logistics case study with a reference customer", "Aisha Bello", 45, "open", 2),
    )
    teams = {p.id: p.department_id for p in w.query(queries.participants)}
    for title, owner, days, _status, goal in plan:
        w.apply(actions.add_action(title=title, owner_id=ids[owner], team_id=teams[ids[owner]],
                                   due_on=today + dt.timedelta(days=days), goal_id=goal_ids[goal], step="actions"))
    for row in w.query(queries.actions):
        wanted = next(p for p in plan if p[0] == row.title)[3]
        if wanted != "open":
            w.apply(actions.edit_action(row.id, "status", wanted))


def _challenges(w: Workshop, depts: dict[str, int], people: dict[str, int]) -> None:
    for text, side, _theme in CHALLENGES:
        w.apply(challenges.add_challenge(text=text, department_id=depts[side]))
    by_text = {c.text: c.id for c in w.query(queries.challenge_board).challenges}
    for name in dict.fromkeys(theme for _text, _side, theme in CHALLENGES if theme):
        members = [by_text[text] for text, _side, theme in CHALLENGES if theme == name]
        w.apply(challenges.new_theme(w.query(queries.challenge_board), members, name))
    for who, target, dots in VOTES:
        for _ in range(dots):
            board = w.query(queries.challenge_board)
            theme = next((t.id for t in board.themes if t.name == target), None)
            kind, target_id = ("theme", theme) if theme is not None else ("challenge", by_text[target])
            w.apply(challenges.give_dot(board, people[who], kind, target_id))


def _roles(w: Workshop, depts: dict[str, int], people: dict[str, int], today: dt.date) -> None:
    w.apply(roles.set_qualifier(depts["Sales"]))
    w.apply(roles.set_qualifier_reason("Sales development talks to the buyer first and knows within one call "
                                       "whether there is a project; marketing's score decides who gets that call"))
    for activity in w.query(queries.activities):
        for who, letter in RACI.get(activity.name, {}).items():
            current = next(a for a in w.query(queries.activities) if a.id == activity.id)
            w.apply(roles.set_raci(current, people[who], letter))
    for name, dept, holder in ROLES:
        w.apply(roles.add_role(name=name, department_id=depts[dept], holder_id=people[holder]))
    for name, cadence, host, attendees in MEETINGS:
        w.apply(roles.add_meeting(name=name, cadence=cadence, host_id=depts[host]))
        meeting = w.query(queries.rota_board).meetings[-1]
        w.apply(roles.set_attendees(meeting.id, current=(), wanted=[people[a] for a in attendees]))
    board = w.query(queries.rota_board)
    lena = people["Lena Kowalczyk"]  # away in the third week: the rota sends someone else
    w.apply(roles.propose_rota(board, start=today, weeks=8))
    board = w.query(queries.rota_board)
    turn = next((t for t in board.turns if t.participant_id == lena and t.week > board.start), None)
    if turn is not None:
        w.apply(roles.mark_away(board, turn))


def signature_png(name: str, *, width: int = 480, height: int = 140) -> bytes:
    """A handwriting-like stroke for the demo's signatures: a greyscale PNG written with zlib, no image library."""
    import math
    import struct
    import zlib

    pixels = bytearray(b"\xff" * (width * height))
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(name))
    points: list[tuple[float, float]] = []
    loops = max(4, min(9, len(name) // 2))
    for i in range(loops * 40):
        t = i / 40
        x = 30 + t * (width - 80) / loops + 14 * math.sin(t * 2 * math.pi + seed)
        y = height * 0.55 - (26 + (seed >> (i // 40 % 5)) % 18) * abs(math.sin(t * math.pi)) * (1 if i // 40 % 2
                                                                                              else 0.6)
        points.append((x, y + 8 * math.sin(t * 0.7)))
    underline = [(30 + k * (width - 60) / 60, height * 0.8 - 6 * math.sin(k / 9)) for k in range(61)]
    segments = list(zip(points, points[1:], strict=False)) + list(zip(underline, underline[1:], strict=False))
    for (x0, y0), (x1, y1) in segments:
        steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
        for s in range(steps + 1):
            x, y = x0 + (x1 - x0) * s / steps, y0 + (y1 - y0) * s / steps
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    px, py = int(x) + dx, int(y) + dy
                    if 0 <= px < width and 0 <= py < height:
                        pixels[py * width + px] = 0x1a
    raw = b"".join(b"\x00" + bytes(pixels[r * width:(r + 1) * width]) for r in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _sign_off(w: Workshop, today: dt.date) -> None:
    """Version 1 signed by both heads on the kickoff's day; version 2, a draft amending it after the first weeks."""
    from app.commands import signoff

    start = dt.datetime.combine(today - dt.timedelta(days=21), dt.time(16, 30), tzinfo=dt.UTC)
    moments = iter(start + dt.timedelta(minutes=4 * i) for i in range(10))
    for person in w.query(queries.signatories):
        w.apply(signoff.sign(w.query(queries.sla).version, person, name=person.name, title=person.title,
                             on=start.date(), image_png=signature_png(person.name), clock=lambda: next(moments)))
    w.apply(signoff.new_draft(w.query(queries.sla).version, actor="Jordan Ellis",
                              clock=lambda: dt.datetime.combine(today - dt.timedelta(days=2), dt.time(9, 0),
                                                                tzinfo=dt.UTC)))
    draft = w.query(queries.sla)
    contact = next(c for c in draft.commitments if c.text.startswith("First contact"))
    w.apply(sla.edit_commitment(draft.version, contact.id, "target", 12))
    w.apply(sla.add_clause(draft.version, section="recycling", title="Event leads"))
    added = next(c for c in w.query(queries.sla).clauses if c.title == "Event leads")
    w.apply(sla.edit_clause(draft.version, added.id, "body",
                            "Leads scanned at trade shows are called within two working days of the event, "
                            "before they are scored."))
    rule = next(r for r in draft.rules if r.points > 0)
    w.apply(sla.edit_rule(draft.version, rule.id, "points", rule.points + 5))
    w.apply(sla.set_decay(draft.version, 5, 30))
