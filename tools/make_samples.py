#!/usr/bin/env python3
"""Regenerates every demo tenant under samples/ (contoso, fabrikam, northwind,
tailspin, woodgrove, litware, adatum).

The files are committed; this script exists so they can be remade exactly,
including the byte-level quirks that a text editor would lose: UTF-8 BOMs,
UTF-16 LE with BOM, Windows-1252, PowerShell 5.1's ASCII `?` substitution,
CRLF line ends, `#TYPE` lines and the Excel workbook of northwind
(samples/northwind/northwind-export.xlsx).

Usage (openpyxl is needed for the workbook only):

    python3 -m venv /tmp/xlvenv && /tmp/xlvenv/bin/pip install openpyxl
    /tmp/xlvenv/bin/python tools/make_samples.py

All people, domains and numbers are fictional: domains end in `.example`
(the `*.onmicrosoft.com` names are those of Microsoft's own fictional
companies), and phone numbers come from documented fictional ranges
(US 555-01xx, Ofcom drama ranges, ACMA 0491 570 xxx) or are libphonenumber's
example numbers. docs/samples.md lists what each tenant must produce.
"""

import datetime as dt
import os
import uuid

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")

# Deterministic object ids: the same UPN always gets the same GUID.
NS = uuid.UUID("6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e")


def oid(upn):
    return str(uuid.uuid5(NS, upn.lower()))


def out(tenant, name):
    folder = os.path.join(HERE, tenant)
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, name)


def csv_line(cells, delim=",", quote_all=False):
    def q(cell):
        text = "" if cell is None else str(cell)
        needs = quote_all or any(c in text for c in (delim, '"', "\n", "\r"))
        return '"' + text.replace('"', '""') + '"' if needs else text

    return delim.join(q(c) for c in cells)


def write_table(path, header, rows, *, delim=",", quote_all=False,
                encoding="utf-8", bom=False, type_line=None, eol="\r\n"):
    """Writes a delimited table the way the exporting tool does."""
    lines = []
    if type_line:
        lines.append(type_line)
    lines.append(csv_line(header, delim, quote_all))
    for row in rows:
        cells = [row.get(h, "") for h in header] if isinstance(row, dict) \
            else list(row)
        lines.append(csv_line(cells, delim, quote_all))
    text = eol.join(lines) + eol
    write_text(path, text, encoding=encoding, bom=bom)


def write_text(path, text, *, encoding="utf-8", bom=False):
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "ascii":
        # Windows PowerShell 5.1 Export-Csv default: non-ASCII becomes '?'.
        data = text.encode("ascii", errors="replace")
    else:
        data = text.encode(encoding)
        if bom and encoding == "utf-8":
            data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


def ps_time(d):
    """A timestamp as Windows PowerShell prints it in en-US."""
    hour = d.hour % 12 or 12
    ampm = "AM" if d.hour < 12 else "PM"
    return f"{d.month}/{d.day}/{d.year} {hour}:{d.minute:02}:{d.second:02} {ampm}"


# --------------------------------------------------------------------------
# contoso: Entra classic download (UTF-8 BOM, auth columns empty: the known
# export bug), PIM role export, userRegistrationDetails, Format-List settings.
# --------------------------------------------------------------------------

ENTRA_CLASSIC = [
    "userPrincipalName", "displayName", "surname", "mail", "givenName",
    "objectId", "userType", "jobTitle", "department", "accountEnabled",
    "usageLocation", "streetAddress", "state", "country",
    "physicalDeliveryOfficeName", "city", "postalCode", "telephoneNumber",
    "mobile", "authenticationPhoneNumber",
    "authenticationAlternativePhoneNumber", "authenticationEmail",
    "alternateEmailAddress", "ageGroup", "consentProvidedForMinor",
    "legalAgeGroupClassification",
]

OFFICES = {
    "US": ("One Microsoft Way", "WA", "United States", "Redmond", "98052"),
    "GB": ("1 Drama Street", "", "United Kingdom", "London", "EC1A 1AA"),
    "DE": ("Musterstrasse 1", "BE", "Germany", "Berlin", "10115"),
    "IN": ("MG Road 12", "KA", "India", "Bengaluru", "560001"),
    "JP": ("1-1 Marunouchi", "Tokyo", "Japan", "Chiyoda", "100-0005"),
}

# upn, given, surname, title, dept, enabled, usage, office phone, mobile
CONTOSO_USERS = [
    ("adele.vance", "Adele", "Vance", "IT Director", "IT", True, "GB",
     "+44 20 7946 0100", "+44 7400 123456"),
    ("megan.bowen", "Megan", "Bowen", "Cloud Architect", "IT", True, "US",
     "", "+1 425 555 0109"),
    ("diego.siciliani", "Diego", "Siciliani", "Identity Engineer", "IT",
     True, "US", "+1 425 555 0110", "+1 425 555 0144 x204"),
    ("lee.gu", "Lee", "Gu", "Messaging Engineer", "IT", True, "GB",
     "+44 20 7946 0958", "+44 7700 900456"),
    ("lynne.robbins", "Lynne", "Robbins", "Service Desk Lead", "IT", True,
     "GB", "+44 20 7946 0322", "+44 20 7946 0321"),
    ("nestor.wilke", "Nestor", "Wilke", "Intranet Manager", "Operations",
     True, "US", "+1 425 555 0177", ""),
    ("isaiah.langer", "Isaiah", "Langer", "Former IT Manager", "IT", False,
     "US", "+1 425 555 0112", "+1 425 555 0113"),
    ("alex.wilber", "Alex", "Wilber", "Marketing Assistant", "Marketing",
     True, "US", "+1 425 555 0114", "+1 425 555 0115"),
    ("johanna.lorenz", "Johanna", "Lorenz", "Senior Engineer", "Engineering",
     True, "DE", "+49 30 901820", "+49 1512 3456780"),
    ("joni.sherman", "Joni", "Sherman", "Paralegal", "Legal", True, "US",
     "", "+1 425 555 0116"),
    ("miriam.graham", "Miriam", "Graham", "Director", "Sales", True, "GB",
     "+44 20 7946 0101", "+44 7400 123458"),
    ("patti.fernandez", "Patti", "Fernandez", "President", "Executive", True,
     "US", "+1 425 555 0117", ""),
    ("pradeep.gupta", "Pradeep", "Gupta", "Accountant", "Finance", True, "IN",
     "+91 22 2345 6789", "+91 81234 56789"),
    ("irvin.sayers", "Irvin", "Sayers", "Sales Rep", "Sales", True, "JP",
     "+81 3 1234 5678", "+81 80 2345 6789"),
    ("grady.archie", "Grady", "Archie", "Designer", "R&D", True, "US",
     "", "+1 425 555 0119"),
    ("henrietta.mueller", "Henrietta", "Mueller", "Developer", "R&D", False,
     "DE", "", "+49 1512 3456781"),
]

CONTOSO_SYNC = "Sync_CONTOSO-DC01_1a2b3c4d5e6f@contoso.onmicrosoft.com"

# upn: (sspr registered, methods); users not listed are not registered.
CONTOSO_REG = {
    "adele.vance": (True, "email,mobilePhone,microsoftAuthenticatorPush"),
    "megan.bowen": (True, "email,mobilePhone,microsoftAuthenticatorPush"),
    "diego.siciliani": (True, "email,mobilePhone,microsoftAuthenticatorPush"),
    "lee.gu": (True, "email,mobilePhone,microsoftAuthenticatorPush"),
    "lynne.robbins": (True,
                      "email,mobilePhone,officePhone,microsoftAuthenticatorPush"),
    "nestor.wilke": (False, ""),
    "alex.wilber": (True, "email,mobilePhone"),
    "johanna.lorenz": (True, "mobilePhone,microsoftAuthenticatorPush"),
    "joni.sherman": (True, "email,mobilePhone"),
    "miriam.graham": (True, "email,microsoftAuthenticatorPush"),
    "patti.fernandez": (False, ""),
    "pradeep.gupta": (True, "email,mobilePhone"),
    "irvin.sayers": (True, "mobilePhone,microsoftAuthenticatorPush"),
    "grady.archie": (True, "email,softwareOneTimePasscode"),
}

CONTOSO_ROLES = [
    # state, user, role, member type, start, end
    ("Active", "adele.vance", "Global Administrator", "Direct",
     dt.datetime(2023, 2, 6, 9, 14, 31), None),
    ("Eligible", "megan.bowen", "Global Administrator", "Direct",
     dt.datetime(2025, 4, 1, 8, 0, 0), dt.datetime(2027, 3, 31, 8, 0, 0)),
    ("Active", "diego.siciliani", "Privileged Authentication Administrator",
     "Direct", dt.datetime(2024, 9, 17, 14, 2, 11), None),
    ("Active", "lee.gu", "Exchange Administrator", "Direct",
     dt.datetime(2024, 1, 22, 10, 45, 0), None),
    ("Active", "lynne.robbins", "Helpdesk Administrator", "Inherited",
     dt.datetime(2025, 6, 2, 7, 30, 0), None),
    ("Active", "nestor.wilke", "SharePoint Administrator", "Direct",
     dt.datetime(2023, 11, 8, 16, 20, 5), None),
    ("Eligible", "isaiah.langer", "Global Administrator", "Direct",
     dt.datetime(2022, 5, 12, 11, 0, 0), dt.datetime(2027, 5, 12, 11, 0, 0)),
]


def contoso():
    dom = "contoso.example"
    rows = []
    for (u, given, sur, title, dept, enabled, loc, office, mobile) in \
            CONTOSO_USERS:
        street, state, country, city, post = OFFICES[loc]
        rows.append({
            "userPrincipalName": f"{u}@{dom}",
            "displayName": f"{given} {sur}", "surname": sur,
            "mail": f"{u}@{dom}", "givenName": given,
            "objectId": oid(f"{u}@{dom}"), "userType": "Member",
            "jobTitle": title, "department": dept,
            "accountEnabled": str(enabled), "usageLocation": loc,
            "streetAddress": street, "state": state, "country": country,
            "physicalDeliveryOfficeName": f"{city} HQ", "city": city,
            "postalCode": post, "telephoneNumber": office, "mobile": mobile,
        })
    rows.append({
        "userPrincipalName": CONTOSO_SYNC,
        "displayName": "On-Premises Directory Synchronization Service Account",
        "objectId": oid(CONTOSO_SYNC), "userType": "Member",
        "accountEnabled": "True",
    })
    write_table(out("contoso", "users.csv"), ENTRA_CLASSIC, rows, bom=True)

    names = {u: f"{g} {s}" for (u, g, s, *_rest) in CONTOSO_USERS}
    pim_header = [
        "Assignment State", "User Group Name", "Role Name", "PrincipalName",
        "Member Type", "Assignment Start Time (UTC)",
        "Assignment End Time (UTC)",
    ]
    pim = [[state, names[u], role, f"{u}@{dom}", member, ps_time(start),
            ps_time(end) if end else "Permanent"]
           for (state, u, role, member, start, end) in CONTOSO_ROLES]
    pim.append(["Active",
                "On-Premises Directory Synchronization Service Account",
                "Directory Synchronization Accounts", CONTOSO_SYNC, "Direct",
                ps_time(dt.datetime(2021, 3, 3, 12, 0, 0)), "Permanent"])
    write_table(out("contoso", "pim-role-assignments.csv"), pim_header, pim,
                bom=True)

    contoso_registration(dom, names)
    contoso_settings()


def contoso_registration(dom, names):
    header = [
        "Id", "UserPrincipalName", "UserDisplayName", "UserType", "IsAdmin",
        "IsSsprRegistered", "IsSsprEnabled", "IsSsprCapable",
        "IsMfaRegistered", "IsMfaCapable", "IsPasswordlessCapable",
        "MethodsRegistered", "IsSystemPreferredAuthenticationMethodEnabled",
        "SystemPreferredAuthenticationMethods",
        "UserPreferredMethodForSecondaryAuthentication", "LastUpdatedDateTime",
    ]
    admins = {u for (_s, u, *_r) in CONTOSO_ROLES}
    rows = []
    enabled = [user[0] for user in CONTOSO_USERS if user[5]]
    for u in enabled:
        reg, methods = CONTOSO_REG.get(u, (False, ""))
        app = "microsoftAuthenticatorPush" in methods
        rows.append([
            oid(f"{u}@{dom}"), f"{u}@{dom}", names[u], "member",
            str(u in admins), str(reg), "True", str(reg),
            str(bool(methods)), str(bool(methods)), "False", methods,
            "True",
            "push" if app else ("sms" if "mobilePhone" in methods else ""),
            "push" if app else ("sms" if "mobilePhone" in methods else "none"),
            "11/28/2026 6:12:40 AM",
        ])
    rows.append([
        oid(CONTOSO_SYNC), CONTOSO_SYNC,
        "On-Premises Directory Synchronization Service Account", "member",
        "True", "False", "True", "False", "False", "False", "False", "",
        "True", "", "none", "11/28/2026 6:12:40 AM",
    ])
    rows.sort(key=lambda r: r[1].lower())
    write_table(out("contoso", "registration-details.csv"), header, rows,
                quote_all=True)


def format_list(pairs):
    width = max(len(k) for k, _ in pairs)
    body = "\r\n".join(f"{k.ljust(width)} : {v}".rstrip() for k, v in pairs)
    return "\r\n\r\n" + body + "\r\n\r\n\r\n"


def contoso_settings():
    pairs = [
        ("ExtensionData", "System.Runtime.Serialization.ExtensionDataObject"),
        ("AllowAdHocSubscriptions", "True"),
        ("AllowEmailVerifiedUsers", "True"),
        ("AuthorizedServiceInstances",
         "{exchange/namprd12-001-01, SharePoint/NAMSPO001, ...}"),
        ("AuthorizedServices", "{}"),
        ("City", "Redmond"),
        ("CompanyDirSyncFeatures", "{PasswordHashSync}"),
        ("CompanyTags", "{azure.microsoft.com/azure=active}"),
        ("CompanyType", "CompanyTenant"),
        ("CompassEnabled", ""),
        ("Country", ""),
        ("CountryLetterCode", "US"),
        ("DapEnabled", ""),
        ("DefaultUsageLocation", ""),
        ("DirSyncAnchorAttribute", "mS-DS-ConsistencyGuid"),
        ("DirSyncApplicationType", "1651564e-7ce4-4d99-88be-0a65050d8dc3"),
        ("DirSyncClientMachineName", "CONTOSO-DC01"),
        ("DirSyncClientVersion", "2.3.20.0"),
        ("DirSyncServiceAccount", CONTOSO_SYNC),
        ("DirectorySynchronizationEnabled", "True"),
        ("DirectorySynchronizationStatus", "Enabled"),
        ("DisplayName", "Contoso"),
        ("InitialDomain", "contoso.onmicrosoft.com"),
        ("LastDirSyncTime", "12/3/2026 6:41:02 AM"),
        ("LastPasswordSyncTime", "12/3/2026 6:43:19 AM"),
        ("MarketingNotificationEmails", "{}"),
        ("MultipleDataLocationsForServicesEnabled", ""),
        ("ObjectId", "b5d4c3e2-1f0a-4b9c-8d7e-6f5a4b3c2d1e"),
        ("PasswordSynchronizationEnabled", "True"),
        ("PortalSettings",
         "Microsoft.Online.Administration.CompanyPortalSettings"),
        ("PostalCode", "98052"),
        ("PreferredLanguage", "en"),
        ("ReleaseTrack", ""),
        ("ReplicationScope", "NA"),
        ("RmsViralSignUpEnabled", "True"),
        ("SecurityComplianceNotificationEmails", "{}"),
        ("SecurityComplianceNotificationPhones", "{}"),
        ("SelfServePasswordResetEnabled", "True"),
        ("ServiceInformation",
         "{Microsoft.Online.Administration.ServiceInformation, ...}"),
        ("ServiceInstanceInformation",
         "{Microsoft.Online.Administration.ServiceInstanceInformation, ...}"),
        ("State", "WA"),
        ("Street", "One Microsoft Way"),
        ("TechnicalNotificationEmails", "{it-alerts@contoso.example}"),
        ("TelephoneNumber", "+1 425 555 0100"),
        ("UsersPermissionToCreateGroupsEnabled", "True"),
        ("UsersPermissionToCreateLOBAppsEnabled", "True"),
        ("UsersPermissionToReadOtherUsersEnabled", "True"),
        ("UsersPermissionToUserConsentToAppsEnabled", "False"),
    ]
    # `Get-MsolCompanyInformation | Format-List | Out-File -Encoding utf8`
    # in Windows PowerShell 5.1: UTF-8 with BOM, CRLF, blank lines around.
    write_text(out("contoso", "company-information.txt"), format_list(pairs),
               bom=True)


# --------------------------------------------------------------------------
# fabrikam: MSOnline Get-MsolUser script export (UTF-16 LE with BOM, #TYPE,
# all quoted), Get-MsolRoleMember script (ASCII), raw company CSV.
# --------------------------------------------------------------------------

MSOL_HEADER = [
    "UserPrincipalName", "DisplayName", "FirstName", "LastName", "Title",
    "Department", "Office", "City", "Country", "UsageLocation",
    "BlockCredential", "IsLicensed", "Licenses", "MobilePhone", "PhoneNumber",
    "AlternateEmailAddresses", "AlternateMobilePhones", "ProxyAddresses",
    "StrongAuthenticationMethods", "StrongAuthenticationUserDetails.PhoneNumber",
    "StrongAuthenticationUserDetails.Email",
    "StrongAuthenticationUserDetails.AlternativePhoneNumber", "ObjectId",
    "UserType", "LastDirSyncTime", "LastPasswordChangeTimestamp",
    "WhenCreated",
]

LIST_TYPE = "System.Collections.Generic.List`1[System.String]"
LICENSE_TYPE = ("System.Collections.Generic.List`1"
                "[Microsoft.Online.Administration.UserLicense]")
APP_SMS = "PhoneAppNotification,PhoneAppOTP,OneWaySMS"

# upn, first, last, title, country code, blocked, mobile, office phone,
# alternate emails, auth phone, auth email, methods
FABRIKAM_USERS = [
    ("nora.lindqvist", "Nora", "Lindqvist", "CIO", "SE", False,
     "+46 70 123 45 67", "+46 8 123 456 78",
     "nora.lindqvist@personal.example", "+46 70 123 45 67",
     "nora.lindqvist@personal.example", APP_SMS),
    ("oscar.ward", "Oscar", "Ward", "Infrastructure Lead", "GB", False,
     "+44 7400 123457", "+44 20 7946 0123", LIST_TYPE, "+44 7400 123457", "",
     "PhoneAppNotification,OneWaySMS"),
    ("priya.raman", "Priya", "Raman", "Identity Analyst", "IN", False,
     "+91 81234 56789", "+91 22 2345 6789", "priya.raman@fabrikam.example",
     "+91 81234 56789", "", "PhoneAppNotification,OneWaySMS"),
    ("bob.kelly", "Bob", "Kelly", "Collaboration Admin", "US", False,
     "+1 425 555 0188", "+1 425 555 0100", "bob@@fabrikam",
     "+1 425 555 0188", "", "PhoneAppNotification,OneWaySMS"),
    ("tomas.herrera", "Tom\u00e1s", "Herrera", "Messaging Admin", "ES", False,
     "+34 612 34 56 78", "", "tomas.herrera@personal.example",
     "+34 612 34 56 78", "tomas.herrera@personal.example", APP_SMS),
    ("grace.okafor", "Grace", "Okafor", "Service Desk (left)", "GB", True,
     "+44 7400 123460", "", "grace.okafor@personal.example",
     "+44 7400 123460", "grace.okafor@personal.example", APP_SMS),
    ("liam.chen", "Liam", "Chen", "Security Analyst", "US", False,
     "+1 425 555 0131", "", "liam.chen@personal.example", "+1 425 555 0131",
     "", "PhoneAppNotification"),
    ("ava.martin", "Ava", "Martin", "Buyer", "GB", False, "+44 7400 123463",
     "", "", "+44 7400 123463", "", "OneWaySMS"),
    ("noah.fischer", "Noah", "Fischer", "Engineer", "DE", False,
     "+49 1512 3456789", "+49 30 123456", "", "", "", ""),
    ("zoe.laurent", "Zo\u00eb", "Laurent", "Designer", "FR", False,
     "+33 6 98 76 54 32", "", "zoe.laurent@personal.example",
     "+33 6 98 76 54 32", "", "OneWaySMS"),
    ("mateo.silva", "Mateo", "Silva", "Sales Rep", "ES", False,
     "+34 612 34 56 79", "", "", "", "", ""),
]

FABRIKAM_SYNC = "Sync_FABDC01_4f2a9b1c7d3e@fabrikam.onmicrosoft.com"


def fabrikam():
    dom = "fabrikam.example"
    rows = []
    created = dt.datetime(2021, 9, 14, 10, 22, 51)
    for i, (u, first, last, title, cc, blocked, mobile, office, alt, aphone,
            aemail, methods) in enumerate(FABRIKAM_USERS):
        upn = f"{u}@{dom}"
        rows.append({
            "UserPrincipalName": upn, "DisplayName": f"{first} {last}",
            "FirstName": first, "LastName": last, "Title": title,
            "Department": "IT" if "Admin" in title or "CIO" in title else "",
            "Office": "", "City": "", "Country": "", "UsageLocation": cc,
            "BlockCredential": str(blocked), "IsLicensed": "True",
            "Licenses": LICENSE_TYPE, "MobilePhone": mobile,
            "PhoneNumber": office, "AlternateEmailAddresses": alt,
            "AlternateMobilePhones": "",
            "ProxyAddresses": f"SMTP:{upn};smtp:{u}@fabrikam.onmicrosoft.com",
            "StrongAuthenticationMethods": methods,
            "StrongAuthenticationUserDetails.PhoneNumber": aphone,
            "StrongAuthenticationUserDetails.Email": aemail,
            "StrongAuthenticationUserDetails.AlternativePhoneNumber": "",
            "ObjectId": oid(upn), "UserType": "Member",
            "LastDirSyncTime": "",
            "LastPasswordChangeTimestamp": ps_time(
                dt.datetime(2026, 10, 1 + i, 8, 5, 9)),
            "WhenCreated": ps_time(created + dt.timedelta(days=37 * i)),
        })
    rows.append({
        "UserPrincipalName": FABRIKAM_SYNC,
        "DisplayName": "On-Premises Directory Synchronization Service Account",
        "LastName": "Service Account", "BlockCredential": "False",
        "IsLicensed": "False", "Licenses": LICENSE_TYPE,
        "ProxyAddresses": "", "ObjectId": oid(FABRIKAM_SYNC),
        "UserType": "Member",
        "LastPasswordChangeTimestamp": ps_time(dt.datetime(2021, 9, 1)),
        "WhenCreated": ps_time(dt.datetime(2021, 9, 1)),
    })
    write_table(out("fabrikam", "msol-users.csv"), MSOL_HEADER, rows,
                quote_all=True, encoding="utf-16-le",
                type_line="#TYPE Selected.Microsoft.Online.Administration.User")
    fabrikam_roles(dom)
    fabrikam_company()


def fabrikam_roles(dom):
    names = {u: f"{f} {l}" for (u, f, l, *_r) in FABRIKAM_USERS}

    def user(role, u):
        return [role, "User", f"{u}@{dom}", names[u], "True"]

    rows = [
        user("Company Administrator", "nora.lindqvist"),
        user("Company Administrator", "oscar.ward"),
        ["Company Administrator", "ServicePrincipal", "",
         "Fabrikam HR Provisioning", "False"],
        user("User Account Administrator", "priya.raman"),
        user("SharePoint Service Administrator", "bob.kelly"),
        user("Exchange Service Administrator", "tomas.herrera"),
        user("Helpdesk Administrator", "grace.okafor"),
        ["Helpdesk Administrator", "User", f"kai.nakamura@{dom}",
         "Kai Nakamura", "True"],
        user("Security Reader", "liam.chen"),
        ["Directory Synchronization Accounts", "User", FABRIKAM_SYNC,
         "On-Premises Directory Synchronization Service Account", "False"],
    ]
    header = ["RoleName", "RoleMemberType", "EmailAddress", "DisplayName",
              "IsLicensed"]
    write_table(out("fabrikam", "msol-role-members.csv"), header, rows,
                quote_all=True, encoding="ascii")


def fabrikam_company():
    pairs = [
        ("ExtensionData", "System.Runtime.Serialization.ExtensionDataObject"),
        ("AllowAdHocSubscriptions", "True"),
        ("AllowEmailVerifiedUsers", "True"),
        ("AuthorizedServiceInstances", LIST_TYPE),
        ("AuthorizedServices", LIST_TYPE),
        ("City", "Oslo"), ("CompanyDirSyncFeatures", LIST_TYPE),
        ("CompanyTags", LIST_TYPE), ("CompanyType", "CompanyTenant"),
        ("CompassEnabled", ""), ("Country", ""), ("CountryLetterCode", "NO"),
        ("DapEnabled", ""), ("DefaultUsageLocation", ""),
        ("DirSyncAnchorAttribute", "objectGUID"),
        ("DirSyncApplicationType", "1651564e-7ce4-4d99-88be-0a65050d8dc3"),
        ("DirSyncClientMachineName", "FABDC01"),
        ("DirSyncClientVersion", "2.1.16.0"),
        ("DirSyncServiceAccount", FABRIKAM_SYNC),
        ("DirectorySynchronizationEnabled", "True"),
        ("DirectorySynchronizationStatus", "Enabled"),
        ("DisplayName", "Fabrikam, Inc."),
        ("InitialDomain", "fabrikam.onmicrosoft.com"),
        ("LastDirSyncTime", "12/3/2026 5:58:40 AM"),
        ("LastPasswordSyncTime", "12/3/2026 6:01:12 AM"),
        ("MarketingNotificationEmails", LIST_TYPE),
        ("MultipleDataLocationsForServicesEnabled", ""),
        ("ObjectId", "0c9b8a7f-6e5d-4c3b-9a1f-2e3d4c5b6a79"),
        ("PasswordSynchronizationEnabled", "True"),
        ("PortalSettings",
         "Microsoft.Online.Administration.CompanyPortalSettings"),
        ("PostalCode", "0150"), ("PreferredLanguage", "en"),
        ("ReleaseTrack", ""), ("ReplicationScope", "EU"),
        ("RmsViralSignUpEnabled", "True"),
        ("SecurityComplianceNotificationEmails", LIST_TYPE),
        ("SecurityComplianceNotificationPhones", LIST_TYPE),
        ("SelfServePasswordResetEnabled", "False"),
        ("ServiceInformation", LIST_TYPE.replace(
            "System.String", "Microsoft.Online.Administration.ServiceInformation")),
        ("ServiceInstanceInformation", LIST_TYPE.replace(
            "System.String",
            "Microsoft.Online.Administration.ServiceInstanceInformation")),
        ("State", ""), ("Street", "Karl Johans gate 1"),
        ("TechnicalNotificationEmails", LIST_TYPE), ("TelephoneNumber", ""),
        ("UsersPermissionToCreateGroupsEnabled", "False"),
        ("UsersPermissionToCreateLOBAppsEnabled", "False"),
        ("UsersPermissionToReadOtherUsersEnabled", "True"),
        ("UsersPermissionToUserConsentToAppsEnabled", "False"),
    ]
    header = [k for k, _ in pairs]
    write_table(out("fabrikam", "company-information.csv"), header,
                [[v for _, v in pairs]], quote_all=True, encoding="ascii",
                type_line="#TYPE Microsoft.Online.Administration.Company")


# --------------------------------------------------------------------------
# tailspin: MFA-status script (';', Windows-1252), Graph Get-MgUser export
# (UTF-8, full-width digits), Twilio Lookup export.
# --------------------------------------------------------------------------

MFA_HEADER = [
    "DisplayName", "UserPrincipalName", "MFAStatus", "ActivationStatus",
    "DefaultMFAMethod", "AllMFAMethods", "MFAPhone", "MFAEmail",
    "LicenseStatus", "IsAdmin", "AdminRoles", "SignInStatus",
]

# name, upn, roles, mfa phone, mfa email, methods, blocked, graph mobile,
# business phone, other mails, usage location
TAILSPIN_USERS = [
    ("J\u00fcrgen M\u00fcller", "juergen.mueller", "Company Administrator",
     "+49 1512 3456789", "juergen.mueller@personal.example", APP_SMS, False,
     "+49 1512 3456789", "+49 30 901820", "juergen.mueller@personal.example",
     "DE"),
    ("Sof\u00eda Navarro", "sofia.navarro",
     "Company Administrator,Billing Administrator", "+33 6 12 34 56 78",
     "sofia.navarro@personal.example", "PhoneAppNotification,OneWaySMS",
     False, "+34 612 34 56 78", "+33 1 23 45 67 89", "", "FR"),
    ("Lucas Bernard", "lucas.bernard", "Exchange Service Administrator",
     "+33 6 12 34 56 78", "lucas.bernard@personal.example",
     "PhoneAppNotification,OneWaySMS", False, "+33 6 98 76 54 32",
     "+33 1 23 45 67 89", "", "FR"),
    ("Kenji Watanabe", "kenji.watanabe", "SharePoint Service Administrator",
     "+81 090-1234-5678", "kenji.watanabe@personal.example",
     "OneWaySMS,TwoWayVoiceMobile", False, "+81 090-1234-5678",
     "+81 3 1234 5678", "", "JP"),
    ("Aiko Suzuki", "aiko.suzuki", "Lync Service Administrator", "-",
     "aiko.suzuki@personal.example", "PhoneAppNotification", False,
     "\uff0b\uff18\uff11 \uff18\uff10\uff0d\uff11\uff12\uff13\uff14"
     "\uff0d\uff15\uff16\uff17\uff18", "", "", "JP"),
    ("Oliver Bennett", "oliver.bennett", "User Account Administrator",
     "+44 (0)7400 654321", "-", "PhoneAppNotification,OneWaySMS", False,
     "+44 7400 654321", "+44 113 496 0123", "o.bennett@personal.example",
     "GB"),
    ("Ethan Brooks", "ethan.brooks", "Exchange Service Administrator",
     "+1 646 555 0187", "ethan.brooks@personal.example", "OneWaySMS", False,
     "+1 646 555 0187", "+1 212 555 0143", "", "US"),
    ("Maria Garcia", "maria.garcia", "Billing Administrator",
     "+1 312 555 0118", "maria.garcia@personal.example",
     "PhoneAppNotification,OneWaySMS", False, "", "+1 312 555 0118", "",
     "US"),
    ("Daniel Kim", "daniel.kim", "Helpdesk Administrator",
     "+1 425 555 0123 ext. 12", "daniel.kim@personal.example",
     "PhoneAppNotification,OneWaySMS", False, "+1 425 555 0123",
     "+1 425 555 0101", "", "US"),
    ("Hannah Schmidt", "hannah.schmidt", "Password Administrator",
     "+1 347 555 0165", "hannah.schmidt@personal.example",
     "PhoneAppNotification,TwoWayVoiceMobile", False, "", "", "", "US"),
    ("Ren\u00e9e Lef\u00e8vre", "renee.lefevre", "Intune Service Administrator",
     "+33 6 98 76 54 33", "renee.lefevre@personal.example", "OneWaySMS",
     False, "+33 6 98 76 54 33", "", "", "FR"),
    ("Mia Hoffmann", "mia.hoffmann", "Groups Administrator",
     "+49 1512 3456781", "-", "PhoneAppNotification,OneWaySMS", False,
     "+49 1512 3456781", "+49 30 123456", "", "DE"),
    ("Felix Wagner", "felix.wagner", "Security Administrator",
     "+49 1512 3456782", "felix.wagner@personal.example", APP_SMS, True,
     "+49 1512 3456782", "", "", "DE"),
    ("Chlo\u00e9 Dubois", "chloe.dubois", "", "+33 6 98 76 54 34", "-",
     "OneWaySMS", False, "+33 6 98 76 54 34", "", "", "FR"),
    ("Lars Nielsen", "lars.nielsen", "", "-", "-", "-", False,
     "+45 20 12 34 56", "", "", "DK"),
    ("Emily Clarke", "emily.clarke", "", "+44 7400 123465",
     "emily.c@personal.example", "PhoneAppNotification,OneWaySMS", False,
     "+44 7400 123465", "", "", "GB"),
    ("Marco Bianchi", "marco.bianchi", "", "-", "-", "-", True, "", "", "",
     "IT"),
    ("Sarah Johnson", "sarah.johnson", "", "+1 415 555 0132",
     "sarah.j@personal.example", "OneWaySMS", False, "+1 415 555 0132", "",
     "", "US"),
    ("Fran\u00e7ois Martin", "francois.martin", "", "-", "-", "-", False,
     "+33 6 98 76 54 35", "", "", "FR"),
]


def tailspin():
    dom = "tailspin.example"
    rows = []
    for (name, u, roles, phone, email, methods, blocked, *_g) in \
            TAILSPIN_USERS:
        registered = methods != "-"
        default = methods.split(",")[0] if registered else "-"
        rows.append([
            name, f"{u}@{dom}",
            ("Enforced" if roles else "Enabled") if registered else "Disabled",
            "Activated" if registered else "-", default, methods, phone,
            email, "Licensed", str(bool(roles)), roles or "No roles",
            "Blocked" if blocked else "Allowed",
        ])
    # Windows PowerShell 5.1 on a French/German desktop:
    # Export-Csv -UseCulture -Encoding Default -NoTypeInformation.
    write_table(out("tailspin", "mfa-status-report.csv"), MFA_HEADER, rows,
                delim=";", quote_all=True, encoding="cp1252")
    tailspin_graph(dom)
    tailspin_lookup()


def tailspin_graph(dom):
    header = ["Id", "DisplayName", "UserPrincipalName", "AccountEnabled",
              "Mail", "MobilePhone", "BusinessPhones", "OtherMails",
              "UsageLocation"]
    rows = []
    for (name, u, _r, _p, _e, _m, blocked, mobile, office, other, loc) in \
            TAILSPIN_USERS:
        upn = f"{u}@{dom}"
        rows.append([oid(upn), name, upn, str(not blocked), upn, mobile,
                     office, other, loc])
    # PowerShell 7 Export-Csv: UTF-8 without BOM, every field quoted, the
    # array columns joined by the script with ';'.
    write_table(out("tailspin", "graph-users.csv"), header, rows,
                quote_all=True)


def tailspin_lookup():
    header = [
        "phone_number", "country_code", "national_format", "valid",
        "line_type_intelligence.type", "line_type_intelligence.carrier_name",
        "line_type_intelligence.mobile_country_code",
        "line_type_intelligence.mobile_network_code",
        "line_type_intelligence.error_code",
    ]
    rows = [
        ["+16465550187", "US", "(646) 555-0187", "true", "nonFixedVoip",
         "Google (Grand Central) BWI - Bandwidth.com - SVR", "", "", ""],
        ["+13125550118", "US", "(312) 555-0118", "true", "landline",
         "Illinois Bell Telephone Company", "", "", ""],
        ["+14255550123", "US", "(425) 555-0123", "true", "mobile",
         "Verizon Wireless", "311", "480", ""],
        ["+13475550165", "US", "(347) 555-0165", "true", "fixedVoip",
         "Vonage Business Inc.", "", "", ""],
        ["+14155550132", "US", "(415) 555-0132", "true", "mobile",
         "T-Mobile USA, Inc.", "310", "260", ""],
    ]
    write_table(out("tailspin", "twilio-lookup.csv"), header, rows, eol="\n")


# --------------------------------------------------------------------------
# woodgrove: Graph Get-MgUser, role assignments by object and template id,
# registration details (REST camelCase), authorizationPolicy.
# --------------------------------------------------------------------------

GA = "62e90394-69f5-4237-9190-012177145e10"
ROLE_IDS = {
    "Global Administrator": GA,
    "User Administrator": "fe930be7-5e62-47db-91af-98c3a49a38b1",
    "Helpdesk Administrator": "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    "Billing Administrator": "b0f54661-2d74-4c50-afa3-1ec803f12efe",
    "Exchange Administrator": "29232cdf-9323-42fd-ade2-1d097af3e4de",
    "Global Reader": "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
    "Directory Synchronization Accounts":
        "d29b2b05-8046-44ba-8758-1e26182fcf32",
}

# upn, given, surname, role, enabled, mobile, business, other mails,
# usage location, registered methods
WOODGROVE_USERS = [
    ("priscilla.grant", "Priscilla", "Grant", "Global Administrator", True,
     "+61 491 570 156", "+61 2 5550 1234", "p.grant@personal.example", "AU",
     "email,mobilePhone,microsoftAuthenticatorPush"),
    ("marcus.webb", "Marcus", "Webb", "Global Administrator", False,
     "+61 491 570 157", "", "marcus.webb@personal.example", "AU", None),
    ("devon.price", "Devon", "Price", "User Administrator", True, "",
     "+61 2 5550 1299", "devon.price@personal.example", "AU",
     "email,microsoftAuthenticatorPush"),
    ("chen.jing", "Jing", "Chen", "Helpdesk Administrator", True,
     "+86 131 2345 6789", "", "it-helpdesk@woodgrove.example", "CN",
     "email,mobilePhone,microsoftAuthenticatorPush"),
    ("rosa.diaz", "Rosa", "Diaz", "Billing Administrator", True,
     "+1 604 555 0171", "", "", "CA", "mobilePhone"),
    ("elena.novak", "Elena", "Novak", "Exchange Administrator", True,
     "+420 601 123 456", "", "elena.novak@personal.example", "CZ",
     "email,mobilePhone"),
    ("sam.taylor", "Sam", "Taylor", "Global Reader", True, "+61 491 570 158",
     "", "sam.taylor@personal.example", "AU", "email,mobilePhone"),
    ("olivia.wong", "Olivia", "Wong", None, True, "+64 21 123 4567", "",
     "", "NZ", "mobilePhone"),
    ("jack.murphy", "Jack", "Murphy", None, True, "+353 85 012 3456", "",
     "jack.murphy@personal.example", "IE", "email,mobilePhone"),
    ("lena.berg", "Lena", "Berg", None, True, "+47 412 34 567", "", "",
     "NO", ""),
    ("tariq.hassan", "Tariq", "Hassan", None, True, "+971 50 123 4567", "",
     "", "AE", "mobilePhone"),
    ("ruby.evans", "Ruby", "Evans", None, True, "", "+61 2 5550 1200", "",
     "AU", ""),
]

WOODGROVE_SYNC = "Sync_WGB-AADC01_8c1d2e3f4a5b@woodgrove.onmicrosoft.com"
WOODGROVE_ORPHAN = "3f2a9c71-5b8e-4d6a-9c0f-7e1d2b3a4c5d"


def woodgrove():
    dom = "woodgrove.example"
    header = ["Id", "DisplayName", "UserPrincipalName", "AccountEnabled",
              "Mail", "MobilePhone", "BusinessPhones", "OtherMails",
              "UsageLocation", "GivenName", "Surname", "JobTitle"]
    rows = []
    for (u, given, sur, role, enabled, mobile, office, other, loc, _m) in \
            WOODGROVE_USERS:
        upn = f"{u}@{dom}"
        rows.append([oid(upn), f"{given} {sur}", upn, str(enabled), upn,
                     mobile, office, other, loc, given, sur,
                     role.replace("Administrator", "Admin") if role else ""])
    rows.append([oid(WOODGROVE_SYNC),
                 "On-Premises Directory Synchronization Service Account",
                 WOODGROVE_SYNC, "True", "", "", "", "", "", "", "", ""])
    write_table(out("woodgrove", "mg-users.csv"), header, rows,
                quote_all=True)
    woodgrove_roles(dom)
    woodgrove_registration(dom)
    woodgrove_policy()


def woodgrove_roles(dom):
    header = ["Id", "PrincipalId", "RoleDefinitionId", "DirectoryScopeId",
              "AppScopeId", "Condition"]
    pairs = [(oid(f"{u}@{dom}"), ROLE_IDS[role])
             for (u, _g, _s, role, *_r) in WOODGROVE_USERS if role]
    pairs.append((WOODGROVE_ORPHAN, ROLE_IDS["User Administrator"]))
    pairs.append((oid(WOODGROVE_SYNC),
                  ROLE_IDS["Directory Synchronization Accounts"]))
    rows = []
    for principal, role in pairs:
        # Graph assignment ids are opaque strings; derive a stable one.
        rid = uuid.uuid5(NS, principal + role).hex
        rows.append([f"{rid[:22]}-1", principal, role, "/", "", ""])
    write_table(out("woodgrove", "role-assignments.csv"), header, rows,
                quote_all=True)


def woodgrove_registration(dom):
    header = [
        "id", "userPrincipalName", "userDisplayName", "userType", "isAdmin",
        "isSsprRegistered", "isSsprEnabled", "isSsprCapable",
        "isMfaRegistered", "isMfaCapable", "isPasswordlessCapable",
        "methodsRegistered", "userPreferredMethodForSecondaryAuthentication",
        "lastUpdatedDateTime",
    ]
    rows = []
    for (u, given, sur, role, enabled, _mo, _of, _ot, _l, methods) in \
            WOODGROVE_USERS:
        if not enabled:
            continue  # the report omits disabled users
        upn = f"{u}@{dom}"
        # Admins need two SSPR methods registered, other users one.
        sspr = [m for m in ("email", "mobilePhone", "officePhone",
                            "microsoftAuthenticatorPush") if m in methods]
        admin = role is not None and role != "Global Reader"
        reg = len(sspr) >= (2 if admin else 1)
        strong = "microsoftAuthenticatorPush" in methods or \
            "mobilePhone" in methods
        pref = "push" if "microsoftAuthenticatorPush" in methods else (
            "sms" if "mobilePhone" in methods else "none")
        rows.append([oid(upn), upn, f"{given} {sur}", "member",
                     str(admin).lower(), str(reg).lower(), "true",
                     str(reg).lower(), str(strong).lower(),
                     str(strong).lower(), "false", methods, pref,
                     "2026-11-30T04:10:22Z"])
    write_table(out("woodgrove", "user-registration-details.csv"), header,
                rows, eol="\n")


def woodgrove_policy():
    header = [
        "AllowEmailVerifiedUsersToJoinOrganization", "AllowInvitesFrom",
        "AllowUserConsentForRiskyApps",
        "AllowedToSignUpEmailBasedSubscriptions", "AllowedToUseSspr",
        "BlockMsolPowerShell", "DefaultUserRolePermissions", "DeletedDateTime",
        "Description", "DisplayName", "GuestUserRoleId", "Id",
        "PermissionGrantPolicyIdsAssignedToDefaultUserRole",
        "AdditionalProperties",
    ]
    row = [
        "False", "adminsAndGuestInviters", "", "True", "False", "True",
        "Microsoft.Graph.PowerShell.Models."
        "MicrosoftGraphDefaultUserRolePermissions", "",
        "Used to manage authorization related settings across the company.",
        "Authorization Policy", "10dae51f-b6af-4016-8d66-8c2a99b929b3",
        "authorizationPolicy", "System.String[]",
        "System.Collections.Generic.Dictionary`2[System.String,System.Object]",
    ]
    write_table(out("woodgrove", "authorization-policy.csv"), header, [row],
                quote_all=True)


# --------------------------------------------------------------------------
# litware: Entra bulk-create template reused as inventory, role list,
# registration details; no tenant settings.
# --------------------------------------------------------------------------

BULK_HEADER = [
    "Name [displayName] Required", "User name [userPrincipalName] Required",
    "Initial password [passwordProfile] Required",
    "Block sign in (Yes/No) [accountEnabled] Required",
    "First name [givenName]", "Last name [surname]", "Job title [jobTitle]",
    "Department [department]", "Usage location [usageLocation]",
    "Street address [streetAddress]", "State or province [state]",
    "Country or region [country]", "Office [physicalDeliveryOfficeName]",
    "City [city]", "ZIP or postal code [postalCode]",
    "Office phone [telephoneNumber]", "Mobile phone [mobile]",
]

# upn, given, surname, title, usage, country, city, role, blocked,
# office phone, mobile, methods (None = not registered)
LITWARE_USERS = [
    ("hana.yoshida", "Hana", "Yoshida", "CTO", "JP", "Japan", "Tokyo",
     "Global Administrator", False, "+81 3 1234 5678", "+81 50 3123 4567",
     "email,mobilePhone,microsoftAuthenticatorPush"),
    ("marco.rossi", "Marco", "Rossi", "IT Manager", "IT", "Italy", "Roma",
     "Global Administrator", False, "+39 06 4881 2300", "+39 06 4881 2345",
     "email,mobilePhone,microsoftAuthenticatorPush"),
    ("tom.harris", "Tom", "Harris", "Operations Director", "US",
     "United States", "Seattle", "Global Administrator", False,
     "+1 206 555 0100", "+1 800 555 0199",
     "email,mobilePhone,microsoftAuthenticatorPush"),
    ("grace.kim", "Grace", "Kim", "Cloud Engineer", "US", "United States",
     "Seattle", "Global Administrator", False, "", "+1 206 555 0142",
     "email,mobilePhone,microsoftAuthenticatorPush"),
    ("farhan.ahmed", "Farhan", "Ahmed", "Regional IT Lead", "BD",
     "Bangladesh", "Dhaka", "Global Administrator", False, "",
     "+880 1812 345678", "email,mobilePhone,microsoftAuthenticatorPush"),
    ("olivia.park", "Olivia", "Park", "CEO", "US", "United States",
     "Seattle", "Global Administrator", False, "", "", None),
    ("ivan.petrov", "Ivan", "Petrov", "Systems Administrator", "RU",
     "Russia", "Moscow", "User Administrator", False, "", "+7 912 345 6789",
     "email,mobilePhone"),
    ("james.wright", "James", "Wright", "Accountant", "GB",
     "United Kingdom", "London", None, False, "+44 20 7946 0555",
     "+44 7400 123466", "email,mobilePhone"),
    ("sakura.ito", "Sakura", "Ito", "Designer", "JP", "Japan", "Osaka", None,
     False, "", "+81 90 3456 7890", "mobilePhone"),
    ("luca.ferrari", "Luca", "Ferrari", "Sales Rep", "IT", "Italy", "Milano",
     None, False, "+39 02 1234 5678", "+39 347 123 4567", None),
    ("nina.schulz", "Nina", "Schulz", "Consultant", "DE", "Germany",
     "Berlin", None, True, "", "+49 1512 3456783", None),
    ("kevin.obrien", "Kevin", "O'Brien", "Support Engineer", "IE",
     "Ireland", "Dublin", None, False, "", "+353 85 012 3457",
     "email,microsoftAuthenticatorPush"),
    ("wei.zhang", "Wei", "Zhang", "Data Analyst", "SG", "Singapore",
     "Singapore", None, False, "+65 6123 4567", "+65 8123 4567",
     "email,mobilePhone,microsoftAuthenticatorPush"),
]


def litware():
    dom = "litware.example"
    rows = []
    for (u, given, sur, title, loc, country, city, _role, blocked, office,
         mobile, _m) in LITWARE_USERS:
        rows.append([f"{given} {sur}", f"{u}@{dom}", "", "Yes" if blocked
                     else "No", given, sur, title, "", loc, "", "", country,
                     "", city, "", office, mobile])
    # The template's first line says which version it is; admins keep it
    # when they reuse a filled-in template as their inventory.
    path = out("litware", "users-bulk-template.csv")
    lines = ["version:v1.0", csv_line(BULK_HEADER)]
    lines += [csv_line(r) for r in rows]
    write_text(path, "\r\n".join(lines) + "\r\n", bom=True)

    header = ["RoleDisplayName", "PrincipalDisplayName",
              "PrincipalUserPrincipalName", "PrincipalType", "AssignmentType",
              "DirectoryScopeId"]
    roles = [[role, f"{g} {s}", f"{u}@{dom}", "User", "Active", "/"]
             for (u, g, s, _t, _l, _c, _ci, role, *_r) in LITWARE_USERS
             if role]
    write_table(out("litware", "role-members.csv"), header, roles,
                quote_all=True)
    litware_registration(dom)


def litware_registration(dom):
    header = ["Id", "UserPrincipalName", "UserDisplayName", "UserType",
              "IsAdmin", "IsSsprRegistered", "IsSsprEnabled", "IsSsprCapable",
              "IsMfaRegistered", "IsMfaCapable", "MethodsRegistered"]
    rows = []
    for (u, g, s, _t, _l, _c, _ci, role, blocked, _o, _mo, methods) in \
            LITWARE_USERS:
        if blocked:
            continue
        upn = f"{u}@{dom}"
        reg = methods is not None
        rows.append([oid(upn), upn, f"{g} {s}", "member", str(bool(role)),
                     str(reg), "True", str(reg), str(reg), str(reg),
                     (methods or "").replace(",", ";")])
    write_table(out("litware", "registration-details.csv"), header, rows,
                quote_all=True)


# --------------------------------------------------------------------------
# adatum: M365 admin center export (the UPN-first column order, with
# CountryOrRegion), AzureAD role member script, name/value settings.
# --------------------------------------------------------------------------

M365_UPN_FIRST = [
    "User principal name", "Display name", "First name", "Last name",
    "Title", "Department", "Office", "Mobile Phone", "Phone number", "Fax",
    "Street address", "City", "State", "Postal code", "CountryOrRegion",
    "Usage location", "Licenses", "Block credential", "Proxy addresses",
    "Object Id", "When created", "Last password change time stamp",
    "Password never expires", "Strong password required",
    "Preferred language", "Soft deletion time stamp", "DirSyncEnabled",
    "Preferred data location", "Release track",
]

# upn, first, last, title, mobile, office, country, usage, blocked, role
ADATUM_USERS = [
    ("adam.barr", "Adam", "Barr", "Founder", "+1 425 555 0160",
     "+1 425 555 0161", "United States", "US", True, "Global Administrator"),
    ("kim.akers", "Kim", "Akers", "Messaging Lead", "+65 8123 4567",
     "+65 6123 4567", "Singapore", "SG", False, "Exchange Administrator"),
    ("jamie.reding", "Jamie", "Reding", "Support Lead", "+1 416 555 0164",
     "", "Canada", "CA", False, "Helpdesk Administrator"),
    ("anne.wallace", "Anne", "Wallace", "Office Manager", "+1 425 555 0162",
     "", "United States", "US", False, None),
    ("sean.chai", "Sean", "Chai", "Analyst", "", "+1 425 555 0163",
     "United States", "US", False, None),
    ("ellen.adams", "Ellen", "Adams", "Designer", "+44 7400 123464", "",
     "United Kingdom", "GB", False, None),
    ("hao.chen", "Hao", "Chen", "Engineer", "+86 131 2345 6780", "",
     "China", "CN", False, None),
]


def adatum():
    dom = "adatum.example"
    rows = []
    for (u, first, last, title, mobile, office, country, loc, blocked,
         _role) in ADATUM_USERS:
        upn = f"{u}@{dom}"
        rows.append({
            "User principal name": upn, "Display name": f"{first} {last}",
            "First name": first, "Last name": last, "Title": title,
            "Mobile Phone": mobile, "Phone number": office,
            "CountryOrRegion": country, "Usage location": loc,
            "Licenses": "Microsoft 365 Business Premium",
            "Block credential": str(blocked),
            "Proxy addresses": f"SMTP:{upn}+smtp:{u}@adatum.onmicrosoft.com",
            "Object Id": oid(upn), "When created": "2023-04-18 09:12:44Z",
            "Last password change time stamp": "2026-09-02 07:40:10Z",
            "Password never expires": "False",
            "Strong password required": "True", "Preferred language": "en-US",
            "DirSyncEnabled": "",
        })
    write_table(out("adatum", "active-users.csv"), M365_UPN_FIRST, rows,
                bom=True)

    header = ["RoleName", "RoleTemplateId", "UserPrincipalName", "ObjectType"]
    ids = {"Global Administrator": GA,
           "Exchange Administrator": ROLE_IDS["Exchange Administrator"],
           "Helpdesk Administrator": ROLE_IDS["Helpdesk Administrator"]}
    roles = [[role, ids[role], f"{u}@{dom}", "User"]
             for (u, *_r, role) in ADATUM_USERS if role]
    write_table(out("adatum", "admin-roles.csv"), header, roles,
                quote_all=True, encoding="ascii")

    settings = [
        ["DisplayName", "A. Datum Corporation"],
        ["InitialDomain", "adatum.onmicrosoft.com"],
        ["DirectorySynchronizationEnabled", "False"],
        ["PasswordSynchronizationEnabled", "False"],
        ["SelfServePasswordResetEnabled", "True"],
        ["UsersPermissionToReadOtherUsersEnabled", "True"],
    ]
    write_table(out("adatum", "company-settings.csv"), ["Name", "Value"],
                settings, quote_all=True, encoding="ascii")


if __name__ == "__main__":
    contoso()
    fabrikam()
    tailspin()
    woodgrove()
    litware()
    adatum()
    import make_northwind  # noqa: E402  (the workbook needs openpyxl)
    make_northwind.main()
