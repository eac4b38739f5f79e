"""The words behind the abbreviations of CMS's short descriptors, so an imported PPRRVU
descriptor ("Core ndl bx lng/med perq") is found by the words a biller types ("core needle lung
biopsy"). Used only when indexing descriptors the user imported (search_index.py); the spelled
out words are added as further search words, never shown. Our own table, from reading the
descriptors; an abbreviation with several common meanings is left out.
"""

from __future__ import annotations

import re

ABBREVIATIONS: dict[str, str] = {
    "abd": "abdomen abdominal", "abdom": "abdomen", "abnor": "abnormal",
    "addl": "additional", "admn": "administration", "admin": "administration",
    "ag": "antigen", "agrft": "autograft", "alys": "analysis", "amp": "amputation",
    "anes": "anesthesia", "anesth": "anesthesia", "angio": "angiography", "ant": "anterior",
    "antb": "antibody", "arthrd": "arthrodesis", "arthrp": "arthroplasty",
    "arthrs": "arthroscopy", "assmt": "assessment", "bld": "blood", "brst": "breast",
    "bx": "biopsy", "byp": "bypass", "card": "cardiac", "cath": "catheter catheterization",
    "clin": "clinical", "cltx": "closed treatment", "cmplt": "complete", "cmplx": "complex",
    "crv": "cervical", "cst": "cyst", "cytopath": "cytopathology", "dbrdmt": "debridement",
    "dcmprn": "decompression", "dent": "dental", "dev": "device", "diag": "diagnostic",
    "dislc": "dislocation", "drg": "drainage", "dup": "duplex", "dx": "diagnostic",
    "elec": "electrode electrical", "eltrd": "electrode", "esoph": "esophagus esophageal",
    "est": "established", "eval": "evaluation", "exc": "excision", "excise": "excision",
    "ext": "external extension", "fb": "foreign body", "fem": "femur femoral",
    "fixj": "fixation", "fx": "fracture", "grf": "graft", "grft": "graft", "hep": "hepatitis",
    "hlth": "health", "hosp": "hospital", "hrs": "hours", "hrt": "heart", "img": "imaging",
    "impl": "implant", "implt": "implant", "init": "initial", "inj": "injection",
    "injx": "injection", "ins": "insertion", "insj": "insertion",
    "interrog": "interrogation", "laparo": "laparoscopy laparoscopic",
    "laps": "laparoscopic", "les": "lesion", "lmbr": "lumbar", "lng": "lung", "lwr": "lower",
    "mcrscp": "microscopy", "meas": "measurement", "mgmt": "management",
    "mnpj": "manipulation", "mntr": "monitoring", "msmt": "measurement", "mult": "multiple",
    "musc": "muscle", "ndl": "needle", "ndsc": "endoscopy endoscopic", "njx": "injection",
    "nrv": "nerve", "nsl": "nasal", "onc": "oncology", "opn": "open", "optx": "open treatment",
    "ped": "pediatric", "perq": "percutaneous", "plmt": "placement", "prgrmg": "programming",
    "prq": "percutaneous", "prosth": "prosthesis", "pts": "patients", "quan": "quantitative",
    "quant": "quantitative", "rec": "reconstruction", "rem": "removal", "remov": "removal",
    "rep": "repair", "repr": "repair", "resp": "respiratory", "rmv": "removal",
    "rmvl": "removal", "rplcmt": "replacement", "rsk": "risk", "scr": "screening",
    "scrn": "screening", "serv": "service", "skn": "skin", "smpl": "simple",
    "stim": "stimulation", "surg": "surgery surgical", "svc": "service", "tcat": "transcatheter",
    "ther": "therapy therapeutic", "thrc": "thoracic", "thxpy": "therapy", "tis": "tissue",
    "tiss": "tissue", "tst": "test", "tum": "tumor", "tx": "treatment", "ulc": "ulcer",
    "upr": "upper", "us": "ultrasound", "vacc": "vaccine", "vag": "vaginal",
    "vert": "vertebral", "vrt": "vertebral", "vst": "visit", "wnd": "wound",
}
_TOKEN = re.compile(r"[^\W_]+")


def spelled_out(text: str) -> str:
    """The words of the abbreviations in a short descriptor ('' when it has none)."""
    words = [ABBREVIATIONS[t] for t in _TOKEN.findall(text.lower()) if t in ABBREVIATIONS]
    return " ".join(dict.fromkeys(words))
