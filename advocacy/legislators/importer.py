"""Parsing the three legislator files and loading them in one transaction.

Everything is parsed and checked before the first write, so a bad file leaves
the database as it was. Members who left office are marked ``in_office =
False``, never deleted (stories and reports may refer to them).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import delete, insert

from ..database import utcnow
from ..errors import DomainError
from ..extensions import db
from ..geography import STATES
from ..phones import normalize_phone
from .models import Legislator, LegislatorOffice, ZipDistrict

# Every field is checked before use: an id becomes part of file names and keys, a URL
# a link on the thanks page, a phone a tel: link. A bad id, state or district refuses
# the file whole (the database keeps the data it had); a URL that is not http(s) or a
# phone that is not one is left out, with a warning (the real files have typos such
# as "hhttps://").
BIOGUIDE_ID = re.compile(r"[A-Z][0-9]{6}")
OFFICE_KEY = re.compile(r"[A-Z][0-9]{6}-[\w.-]{1,100}")
ZCTA = re.compile(r"[0-9]{5}")
log = logging.getLogger(__name__)
PLACES = frozenset(STATES) | {"AS", "GU", "MP", "PR", "VI", "DC"}


class DataError(Exception):
    """A file's content is not what the import expects."""


def _checked_id(value, pattern: re.Pattern, what: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise DataError(f"{what}: {value!r} is not a valid id")
    return value


def _checked_url(value, what: str) -> str | None:
    if value in (None, ""):
        return None
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or any(
            ord(ch) < 33 for ch in value):
        log.warning("%s: left out an address that is not http(s)", what)
        return None
    return value


def _checked_phone(value, what: str) -> str | None:
    if value in (None, ""):
        return None
    try:  # the app's one phone rule; the file's own spelling is kept
        valid = isinstance(value, str) and len(value) <= 32 and bool(normalize_phone(value))
    except DomainError:
        valid = False
    if not valid:
        log.warning("%s: left out a value that is not a phone number", what)
        return None
    return value


def _checked_place(value, what: str) -> str:
    if value not in PLACES:
        raise DataError(f"{what}: {value!r} is not a state")
    return value


def _checked_district(value, what: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 99:
        raise DataError(f"{what}: {value!r} is not a district number")
    return value


@dataclass(frozen=True)
class Member:
    bioguide_id: str
    first_name: str
    last_name: str
    official_name: str
    chamber: str
    state: str
    district: int | None
    party: str
    phone: str | None
    contact_form_url: str | None
    website_url: str | None
    dc_office: str | None


@dataclass(frozen=True)
class Summary:
    members: int
    offices: int
    zip_rows: int
    left_office: int


def _text(value, limit: int) -> str:
    """Plain text (a string, or a number written as one) without control characters,
    cut to ``limit``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DataError(f"{value!r} is not text")
    return "".join(ch for ch in value if ord(ch) >= 32 or ch == "\n")[:limit].strip()


def parse_members(content: bytes) -> list[Member]:
    """Members of Congress from legislators-current.json (their latest term)."""
    try:
        data = json.loads(content)
        members = []
        for entry in data:
            term = entry["terms"][-1]
            name = entry["name"]
            chamber = {"sen": "senate", "rep": "house"}[term["type"]]
            bioguide = _checked_id(entry["id"]["bioguide"], BIOGUIDE_ID, "a member's id")
            where = f"member {bioguide}"
            members.append(Member(
                bioguide_id=bioguide, first_name=_text(name.get("first", ""), 100),
                last_name=_text(name["last"], 100),
                official_name=_text(name.get("official_full") or f"{name.get('first', '')} "
                                                                 f"{name['last']}".strip(), 200),
                chamber=chamber, state=_checked_place(term["state"], where),
                district=_checked_district(term.get("district"), where)
                if chamber == "house" else None,
                party=_text(term.get("party", ""), 40),
                phone=_checked_phone(term.get("phone"), where),
                contact_form_url=_checked_url(term.get("contact_form"), where),
                website_url=_checked_url(term.get("url"), where),
                dc_office=_text(term.get("address") or term.get("office") or "", 300) or None,
            ))
    except DataError as error:
        raise DataError(f"legislators-current.json: {error}") from error
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise DataError(f"legislators-current.json: unexpected content ({error!r})") from error
    if len(members) < 100:
        raise DataError(f"legislators-current.json: only {len(members)} members; refusing "
                        "to replace the current data with it")
    return members


def parse_offices(content: bytes) -> dict[str, list[dict]]:
    """District offices by bioguide id."""
    try:
        return {_checked_id(entry["id"]["bioguide"], BIOGUIDE_ID, "a member's id"): [
            {"office_key": _checked_id(office["id"], OFFICE_KEY, "an office id"),
             "address": _text(office.get("address", "") or "", 200),
             "suite": _text(office.get("suite", "") or "", 100),
             "building": _text(office.get("building", "") or "", 200),
             "city": _text(office.get("city", "") or "", 100),
             "state": _checked_place(office.get("state"), office["id"])
             if office.get("state") else "",
             "zip": _text(office.get("zip", "") or "", 10),
             "phone": _checked_phone(office.get("phone"), office["id"]),
             "fax": _checked_phone(office.get("fax"), office["id"])}
            for office in entry.get("offices", [])] for entry in json.loads(content)}
    except DataError as error:
        raise DataError(f"legislators-district-offices.json: {error}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise DataError(f"legislators-district-offices.json: unexpected content ({error!r})") \
            from error


def parse_zip_districts(content: bytes) -> list[dict]:
    """ZCTA → (state, district) rows of zccd.csv; district 0 is at-large."""
    try:
        reader = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        header = next(reader, [])
        zcta, state, cd = (header.index(name) for name in ("zcta", "state_abbr", "cd"))
        rows = set()
        for r in reader:  # 40,000 rows: the checks inline, as cheap as the reading
            zip_code, place, district = r[zcta].strip().zfill(5), r[state].strip(), int(r[cd])
            if not ZCTA.fullmatch(zip_code):
                _checked_id(zip_code, ZCTA, "a ZIP code")
            if place not in PLACES:
                _checked_place(place, r[zcta])
            if not 0 <= district <= 99:
                _checked_district(district, r[zcta])
            rows.add((zip_code, place, district))
    except DataError as error:
        raise DataError(f"zccd.csv: {error}") from error
    except (UnicodeDecodeError, KeyError, ValueError, AttributeError, IndexError) as error:
        raise DataError(f"zccd.csv: unexpected content ({error!r})") from error
    if len(rows) < 1000:
        raise DataError(f"zccd.csv: only {len(rows)} rows; refusing to replace the table")
    return [{"zcta": z, "state": s, "district": d} for z, s, d in sorted(rows)]


def load(members: list[Member], offices: dict[str, list[dict]],
         zip_rows: list[dict]) -> Summary:
    """Write the parsed data (the caller commits once)."""
    existing = {m.bioguide_id: m for m in db.session.execute(db.select(Legislator)).scalars()}
    seen = set()
    for member in members:
        row = existing.get(member.bioguide_id)
        if row is None:
            row = Legislator(bioguide_id=member.bioguide_id)
            db.session.add(row)
        for field in Member.__dataclass_fields__:
            setattr(row, field, getattr(member, field))
        row.in_office = True
        row.updated_at = utcnow()
        seen.add(member.bioguide_id)
    left = [row for key, row in existing.items() if key not in seen and row.in_office]
    for row in left:
        row.in_office = False
    db.session.flush()
    ids = {key: id_ for key, id_ in db.session.execute(
        db.select(Legislator.bioguide_id, Legislator.id))}
    db.session.execute(delete(LegislatorOffice))
    office_rows = [dict(office, legislator_id=ids[key])
                   for key, items in offices.items() if key in ids for office in items]
    if office_rows:
        db.session.execute(insert(LegislatorOffice.__table__), office_rows)
    db.session.execute(delete(ZipDistrict))
    # Plain Core on the tables: the ORM's bulk-insert path costs more than the rows.
    db.session.execute(insert(ZipDistrict.__table__), zip_rows)
    return Summary(len(members), len(office_rows), len(zip_rows), len(left))
