"""The synthetic entries `synth` writes: groups, bases, attacks and articles drawn from a seeded
random generator, every field kind of the entry format used, awkward text included."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)  # never after a build date: synthetic attacks are always in the past

# (transliteration, Arabic, English) pieces of group names.
HEADS = [
    ("Kata'ib", "كتائب", "Brigades"), ("Saraya", "سرايا", "Companies"), ("Harakat", "حركة", "Movement"),
    ("Liwa", "لواء", "Brigade"), ("Asa'ib", "عصائب", "Leagues"), ("Jaysh", "جيش", "Army"),
    ("Quwat", "قوات", "Forces"), ("Tashkil", "تشكيل", "Formation"), ("Firqat", "فرقة", "Division"),
    ("Ansar", "أنصار", "Supporters"),
]
TAILS = [
    ("Hezbollah", "حزب الله", "the Party of God"), ("al-Haq", "الحق", "the Truth"),
    ("Sayyid al-Shuhada", "سيد الشهداء", "the Master of Martyrs"), ("al-Imam Ali", "الإمام علي", "Imam Ali"),
    ("al-Khorasani", "الخراساني", "al-Khorasani"), ("Ahl al-Kahf", "أهل الكهف", "the People of the Cave"),
    ("al-Nujaba", "النجباء", "the Nobles"), ("Rab'Allah", "ربع الله", "God's Companions"),
    ("al-Abbas", "العباس", "al-Abbas"), ("Tha'r Allah", "ثأر الله", "God's Revenge"),
    ("Awliya al-Dam", "أولياء الدم", "the Guardians of Blood"), ("al-Mahdi", "المهدي", "al-Mahdi"),
    ("al-Wa'd al-Haq", "الوعد الحق", "the True Promise"), ("al-Thawriyin", "الثوريين", "the Revolutionaries"),
    ("Qasim al-Jabbarin", "قاصم الجبارين", "the Breaker of Tyrants"),
]
VESSEL_ID = "synthetic-tanker"
VESSEL_YAML = """\
name: Synthetic Tanker
aliases: [Tanker One]
imo: 9000001
kind: merchant
vessel_type: oil tanker
flag: panama
owner: Synthetic Shipping
operator: Synthetic Ship Management
summary: An invented tanker, attacked at sea.
sources:
  - publisher: Synthetic Wire
    title: Ship register
    url: https://example.org/synthetic-tanker
"""
PLACES = [
    # (name, Arabic, country, province, lat, lon)
    ("Baghdad", "بغداد", "iraq", "Baghdad", 33.31, 44.36), ("Basra", "البصرة", "iraq", "Basra", 30.51, 47.78),
    ("Erbil", "أربيل", "iraq", "Erbil", 36.19, 44.01), ("Anbar", "الأنبار", "iraq", "Anbar", 33.42, 43.30),
    ("Diyala", "ديالى", "iraq", "Diyala", 33.77, 45.12), ("Nineveh", "نينوى", "iraq", "Nineveh", 36.34, 43.13),
    ("Karbala", "كربلاء", "iraq", "Karbala", 32.61, 44.02), ("Najaf", "النجف", "iraq", "Najaf", 32.00, 44.33),
    ("Salahuddin", "صلاح الدين", "iraq", "Saladin", 34.60, 43.68), ("Kirkuk", "كركوك", "iraq", "Kirkuk", 35.47, 44.39),
    ("Deir ez-Zor", "دير الزور", "syria", "Deir ez-Zor", 35.33, 40.14),
    ("Hasakah", "الحسكة", "syria", "Hasakah", 36.50, 40.75), ("al-Bukamal", "البوكمال", "syria", "Deir ez-Zor", 34.45, 40.92),
    ("al-Tanf", "التنف", "syria", "Homs", 33.50, 38.62), ("Raqqa", "الرقة", "syria", "Raqqa", 35.95, 39.01),
    ("Mayadin", "الميادين", "syria", "Deir ez-Zor", 35.02, 40.45),
    ("Rukban", "الركبان", "jordan", "Mafraq", 33.31, 38.70), ("Ruwaished", "الرويشد", "jordan", "Mafraq", 32.50, 38.20),
    ("Ahvaz", "الأهواز", "iran", "Khuzestan", 31.32, 48.67), ("Kuwait City", "مدينة الكويت", "kuwait", "Al Asimah", 29.37, 47.98),
]
BASE_KINDS = [("Air Base", "air-base"), ("Camp", "garrison"), ("Mission Support Site", "mission-support-site"),
              ("Outpost", "outpost"), ("Landing Zone", "landing-zone"), ("Consulate", "diplomatic"),
              ("Oil Field", "other")]
GARRISONS = ["U.S. forces", "Iraqi Security Forces", "Coalition forces", "Syrian Democratic Forces",
             "Peshmerga", "Jordanian Armed Forces", "contractors"]
WEAPONS = ["drone", "rocket", "mortar", "ballistic-missile", "cruise-missile", "ied", "small-arms", "airstrike",
           "other", "unknown"]
WEAPON_WEIGHTS = [30, 30, 8, 3, 1, 5, 3, 4, 1, 2]
TAGS = ["iran-backed militias", "islamic resistance in iraq", "us strikes", "iraq", "syria", "jordan", "drones",
        "rockets", "oil fields", "diplomatic sites", "Tower 22", "IRGC", "claims on Telegram", "retaliation",
        "ceasefire", "escalation", "kurdistan", "border", "logistics convoys", "air defence", "intercepts",
        "casualties", "unconfirmed", "Basra", "Baghdad green zone", "Deir ez-Zor", "al-Tanf", "Hasakah",
        "Anbar", "2024 surge"]
PUBLISHERS = ["FDD's Long War Journal", "Reuters", "Associated Press", "U.S. Department of Defense",
              "Al-Monitor", "The Washington Institute", "Rudaw", "Shafaq News", "ACLED"]
# Strings that break naive YAML, Markdown, HTML or template handling; they must come out as written.
AWKWARD = ["NO", "on", "1e3", "0755", "2023-10-29", "null", "~", "a: b", "#not a comment", "{{ site_name }}",
           "{% raw %}", "<script>alert(1)</script>", "A | B", "*starred* _under_", "[[not-a-link", "100% [sic]",
           "back\\slash", "\"quoted\"", "it's", "tab\there", "emoji 🚀", "‏RTL mark", "trailing space "]


def q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70]


@dataclass(eq=False)
class Group:
    id: str
    name: str
    short_name: str
    aliases: list
    native_name: str
    place: tuple
    weight: float
    type: str = "militia"
    fields: dict = field(default_factory=dict)


@dataclass(eq=False)
class Base:
    id: str
    name: str
    place: tuple


class Synth:
    """Draws a whole site from one random generator, in a fixed order."""

    def __init__(self, attacks: int, seed: int):
        self.rng = random.Random(seed)
        self.n_attacks = attacks
        self.n_groups = max(3, attacks // 30)
        self.n_bases = max(2, attacks // 40)
        self.used_ids = set()

    def unique_id(self, base: str) -> str:
        ident, number = base, 2
        while ident in self.used_ids or ident in ("index", "page", "feed", "tags"):
            ident, number = f"{base}-{number}", number + 1
        self.used_ids.add(ident)
        return ident

    def awkward(self, chance: float) -> str:
        return self.rng.choice(AWKWARD) if self.rng.random() < chance else ""

    def date(self, start=FIRST_DAY, end=LAST_DAY) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def partial(self, day: dt.date, month_chance=0.1, year_chance=0.02) -> str:
        roll = self.rng.random()
        if roll < year_chance:
            return f"{day.year}"
        if roll < year_chance + month_chance:
            return f"{day.year}-{day.month:02d}"
        return day.isoformat()

    # -- groups -------------------------------------------------------------------

    def groups(self) -> list:
        out = [self.kataib_hezbollah()]
        seen_names, short_names = {out[0].name}, {out[0].short_name}
        while len(out) < self.n_groups:
            head, tail, place = self.rng.choice(HEADS), self.rng.choice(TAILS), self.rng.choice(PLACES)
            regional = self.rng.random() < 0.7
            name = f"{head[0]} {tail[0]}" + (f" fi {place[0]}" if regional else "")
            if name in seen_names:
                continue
            seen_names.add(name)
            native = f"{head[1]} {tail[1]}" + (f" في {place[1]}" if regional else "")
            short = "".join(w[0] for w in re.split(r"[\s'-]+", name) if w and w[0].isupper())[:5] or "X"
            short = next(f"{short}{n or ''}" for n in range(len(out) + 1) if f"{short}{n or ''}" not in short_names)
            short_names.add(short)  # unique, so a search for "KH" has one right answer
            aliases = [f"{tail[2][0].upper()}{tail[2][1:]} {head[2]}" + (f" of {place[0]}" if regional else ""),
                       name.replace("'", "").replace("al-", "al ")]
            if self.rng.random() < 0.15:
                aliases.append(f"{name} {self.awkward(1.0)}".strip())
            aliases = list(dict.fromkeys(a for a in aliases if a != name))
            ident = self.unique_id(slug(name))
            weight = 1.0 / (len(out) ** 0.8)  # a few prolific groups, a long tail of small ones
            out.append(Group(ident, name, short, aliases, native, place, weight,
                             self.rng.choice(["militia"] * 6 + ["front", "front", "umbrella", "other"])))
        self.link_groups(out)
        return out

    def kataib_hezbollah(self) -> Group:
        self.used_ids.add("kataib-hezbollah")
        return Group("kataib-hezbollah", "Kata'ib Hezbollah", "KH",
                     ["Hezbollah Brigades", "Kata'ib Hizballah", "Kataib Hezbollah"], "كتائب حزب الله",
                     PLACES[0], 1.0)

    def link_groups(self, groups: list) -> None:
        """Relations point only to earlier groups, so they can never form a cycle."""
        umbrellas = [g for g in groups if g.type == "umbrella"]
        sponsors = groups[1:3]
        for position, group in enumerate(groups):
            earlier_umbrellas = [u for u in umbrellas if groups.index(u) < position]
            if earlier_umbrellas and self.rng.random() < 0.5:
                group.fields["member_of"] = [self.rng.choice(earlier_umbrellas).id]
            if group.type == "front" and position > 1:
                group.fields["front_for"] = [groups[self.rng.randrange(position)].id]
            earlier_sponsors = [s for s in sponsors if groups.index(s) < position]
            if earlier_sponsors and self.rng.random() < 0.4:
                group.fields["backed_by"] = [earlier_sponsors[0].id]

    def group_yaml(self, group: Group, bases: list, full: bool = False) -> str:
        """`full`: every optional field, so even a tiny site uses each field kind."""
        rng = self.rng
        founded = self.date(dt.date(2003, 1, 1), dt.date(2022, 12, 31))
        lines = [f"name: {q(group.name)}", f"short_name: {q(group.short_name)}", "aliases:"]
        lines += [f"  - {q(a)}" for a in group.aliases]
        lines += [f"native_name: {q(group.native_name)}"]
        if rng.random() < 0.3 or full:
            lines.append(f"native_name_lang: {rng.choice(['ar', 'ar-IQ', 'fa'])}")
        lines += [f"type: {group.type}", f"founded: {self.partial(founded, 0.3, 0.3)}"]
        if rng.random() < 0.05 or full:
            lines.append(f"dissolved: {self.date(founded, LAST_DAY).year}")
        lines += ["countries:"] + [f"  - {c}" for c in dict.fromkeys([group.place[2], rng.choice(["iraq", "syria"])])]
        for relation in ("member_of", "front_for", "backed_by"):
            if group.fields.get(relation):
                lines += [f"{relation}:"] + [f"  - {i}" for i in group.fields[relation]]
        if rng.random() < 0.6 or full:
            lines += ["leaders:", f"  - name: {q('Abu ' + rng.choice(TAILS)[0].replace('al-', '') + ' al-' + rng.choice(PLACES)[0].split()[-1])}",
                      f"    role: {q(rng.choice(['secretary-general', 'founder', 'spokesman', 'military commander']))}",
                      f"    since: {founded.year}"]
            if rng.random() < 0.3 or full:
                lines.append(f"    until: {self.partial(self.date(founded, LAST_DAY), 0.5, 0.2)}")
        if rng.random() < 0.2 or full:
            lines += ["designations:", "  - by: U.S. Department of State",
                      "    designation: Specially Designated Global Terrorist",
                      f"    date: {self.date(dt.date(2009, 1, 1), LAST_DAY).isoformat()}"]
        if rng.random() < 0.1 or full:
            lines += ["redirect_from:", f"  - {self.unique_id('former-' + group.id[:60])}"]
        if full:  # no draw of the random stream: every other entry stays as it was
            lines += ["history:", f"  - date: {founded.year}", "    text: Founded, by its own account.[^1]",
                      "    source: 1", f"  - date: {founded.year}-{founded.month:02d}",
                      f"    text: First named in a statement about [[{bases[0].id}]]."]
        targets = [b.id for b in rng.sample(bases, min(2, len(bases)))]
        summary = (f"{group.name} is a{'n' if group.type[0] in 'aeiou' else ''} {group.type.replace('-', ' ')} "
                   f"active around {group.place[0]}. Its fighters are reported to have targeted [[{targets[0]}]]"
                   + (f" and [[{targets[-1]}|{group.short_name}'s second target]]" if len(targets) > 1 else "")
                   + f". {self.sentence()}")
        lines += self.common(summary, tags=1, full=full)
        return "\n".join(lines) + "\n"

    # -- bases --------------------------------------------------------------------

    def bases(self) -> list:
        out, names = [], set()
        while len(out) < self.n_bases:
            place, (word, _) = self.rng.choice(PLACES), self.rng.choice(BASE_KINDS)
            name = f"{word} {place[0]}" if word in ("Camp", "Outpost") else f"{place[0]} {word}"
            if name in names:
                name = f"{name} {len(out) + 1}"
            names.add(name)
            out.append(Base(self.unique_id(slug(name)), name, place))
        return out

    def base_yaml(self, base: Base, full: bool = False) -> str:
        rng = self.rng
        kind = next(k for w, k in BASE_KINDS if w in base.name)
        lat, lon = base.place[4] + rng.uniform(-0.5, 0.5), base.place[5] + rng.uniform(-0.5, 0.5)
        lines = [f"name: {q(base.name)}", "aliases:", f"  - {q(base.name.replace('al-', 'Al ').replace('Air Base', 'Airbase'))}",
                 f"  - {q(base.place[1])}", f"country: {base.place[2]}", f"province: {q(base.place[3])}",
                 f"coordinates: [{lat:.4f}, {lon:.4f}]",
                 f"coordinates_precision: {rng.choice(['exact', 'approximate'])}",
                 "garrison:"] + [f"  - {q(g)}" for g in rng.sample(GARRISONS, rng.randint(1, 3))]
        lines += [f"kind: {kind}", f"status: {rng.choice(['active'] * 5 + ['closed', 'handed-over'])}"]
        opened = self.date(dt.date(1990, 1, 1), dt.date(2018, 12, 31))
        lines.append(f"opened: {self.partial(opened, 0.3, 0.4)}")
        if rng.random() < 0.1 or full:
            lines.append(f"closed_on: {self.date(dt.date(2019, 1, 1), LAST_DAY).isoformat()}")
        if rng.random() < 0.05 or full:
            lines += ["redirect_from:", f"  - {self.unique_id('former-' + base.id[:60])}"]
        summary = (f"A site near {base.place[0]} in {base.place[3]} province, "
                   f"{base.place[2].replace('-', ' ').title()}. {self.sentence()}")
        lines += self.common(summary, tags=1, full=full)
        return "\n".join(lines) + "\n"

    # -- attacks ------------------------------------------------------------------

    def attacks(self, groups: list, bases: list) -> list:
        days = sorted(self.date() for _ in range(self.n_attacks))
        weights = [g.weight for g in groups]
        out = []
        for position, day in enumerate(days):
            base = self.rng.choice(bases) if self.rng.random() < 0.85 and position != 1 else None
            place = base.place if base else self.rng.choice(PLACES)
            ident = self.unique_id(f"{day.isoformat()}-{slug(place[0])}")
            out.append((ident, day, base, place, self.attack_yaml(day, base, place, groups, weights, position == 0,
                                                                  at_sea=position == 1)))
        return out

    def attack_yaml(self, day, base, place, groups, weights, full: bool = False, at_sea: bool = False) -> str:
        rng = self.rng
        lines = [f"date: {self.partial(day)}"]
        if rng.random() < 0.1 or full:
            lines.append("approximate: true")
        if rng.random() < 0.05 or full:
            lines.append(f"end_date: {(day + dt.timedelta(days=rng.randint(1, 3))).isoformat()}"
                         if day <= LAST_DAY - dt.timedelta(days=3) else f"end_date: {day.isoformat()}")
        if rng.random() < 0.05 or full:
            lines.append(f"title: {q(rng.choice(['Barrage on ', 'Strike near ', 'Ambush at ']) + place[0] + ' ' + self.awkward(1.0 if full else 0.5))}")
        if base:
            lines.append(f"base: {base.id}")
        elif at_sea:  # a ship attacked at sea: the synthetic vessel (synth.VESSEL), somewhere in the Persian Gulf
            lines += [f"vessel: {VESSEL_ID}", "location:", f"  name: {q('Off ' + place[0])}", "  sea: persian-gulf",
                      "  coordinates: [29.2, 49.6]", "  coordinates_precision: approximate"]
        else:
            lines += ["location:", f"  name: {q('Convoy near ' + place[0])}", f"  country: {place[2]}",
                      f"  province: {q(place[3])}", f"  coordinates: [{place[4]:.3f}, {place[5]:.3f}]"]
        roll = 0.5 if full else rng.random()
        claimed = rng.choices(groups, weights, k=rng.randint(1, 2)) if roll < 0.6 else []
        attributed = rng.choices(groups, weights, k=1) if 0.4 < roll < 0.9 else []
        for key, chosen in (("claimed_by", claimed), ("attributed_to", attributed)):
            if chosen and full and key == "attributed_to":  # who blames it, how sure, which source says so
                lines += [f"{key}:", f"  - group: {chosen[0].id}", "    by: U.S. Department of Defense",
                          "    certainty: suspected", "    source: 2"]
            elif chosen:
                lines += [f"{key}:"] + [f"  - {g.id}" for g in dict.fromkeys(chosen)]
        lines.append(f"confirmation: {rng.choice(['confirmed', 'claim-only', 'media-only', 'denied'])}")
        if rng.random() < 0.9 or full:
            weapons = list(dict.fromkeys(rng.choices(WEAPONS, WEAPON_WEIGHTS, k=rng.randint(1, 3))))
            lines.append("weapons: [" + ", ".join(weapons) + "]")
        lines.append(f"outcome: {rng.choice(['impact', 'intercepted', 'failed', 'unknown'])}")
        for key in ("killed", "wounded"):
            roll = rng.random()
            if roll < 0.3 and not (full and key == "wounded"):
                lines.append(f"{key}: {rng.randint(0, 5)}")
            elif roll < 0.4 or full:
                low = rng.randint(0, 10)
                high = low + rng.randint(1, 20)
                lines.append(f"{key}: [{low}, {'null' if full and key == 'wounded' else high}]")  # null: at least
        if rng.random() < 0.2 or full:
            lines.append(f"casualty_note: {q('Service members and contractors ' + self.awkward(1.0 if full else 0.5))}")
        if full:
            lines += ["accounts:", "  - source: 1", "    outcome: intercepted", "    claim: all drones shot down"]
        if rng.random() < 0.005 or full:
            lines.append("draft: true")  # nothing links to an attack, so a draft never breaks a published build
        links = " and ".join(f"[[{g.id}]]" for g in dict.fromkeys(claimed + attributed)) or "no known group"
        summary = (f"{'A reported' if rng.random() < 0.5 else 'An'} attack near {place[0]} ({place[1]}), "
                   + (f"at [[{base.id}]], " if base else "")
                   + f"linked to {links}. {self.sentence()} {self.sentence()}")
        lines += self.common(summary, tags=rng.randint(1, 3), full=full)
        return "\n".join(lines) + "\n"

    # -- shared ---------------------------------------------------------------------

    def sentence(self) -> str:
        rng = self.rng
        return rng.choice([
            "Local outlets reported explosions and sirens; officials later confirmed the damage was limited.",
            "A previously unknown front claimed the attack on Telegram, a pattern analysts tie to older groups.",
            "The U.S. Department of Defense listed the incident in its weekly tally without naming a group.",
            "Footage circulated online, but its date and location could not be independently verified.",
            "Counter-drone systems engaged the incoming projectiles; debris fell near a residential area.",
            "The claim repeated language used in earlier statements of the Islamic Resistance in Iraq.",
            "Iraqi security officials said a launcher was found in a nearby orchard the next morning.",
            f"Reports disagree on the numbers: *{rng.randint(2, 9)}* rockets, or as many as {rng.randint(10, 20)}.",
        ])

    def common(self, summary: str, tags: int, full: bool = False) -> list:
        rng = self.rng
        if rng.random() < 0.01 or full:
            summary += " Editors kept <b>raw HTML</b> and {{ template syntax }} here on purpose."
        lines = ["summary: |"] + [f"  {line}" for line in _wrap(summary)]
        lines.append("sources:")
        for number in range(2 if full else rng.randint(1, 2)):
            publisher = rng.choice(PUBLISHERS)
            day = self.date(dt.date(2020, 1, 1), LAST_DAY)
            lines += [f"  - publisher: {q(publisher)}",
                      f"    title: {q(rng.choice(['Militias step up attacks', 'Drone strikes on U.S. bases', 'Weekly update: attacks in Iraq and Syria', 'Claims of responsibility, ' + day.strftime('%B %Y')]))}",
                      f"    date: {self.partial(day, 0.2, 0.0)}"]
            if (full and number == 0) or (not full and rng.random() < 0.8):
                lines.append(f"    url: https://example.org/{slug(publisher)}/{day.isoformat()}/{rng.randrange(10**6)}")
                if rng.random() < 0.2 or full:
                    lines.append(f"    archive_url: https://web.archive.org/web/{day.strftime('%Y%m%d')}/example.org/{rng.randrange(10**6)}")
                    lines.append(f"    accessed: {LAST_DAY.isoformat()}")
            else:
                lines.append(f"    citation: {q(publisher + ', printed edition, ' + day.strftime('%B %d, %Y') + '.')}")
            if rng.random() < 0.4 or full:
                lines.append(f"    author: {q(rng.choice(['Bill Roggio', 'Joe Truzman', 'Staff', 'Caleb Weiss']))}")
        lines += ["tags:"] + [f"  - {q(t)}" for t in dict.fromkeys(rng.sample(TAGS, tags))]
        if rng.random() < 0.05 or full:
            lines.append(f"internal_notes: {q('check the second source ' + self.awkward(0.5))}")
        if rng.random() < 0.1 or full:
            lines.append(f"updated: {LAST_DAY.isoformat()}")
        return lines


def _wrap(text: str, width: int = 100) -> list:
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + [current]




def article(number: int, day: dt.date, groups: list, bases: list, attacks: list, rng: random.Random) -> str:
    named_groups = [g.id for g in rng.sample(groups, min(3, len(groups)))]
    named_bases = [b.id for b in rng.sample(bases, min(2, len(bases)))]
    named_attacks = [a[0] for a in rng.sample(attacks, min(3, len(attacks))) if "draft: true" not in a[4]]
    return (f"---\ntitle: {q(f'Analysis {number}: militias and the bases they target')}\n"
            f"date: {day.isoformat()}\nauthors: [Synthetic desk]\n"
            f"groups: [{', '.join(named_groups)}]\nbases: [{', '.join(named_bases)}]\n"
            f"attacks: [{', '.join(named_attacks)}]\ntags: [analysis, {q(rng.choice(TAGS))}]\n---\n\n"
            f"An overview of recent attacks involving [[{named_groups[0]}]].\n\n<!-- more -->\n\n"
            f"## Details\n\nThe attacks on [[{named_bases[0]}]] continued.\n")
