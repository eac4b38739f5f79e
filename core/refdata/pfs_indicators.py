"""What each PFS relative value file (PPRRVU) indicator means, in words, as plain data.

Source: CMS's read-me for the RVU files (RVU25D.pdf: the column descriptions and Attachment A),
summarized for billers. Every value CMS defines is here, so both the code lookup and the fee
calculator can explain any row. Nothing in this module computes a payment.
"""

from __future__ import annotations

# Status codes whose RVUs are used for Medicare payment under the fee schedule.
PAYABLE_STATUSES = frozenset("ART")

STATUS: dict[str, str] = {
    "A": "Active code: paid separately under the fee schedule, if covered. A status of A is not "
    "a national coverage decision; the MAC decides coverage without a national policy.",
    "B": "Bundled code: payment is always bundled into payment for other services. Any RVUs shown "
    "are not used for Medicare payment.",
    "C": "Carrier priced: the MAC sets the RVUs and payment, usually case by case after "
    "reviewing documentation such as an operative report.",
    "D": "Deleted code: deleted at the start of the year (no grace period).",
    "E": "Excluded from the fee schedule by regulation: no payment under the fee schedule; when "
    "covered, paid under reasonable charge rules.",
    "F": "Deleted or discontinued code, not subject to a 90-day grace period.",
    "G": "Not valid for Medicare: another code is used (was subject to a 90-day grace period).",
    "H": "Deleted modifier: the 26 or TC component of this code was deleted this year.",
    "I": "Not valid for Medicare: Medicare uses another code to report and pay this service.",
    "J": "Anesthesia service: no RVUs and no fee schedule amount (paid with anesthesia base and "
    "time units).",
    "M": "Measurement code: for reporting only, no payment.",
    "N": "Non-covered service: not covered by Medicare.",
    "P": "Bundled or excluded: no RVUs, no separate payment under the fee schedule. Bundled into "
    "the physician service it is incident to, or paid under another provision.",
    "R": "Restricted coverage: special coverage instructions apply; if covered, the MAC prices "
    "it (mostly dental codes and a few rarely covered CPT codes).",
    "T": "Injection or minor service: paid only if no other fee schedule service is billed by "
    "the same provider on the same date; otherwise bundled into that service.",
    "X": "Statutory exclusion: not a physician service under the law (for example ambulance or "
    "clinical lab services); no payment under the fee schedule.",
}

PCTC: dict[str, str] = {
    "0": "Physician service: professional/technical split does not apply; modifiers 26 and TC "
    "cannot be used.",
    "1": "Diagnostic test with a professional and a technical component: bill the global code, "
    "or 26 for the interpretation only, or TC for the equipment and staff only.",
    "2": "Professional component only code (a stand-alone interpretation code): modifiers 26 and "
    "TC cannot be used.",
    "3": "Technical component only code: modifiers 26 and TC cannot be used.",
    "4": "Global test only code (separate codes exist for the professional and technical parts): "
    "modifiers 26 and TC cannot be used.",
    "5": "Incident-to code: services by staff under the physician's direct supervision; not paid "
    "for hospital patients; modifiers 26 and TC cannot be used.",
    "6": "Laboratory physician interpretation code: modifier 26 can be used, TC cannot (the lab "
    "test itself is paid under the lab fee schedule).",
    "7": "Physical therapy service not payable when furnished to a hospital patient by an "
    "independently practicing therapist; modifiers 26 and TC cannot be used.",
    "8": "Physician interpretation code (85060): paid only for an abnormal smear interpreted for "
    "a hospital inpatient; no TC billing.",
    "9": "Professional/technical component concept does not apply.",
}

# What modifiers 26 and TC do for a code, by its PC/TC indicator.
PCTC_MODIFIERS: dict[str, str] = {
    "0": "26 and TC are not valid with this code.",
    "1": "26 pays the professional part (interpretation and report) from the 26 row; TC pays the "
    "technical part (equipment, supplies, staff) from the TC row; no modifier pays the "
    "global amount.",
    "2": "26 and TC are not valid: the code itself is the professional component.",
    "3": "26 and TC are not valid: the code itself is the technical component.",
    "4": "26 and TC are not valid: bill the separate professional or technical code instead.",
    "5": "26 and TC are not valid with this code.",
    "6": "26 may be billed for the physician's interpretation; TC is not valid.",
    "7": "26 and TC are not valid with this code.",
    "8": "26 pays the interpretation; TC is not valid.",
    "9": "26 and TC do not apply.",
}

GLOBAL_DAYS: dict[str, str] = {
    "000": "0-day global: endoscopy or minor procedure; pre- and post-operative work on the day of "
    "the procedure is included; an E/M that day generally needs modifier 25.",
    "010": "10-day global: minor procedure; the day of the procedure and 10 days after are "
    "included; E/M visits in that period are generally not paid separately.",
    "090": "90-day global: major surgery; the day before, the day of and 90 days after are "
    "included; a decision-for-surgery E/M the day before or day of needs modifier 57.",
    "MMM": "Maternity code: the usual global period does not apply.",
    "XXX": "The global surgery concept does not apply.",
    "YYY": "The MAC decides whether a global period applies and sets it when pricing.",
    "ZZZ": "Add-on code: related to another service and always included in that service's global "
    "period; bill it only with its primary procedure.",
}
ADD_ON_GLOBAL = "ZZZ"

MULT_PROC: dict[str, str] = {
    "0": "No multiple procedure reduction: paid at the lower of the charge or the full fee "
    "schedule amount even with other procedures that day.",
    "1": "Pre-1995 multiple procedure rules: ranked by amount and paid 100%, 50%, 25%, 25%, 25%, "
    "then by report.",
    "2": "Standard multiple procedure rules (modifier 51): ranked by amount; 100% for the highest, "
    "50% for the 2nd to 5th, by report from the 6th.",
    "3": "Multiple endoscopy rules: within a family sharing the same endoscopic base code, the "
    "highest is paid in full and each other one its amount minus the base code's amount; "
    "then the family ranks with other procedures.",
    "4": "Diagnostic imaging reduction: with another imaging service in the same family and "
    "session, the lower-priced ones get 50% off the technical part and 5% off the "
    "professional part.",
    "5": "Therapy reduction: 50% off the practice expense of the 2nd and later therapy services "
    "that day.",
    "6": "Diagnostic cardiovascular reduction: 25% off the technical part of the 2nd and later "
    "services that day.",
    "7": "Diagnostic ophthalmology reduction: 20% off the technical part of the 2nd and later "
    "services that day.",
    "9": "Multiple procedure concept does not apply.",
}

BILATERAL: dict[str, str] = {
    "0": "No bilateral payment: with modifier 50 or RT and LT, both sides together are paid at "
    "most 100% of the one-side amount (50 is usually wrong for this code).",
    "1": "Bilateral adjustment applies: with modifier 50 (or RT and LT, or 2 units) both sides "
    "are paid at 150% of the one-side amount.",
    "2": "Already bilateral: the RVUs cover both sides; with modifier 50 or RT and LT the "
    "payment stays at 100% of the amount.",
    "3": "Each side paid separately: with modifier 50 or RT and LT each side is paid 100% "
    "(mostly radiology and diagnostic tests).",
    "9": "Bilateral concept does not apply.",
}

ASSISTANT: dict[str, str] = {
    "0": "Assistant at surgery (80/81/82/AS) paid only with documentation of medical necessity.",
    "1": "Assistant at surgery never paid for this procedure (statutory restriction).",
    "2": "Assistant at surgery may be paid (16% of the amount; 13.6% for a non-physician "
    "assistant with AS).",
    "9": "Assistant at surgery concept does not apply.",
}

CO_SURGEON: dict[str, str] = {
    "0": "Co-surgeons (modifier 62) not permitted.",
    "1": "Co-surgeons (modifier 62) may be paid with documentation of medical necessity; each "
    "surgeon gets 62.5% of the amount.",
    "2": "Co-surgeons (modifier 62) permitted without documentation when the two-specialty "
    "requirement is met; each surgeon gets 62.5% of the amount.",
    "9": "Co-surgeon concept does not apply.",
}

TEAM_SURGERY: dict[str, str] = {
    "0": "Team surgery (modifier 66) not permitted.",
    "1": "Team surgery (modifier 66) may be paid with documentation of medical necessity; "
    "priced by report.",
    "2": "Team surgery (modifier 66) permitted; priced by report.",
    "9": "Team surgery concept does not apply.",
}

PHYS_SUPERVISION: dict[str, str] = {
    "01": "General supervision of a physician required.",
    "02": "Direct supervision of a physician required.",
    "03": "Personal supervision of a physician required.",
    "04": "No supervision rule for a qualified psychologist; otherwise general supervision.",
    "05": "No supervision rule for a qualified audiologist; otherwise general supervision.",
    "06": "Must be performed by a physician or an ABPTS-certified physical therapist.",
    "09": "Supervision concept does not apply.",
    "21": "By a certified technician under general supervision; otherwise direct supervision.",
    "22": "By a technician with on-line real-time contact with a physician.",
    "66": "By a physician or an ABPTS-certified physical therapist certified for the procedure.",
    "6A": "As 66; the certified physical therapist may also supervise another therapist.",
    "77": "By an ABPTS-certified therapist, an uncertified therapist under direct supervision, "
    "or a certified technician under general supervision.",
    "7A": "As 77; the certified physical therapist may also supervise another therapist.",
}

IMAGING_FAMILY: dict[str, str] = {
    # 01-11: families used before 2011, no longer populated by CMS.
    "01": "Ultrasound (chest, abdomen, pelvis; non-obstetrical) family.",
    "02": "CT and CTA (chest, thorax, abdomen, pelvis) family.",
    "03": "CT and CTA (head, brain, orbit, maxillofacial, neck) family.",
    "04": "MRI and MRA (chest, abdomen, pelvis) family.",
    "05": "MRI and MRA (head, brain, neck) family.",
    "06": "MRI and MRA (spine) family.",
    "07": "CT (spine) family.",
    "08": "MRI and MRA (lower extremities) family.",
    "09": "CT and CTA (lower extremities) family.",
    "10": "MR and MRI (upper extremities and joints) family.",
    "11": "CT and CTA (upper extremities) family.",
    "88": "Subject to the diagnostic imaging multiple procedure reduction (technical and "
    "professional parts).",
    "99": "Diagnostic imaging family concept does not apply.",
}

# Every indicator with a label, keyed by its pfs_rvu column, for generic display.
INDICATORS: dict[str, tuple[str, dict[str, str]]] = {
    "status": ("Status", STATUS),
    "pctc": ("PC/TC indicator", PCTC),
    "global_days": ("Global days", GLOBAL_DAYS),
    "mult_proc": ("Multiple procedure (51)", MULT_PROC),
    "bilateral": ("Bilateral (50)", BILATERAL),
    "assistant": ("Assistant at surgery (80/81/82/AS)", ASSISTANT),
    "co_surgeon": ("Co-surgeons (62)", CO_SURGEON),
    "team_surgery": ("Team surgery (66)", TEAM_SURGERY),
    "phys_supervision": ("Physician supervision", PHYS_SUPERVISION),
    "imaging_family": ("Imaging family", IMAGING_FAMILY),
}


def meaning(column: str, value: str) -> str:
    """The meaning of one indicator value, or a plain 'not defined' note for unknown values."""
    _, table = INDICATORS[column]
    value = value.strip()
    if not value:
        return "blank in the CMS file"
    return table.get(value, f"value {value} is not defined in the CMS read-me")


def is_payable(status: str) -> bool:
    return status in PAYABLE_STATUSES
