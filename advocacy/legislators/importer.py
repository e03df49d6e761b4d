"""Parsing the three legislator files and loading them in one transaction.

Everything is parsed and checked before the first write, so a bad file leaves
the database as it was. Members who left office are marked ``in_office =
False``, never deleted (stories and reports may refer to them).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from sqlalchemy import delete, insert

from ..database import utcnow
from ..extensions import db
from .models import Legislator, LegislatorOffice, ZipDistrict


class DataError(Exception):
    """A file's content is not what the import expects."""


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


def parse_members(content: bytes) -> list[Member]:
    """Members of Congress from legislators-current.json (their latest term)."""
    try:
        data = json.loads(content)
        members = []
        for entry in data:
            term = entry["terms"][-1]
            name = entry["name"]
            chamber = {"sen": "senate", "rep": "house"}[term["type"]]
            members.append(Member(
                bioguide_id=entry["id"]["bioguide"], first_name=name.get("first", ""),
                last_name=name["last"],
                official_name=name.get("official_full") or f"{name.get('first', '')} "
                                                           f"{name['last']}".strip(),
                chamber=chamber, state=term["state"],
                district=term.get("district") if chamber == "house" else None,
                party=term.get("party", ""), phone=term.get("phone"),
                contact_form_url=term.get("contact_form"), website_url=term.get("url"),
                dc_office=term.get("address") or term.get("office"),
            ))
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise DataError(f"legislators-current.json: unexpected content ({error!r})") from error
    if len(members) < 100:
        raise DataError(f"legislators-current.json: only {len(members)} members; refusing "
                        "to replace the current data with it")
    return members


def parse_offices(content: bytes) -> dict[str, list[dict]]:
    """District offices by bioguide id."""
    try:
        return {entry["id"]["bioguide"]: [
            {"office_key": office["id"], "address": office.get("address", "") or "",
             "suite": office.get("suite", "") or "", "building": office.get("building", "") or "",
             "city": office.get("city", "") or "", "state": office.get("state", "") or "",
             "zip": office.get("zip", "") or "", "phone": office.get("phone"),
             "fax": office.get("fax")}
            for office in entry.get("offices", [])] for entry in json.loads(content)}
    except (ValueError, KeyError, TypeError) as error:
        raise DataError(f"legislators-district-offices.json: unexpected content ({error!r})") \
            from error


def parse_zip_districts(content: bytes) -> list[dict]:
    """ZCTA → (state, district) rows of zccd.csv; district 0 is at-large."""
    try:
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        rows = {(r["zcta"].strip().zfill(5), r["state_abbr"].strip(), int(r["cd"]))
                for r in reader}
    except (UnicodeDecodeError, KeyError, ValueError, AttributeError) as error:
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
        db.session.execute(insert(LegislatorOffice), office_rows)
    db.session.execute(delete(ZipDistrict))
    db.session.execute(insert(ZipDistrict), zip_rows)
    return Summary(len(members), len(office_rows), len(zip_rows), len(left))
