#!/usr/bin/env python3
"""Regenerates samples/northwind/northwind-export.xlsx: one workbook with
three sheets, as an admin assembles it by pasting exports into Excel.

- `Users`: Microsoft 365 admin center "Active users > Export users" in its
  alphabetical column order (`Country/Region`), with Excel damage: mobile
  numbers stored as numbers (`+` and leading zero lost), a leading `'`
  typed into a cell, `Block credential` as TRUE/FALSE cells, creation dates
  as serial numbers.
- `Roles`: a plain `RoleName`, `UserPrincipalName` list.
- `Registration`: the Entra portal's user registration details download
  (words, not booleans) under a three-row title block, header on row 4.

Run with openpyxl installed (see make_samples.py, which calls this too):

    /tmp/xlvenv/bin/python tools/make_northwind.py
"""

import datetime as dt
import os
import uuid

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")
NS = uuid.UUID("6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e")
DOM = "northwind.example"

USERS_HEADER = [
    "Block credential", "City", "Country/Region", "Department",
    "DirSyncEnabled", "Display name", "Fax", "First name",
    "Last password change time stamp", "Last name", "Licenses",
    "Mobile Phone", "Object Id", "Office", "Password never expires",
    "Phone number", "Postal code", "Preferred data location",
    "Preferred language", "Proxy addresses", "Release track",
    "Soft deletion time stamp", "State", "Street address",
    "Strong password required", "Title", "Usage location",
    "User principal name", "When created",
]

APP = "Email, Mobile phone, Microsoft Authenticator app"

# upn, first, last, title, mobile (as the cell holds it), office phone,
# usage location, country, city, blocked, role, registration
# (None = absent from the report, "" = not registered, else methods)
USERS = [
    ("ana.souza", "Ana", "Souza", "Head of IT", 447400123456,
     "+44 20 7946 0123", "GB", "United Kingdom", "London", False,
     "Global Administrator", APP),
    ("rafael.costa", "Rafael", "Costa", "Managing Director",
     "+351 21 123 4567", "", "PT", "Portugal", "Lisboa", False,
     "Global Administrator", ""),
    ("yuki.tanaka", "Yuki", "Tanaka", "Messaging Engineer", "090 1234 5678",
     "+81 3 1234 5678", "JP", "Japan", "Tokyo", False,
     "Exchange Administrator", APP),
    ("carlos.mendes", "Carlos", "Mendes", "Collaboration Lead",
     "+351 912 345 678", "", "PT", "Portugal", "Porto", False,
     "Teams Administrator", ""),
    ("dmitri.volkov", "Dmitri", "Volkov", "Contractor", "+7 912 345 6780",
     "", "RU", "Russia", "Moscow", True, "User Administrator", None),
    ("laura.bianchi", "Laura", "Bianchi", "Buyer", "'+44 7400 123464", "",
     "GB", "United Kingdom", "Leeds", False, None, "Email, Mobile phone"),
    ("peter.novak", "Peter", "Novak", "Warehouse Lead", 7400123459, "",
     "GB", "United Kingdom", "Leeds", False, None, "Mobile phone"),
    ("sofia.almeida", "Sofia", "Almeida", "Sales Rep", "+351 912 345 679",
     "", "PT", "Portugal", "Lisboa", False, None, APP),
    ("ben.carter", "Ben", "Carter", "Auditor", "+1 425 555 0150", "",
     "US", "United States", "Seattle", False, "Global Reader", APP),
    ("mei.lin", "Mei", "Lin", "Account Manager", "+65 8123 4568", "", "SG",
     "Singapore", "Singapore", False, None, "Mobile phone"),
    ("omar.farouk", "Omar", "Farouk", "Logistics", "+971 50 123 4568", "",
     "AE", "United Arab Emirates", "Dubai", False, None, ""),
    ("ingrid.holm", "Ingrid", "Holm", "Finance", "", "+46 8 123 456 79",
     "SE", "Sweden", "Stockholm", False, None, "Email"),
    ("kenta.mori", "Kenta", "Mori", "Sales Rep", 819012345678, "", "JP",
     "Japan", "Osaka", False, None, "Mobile phone"),
]


def oid(upn):
    return str(uuid.uuid5(NS, upn.lower()))


def users_sheet(ws):
    ws.append(USERS_HEADER)
    for i, (u, first, last, title, mobile, office, loc, country, city,
            blocked, _role, _reg) in enumerate(USERS):
        upn = f"{u}@{DOM}"
        row = {
            # Excel turned the exported True/False text into boolean cells.
            "Block credential": blocked, "City": city,
            "Country/Region": country, "Display name": f"{first} {last}",
            "First name": first, "Last name": last, "Title": title,
            "Last password change time stamp":
                dt.datetime(2026, 9, 1 + i, 8, 30, 0),
            "Licenses": "Microsoft 365 E3+Microsoft Teams Audio Conferencing",
            "Mobile Phone": mobile, "Object Id": oid(upn),
            "Password never expires": False, "Phone number": office,
            "Preferred language": "en-GB",
            "Proxy addresses":
                f"SMTP:{upn}+smtp:{u}@northwindtraders.example",
            "Strong password required": True, "Usage location": loc,
            "User principal name": upn,
            # Dates pasted as text then re-typed: serial numbers remain.
            "When created": 44621.375 + 41 * i,
        }
        ws.append([row.get(h, "") for h in USERS_HEADER])
    # Excel's "Number Stored as Text" fix left the mobile column as numbers
    # with the General format, so long ones show as 4.474E+11.
    ws.column_dimensions["L"].width = 14


def roles_sheet(ws):
    ws.append(["RoleName", "UserPrincipalName"])
    for (u, *_rest, role, _reg) in USERS:
        if role:
            ws.append([role, f"{u}@{DOM}"])


def registration_sheet(ws):
    ws.append(["User registration details"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Northwind Traders - downloaded 28/11/2026 08:14 UTC"])
    ws.append([])
    ws.append(["User principal name", "Name", "User type", "SSPR Registered",
               "SSPR Enabled", "SSPR Capable", "MFA Registered",
               "MFA Capable", "Methods registered", "Default MFA method"])
    for (u, first, last, *_mid, blocked, _role, reg) in USERS:
        if reg is None or blocked:
            continue  # the report omits disabled accounts
        registered = bool(reg)
        strong = "Mobile phone" in reg or "Authenticator" in reg
        default = "Microsoft Authenticator notification" if "Authenticator" \
            in reg else ("Text message" if "Mobile phone" in reg else "None")
        ws.append([
            f"{u}@{DOM}", f"{first} {last}", "Member",
            "Registered" if registered else "Not Registered", "Enabled",
            "Capable" if registered else "Not Capable",
            "Registered" if strong else "Not Registered",
            "Capable" if strong else "Not Capable", reg, default,
        ])


def main():
    wb = Workbook()
    users_sheet(wb.active)
    wb.active.title = "Users"
    roles_sheet(wb.create_sheet("Roles"))
    registration_sheet(wb.create_sheet("Registration"))
    folder = os.path.join(HERE, "northwind")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "northwind-export.xlsx")
    wb.save(path)
    pin_zip_times(path)


def pin_zip_times(path):
    """Rewrites the workbook with fixed zip entry times and core-properties
    dates so regenerating it gives the same bytes (and the same SHA-256)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info.filename))
                   for info in zin.infolist()]
    stamp = "2026-11-28T08:14:00Z"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                              stamp.encode(), data)
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 28, 8, 14, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


if __name__ == "__main__":
    main()
