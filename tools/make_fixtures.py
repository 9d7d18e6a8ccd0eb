#!/usr/bin/env python3
"""Regenerates the CLI test fixture tenants under tests/data/: minimal,
unknown-columns, no-roles and the damaged-input corpus (damaged/).

The files are committed; this script remakes them byte for byte (the
workbooks get fixed zip timestamps). tests/data/README.md says what each fixture
audit must report for it. openpyxl is needed for the workbooks, msoffcrypto-tool for the
password-protected one:

    python3 -m venv /tmp/xlvenv
    /tmp/xlvenv/bin/pip install openpyxl msoffcrypto-tool
    /tmp/xlvenv/bin/python tools/make_fixtures.py

Inputs too big to commit (a 100 MB cell, a million columns) are generated
by the tests themselves at run time.
"""

import io
import os
import random
import re
import zipfile

from openpyxl import Workbook

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data")


def path(tenant, name):
    folder = os.path.join(HERE, tenant)
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, name)


def write(tenant, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path(tenant, name), "wb") as f:
        f.write(data)


def lines(*rows, eol="\r\n"):
    return eol.join(rows) + eol


def pinned_xlsx(wb, patch=None):
    """Saves a workbook with fixed timestamps so the bytes never change.
    `patch(name, data)` may rewrite a part's bytes on the way."""
    raw = io.BytesIO()
    wb.save(raw)
    stamp = b"2026-11-28T08:14:00Z"
    buf = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, data)
            if patch:
                data = patch(item.filename, data)
            info = zipfile.ZipInfo(item.filename, (2026, 11, 28, 8, 14, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    return buf.getvalue()


GRAPH_HEADER = ("userPrincipalName,displayName,accountEnabled,mobilePhone,"
                "otherMails,usageLocation")


def minimal():
    write("minimal", "users.csv", lines(
        GRAPH_HEADER,
        "amara.okoye@minimal.example,Amara Okoye,true,+44 7400 123456,"
        "amara.okoye@personal.example,GB",
        "bruno.keller@minimal.example,Bruno Keller,true,+41 78 123 45 67,"
        "bruno.keller@personal.example,CH",
        "chiara.romano@minimal.example,Chiara Romano,true,+39 347 123 4567,"
        "chiara.romano@personal.example,IT",
        "dev.patel@minimal.example,Dev Patel,true,+91 81234 56789,,IN",
        "emma.stone@minimal.example,Emma Stone,false,,,GB",
    ))
    write("minimal", "roles.csv", lines(
        "RoleName,UserPrincipalName",
        "Global Administrator,amara.okoye@minimal.example",
        "Global Administrator,bruno.keller@minimal.example",
        "User Administrator,chiara.romano@minimal.example",
    ))


ENTRA_CLASSIC = (
    "userPrincipalName,displayName,surname,mail,givenName,objectId,userType,"
    "jobTitle,department,accountEnabled,usageLocation,streetAddress,state,"
    "country,physicalDeliveryOfficeName,city,postalCode,telephoneNumber,"
    "mobile,authenticationPhoneNumber,authenticationAlternativePhoneNumber,"
    "authenticationEmail,alternateEmailAddress,ageGroup,"
    "consentProvidedForMinor,legalAgeGroupClassification")


def classic_row(upn, given, sur, oid, enabled, loc, country, office, mobile):
    return ",".join([
        upn, f"{given} {sur}", sur, upn, given, oid, "Member", "", "",
        enabled, loc, "", "", country, "", "", "", office, mobile,
        "", "", "", "", "", "", "",
    ])


def unknown_columns():
    dom = "unknown-columns.example"
    body = lines(
        ENTRA_CLASSIC,
        classic_row(f"hugo.lambert@{dom}", "Hugo", "Lambert",
                    "0d6a2c1e-5f4b-4a3c-9e8d-7b6a5c4d3e21", "True", "FR",
                    "France", "+33 1 23 45 67 89", "+33 6 12 34 56 78"),
        classic_row(f"ines.duarte@{dom}", "Ines", "Duarte",
                    "1e7b3d2f-6a5c-4b4d-8f9e-8c7b6d5e4f32", "True", "PT",
                    "Portugal", "+351 21 123 4567", "+351 912 345 678"),
        classic_row(f"jonas.berg@{dom}", "Jonas", "Berg",
                    "2f8c4e3a-7b6d-4c5e-9a0f-9d8c7e6f5a43", "True", "SE",
                    "Sweden", "+46 8 123 456 78", ""),
        classic_row(f"kara.singh@{dom}", "Kara", "Singh",
                    "3a9d5f4b-8c7e-4d6f-8b1a-0e9d8f7a6b54", "True", "GB",
                    "United Kingdom", "", "+44 7400 123458"),
        classic_row(f"leo.marsh@{dom}", "Leo", "Marsh",
                    "4b0e6a5c-9d8f-4e7a-9c2b-1f0e9a8b7c65", "False", "GB",
                    "United Kingdom", "", "+44 7400 123459"),
    )
    write("unknown-columns", "users.csv", b"\xef\xbb\xbf" + body.encode())
    write("unknown-columns", "roles.csv", lines(
        "RoleName,UserPrincipalName",
        f"Global Administrator,hugo.lambert@{dom}",
        f"Global Administrator,ines.duarte@{dom}",
        f"Helpdesk Administrator,jonas.berg@{dom}",
    ))


def no_roles():
    dom = "no-roles.example"
    write("no-roles", "users.csv", lines(
        "UserPrincipalName,DisplayName,AccountEnabled,MobilePhone,"
        "OtherMails,UsageLocation,IsAdmin",
        f"maya.cruz@{dom},Maya Cruz,True,+34 612 34 56 78,"
        "maya.cruz@personal.example,ES,True",
        f"nils.eriksson@{dom},Nils Eriksson,True,+46 70 123 45 67,"
        "nils.eriksson@personal.example,SE,True",
        f"olga.ivanova@{dom},Olga Ivanova,False,+7 912 345 6789,"
        "olga.ivanova@personal.example,RU,True",
        f"paul.grant@{dom},Paul Grant,True,+44 7400 123460,,GB,False",
        f"quinn.lee@{dom},Quinn Lee,True,,,US,False",
    ))


# --------------------------------------------------------------------------
# damaged: every kind of broken input beside one good users and roles file.
# --------------------------------------------------------------------------

DAMAGED = "damaged"
DDOM = "damaged.example"


def damaged_good():
    write(DAMAGED, "users.csv", lines(
        GRAPH_HEADER,
        f"ava.reyes@{DDOM},Ava Reyes,true,+44 7400 123456,"
        "ava.reyes@personal.example,GB",
        f"ben.okafor@{DDOM},Ben Okafor,true,+49 1512 3456789,"
        "ben.okafor@personal.example,DE",
        f"carol.tan@{DDOM},Carol Tan,true,+65 8123 4567,"
        "carol.tan@personal.example,SG",
        f"dan.fox@{DDOM},Dan Fox,true,,,GB",
    ))
    write(DAMAGED, "roles.csv", lines(
        "RoleName,UserPrincipalName",
        f"Global Administrator,ava.reyes@{DDOM}",
        f"Global Administrator,ben.okafor@{DDOM}",
    ))


def users_workbook(rows, title="Users"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(GRAPH_HEADER.split(","))
    for row in rows:
        ws.append(row)
    return wb


def damaged_workbooks():
    good = pinned_xlsx(users_workbook([
        [f"dana.white@{DDOM}", "Dana White", True, "+44 7400 123461",
         "dana.white@personal.example", "GB"],
        [f"eli.cohen@{DDOM}", "Eli Cohen", True, "+972 50 234 5678", "",
         "IL"],
    ]))
    # A real workbook that was saved with the wrong extension.
    write(DAMAGED, "users-really-xlsx.csv", good)
    # The same bytes cut in half: the zip directory at the end is lost.
    write(DAMAGED, "truncated.xlsx", good[: len(good) // 2])

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [("readme.txt", "Quarterly exports, see data/.\n"),
                           ("data/notes.txt", "nothing to see here\n")]:
            info = zipfile.ZipInfo(name, (2026, 11, 28, 8, 14, 0))
            z.writestr(info, text)
    write(DAMAGED, "archive.xlsx", buf.getvalue())

    # A CSV that was saved with an .xlsx name.
    write(DAMAGED, "roles-really.xlsx", lines(
        "RoleName,UserPrincipalName",
        f"Helpdesk Administrator,carol.tan@{DDOM}",
    ))
    write(DAMAGED, "excel-damage.xlsx",
          pinned_xlsx(excel_damage(), patch=saved_formula_result))
    write(DAMAGED, "locked.xlsx", password_protected(good))


def excel_damage():
    """Error cells, merged title cells, a hidden sheet, a notes sheet and a
    header on row 5 under a title block."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Report"
    ws["A1"] = "Damaged Ltd - user contact report"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Source: HR system, pasted by hand"
    ws.merge_cells("A2:F2")
    ws["A3"] = "Generated"
    ws["B3"] = "28/11/2026"
    ws.append([])
    ws.append(GRAPH_HEADER.split(","))                      # row 5
    ws.append([f"gina.park@{DDOM}", "Gina Park", True, "#N/A",
               "gina.park@personal.example", "GB"])        # row 6
    ws.append([f"hugo.weiss@{DDOM}", "Hugo Weiss", True, "+49 1512 3456780",
               "#REF!", '=UPPER("de")'])                    # row 7
    ws.append([f"ivy.moreau@{DDOM}", "Ivy Moreau", "#VALUE!",
               "+33 6 98 76 54 32", "ivy.moreau@personal.example", "FR"])
    ws.append([f"jay.brown@{DDOM}", "Jay Brown", True, 447400123462,
               "#DIV/0!", '=UPPER("gb")'])                  # row 9

    hidden = wb.create_sheet("Lookup")
    hidden.append(["Code", "Country"])
    for code, name in [("GB", "United Kingdom"), ("DE", "Germany")]:
        hidden.append([code, name])
    hidden.sheet_state = "hidden"

    notes = wb.create_sheet("Notes")
    notes["A1"] = "Do not edit the Report sheet."
    notes["A2"] = "Numbers marked #N/A were missing in HR."
    return wb


def saved_formula_result(name, data):
    """openpyxl saves formulas without their result, as a script that never
    opened Excel would; F7 gets the result Excel would have saved, F9 keeps
    none."""
    if name != "xl/worksheets/sheet1.xml":
        return data
    bare = b'<c r="F7"><f>UPPER("de")</f><v /></c>'
    assert bare in data, "openpyxl changed how it writes formulas"
    return data.replace(bare, b'<c r="F7" t="str"><f>UPPER("de")</f><v>DE</v></c>')


def password_protected(book):
    """`book` encrypted with the password `secret` as Excel does (agile
    encryption in an OLE file). msoffcrypto-tool's salts and timestamp are
    pinned so the bytes never change."""
    import datetime
    import msoffcrypto.method.container.ecma376_encrypted as container
    import msoffcrypto.method.ecma376_agile as agile
    from msoffcrypto.format.ooxml import OOXMLFile

    rng = random.Random(20261128)
    agile._random_buffer = lambda size: bytes(rng.randrange(256)
                                              for _ in range(size))

    class Pinned(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 11, 28, 8, 14, 0)

    container.datetime = Pinned
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(book)).encrypt("secret", out)
    return out.getvalue()


def truncated_text():
    """A CSV cut off mid-row, mid-character: a download that stopped."""
    whole = lines(
        GRAPH_HEADER,
        f"zoe.hart@{DDOM},Zoë Hart,true,+44 7400 123468,,GB",
        f"abe.lind@{DDOM},Abe Lind,true,+46 70 123 45 68,,SE",
    ).encode()
    cut = whole.index("Zoë".encode()) + 3
    return whole[:cut]


def damaged_text():
    write(DAMAGED, "empty.csv", b"")
    write(DAMAGED, "truncated.csv", truncated_text())
    rng = random.Random(20261203)
    write(DAMAGED, "garbage.csv", bytes(rng.randrange(256)
                                        for _ in range(4096)))

    write(DAMAGED, "quotes.csv", lines(
        GRAPH_HEADER,
        f"kim.hale@{DDOM},Kim Hale,true,+44 7400 123463,,GB",
        f'lou.park@{DDOM},"Lou Park,true,+44 7400 123464,,GB',
        f"max.ng@{DDOM},Max Ng,true,+65 8123 4568,,SG",
    ))
    write(DAMAGED, "ragged.csv", lines(
        GRAPH_HEADER,
        f"nia.cole@{DDOM},Nia Cole,true,+44 7400 123465,,GB",
        f"oz.khan@{DDOM},Oz Khan,true",
        f"pia.lund@{DDOM},Pia Lund,true,+46 70 123 45 67,,SE,extra,cells",
        f"ray.ortiz@{DDOM},Ray Ortiz,true,+34 612 34 56 79,,ES",
    ))
    write(DAMAGED, "dupe-headers.csv", lines(
        "userPrincipalName,displayName,mobilePhone,,mobilePhone,displayName,",
        f"sam.roy@{DDOM},Sam Roy,+44 7400 123466,x,,Samuel Roy,",
        f"tia.gold@{DDOM},Tia Gold,,y,+353 85 012 3456,,",
    ))
    bad = lines(
        GRAPH_HEADER,
        f"uma.das@{DDOM},Uma Das,true,+91 81234 56789,,IN",
    ).encode() + (
        b"victor.lopez@" + DDOM.encode() + b",V\xedctor L\xf3pez,true,"
        b"+34 612 34 56 78,,ES\r\n"
        b"wen.li@" + DDOM.encode() + b",Wen \xc3\x28Li\xff,true,"
        b"+86 131 2345 6780,,CN\r\n")
    write(DAMAGED, "bad-utf8.csv", bad)

    text = lines(
        GRAPH_HEADER,
        f"xena.ward@{DDOM},Xena \ud800Ward,true,+44 7400 123467,,GB",
        f"yan.zhou@{DDOM},Yan Zhou,true,+86 131 2345 6781,,CN",
    )
    write(DAMAGED, "lone-surrogate.csv",
          b"\xff\xfe" + text.encode("utf-16-le", errors="surrogatepass"))


if __name__ == "__main__":
    minimal()
    unknown_columns()
    no_roles()
    damaged_good()
    damaged_workbooks()
    damaged_text()
