"""Key terms of a procedure text, for checking our descriptions against CMS short descriptors.

Our plain-language descriptions (resources/procedure_codes) must never be the CMS/AMA short
descriptor, but must share at least one key term with it, so a biller who searches by the
clinical word finds the code. A key term is a word stem: the first 5 letters of a word of 4 or
more letters (plus a few short clinical acronyms), after lower-casing, dropping punctuation and
stopwords and expanding the abbreviations CMS uses in the PPRRVU DESCRIPTION column.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from core.sources.source_file import read_text

STEM = 5
SHORT_TERMS = {
    "acl", "arm", "av", "ct", "ear", "ecg", "eeg", "egd", "emg", "ercp", "eye", "fat", "fna",
    "gum", "hip", "icd", "iud", "ivc", "jaw", "leep", "leg", "lip", "mcl", "mri", "pcl", "pet",
    "picc", "rib", "sac", "tmj", "toe", "vad",
}
STOPWORDS = {
    "additional", "addl", "after", "also", "any", "approach", "before", "both", "code", "codes",
    "complete", "complex", "done", "during", "each", "extensive", "first", "five", "four", "from",
    "included", "includes", "including", "initial", "into", "large", "less", "level", "like",
    "limited", "list", "major", "make", "making", "method", "minor", "more", "not", "one", "only",
    "other", "otherwise", "over", "part", "partial", "patient", "patients", "per", "procedure",
    "procedures", "same", "separately", "service", "services", "session", "side", "sides",
    "simple", "single", "small", "some", "specified", "stage", "subsequent", "such", "than",
    "that", "their", "them", "then", "there", "these", "they", "this", "those", "three", "through",
    "total", "two", "type", "under", "unlistd", "unlisted", "upon", "used", "using", "what",
    "when", "whether", "which", "with", "without",
}
# CMS abbreviations in the PPRRVU short descriptors (RVU25D and RVU26C), spelled out.
ABBREVIATIONS = {
    "1ntrspc": "interspace", "ab": "antibody", "abd": "abdomen", "abdl": "abdominal",
    "abdom": "abdomen", "ablt": "ablation", "abltj": "ablation", "absc": "abscess",
    "acdf": "cervical fusion", "ag": "antigen", "agrft": "autograft allograft",
    "algrft": "allograft", "alys": "analysis", "amp": "amputation", "anes": "anesthesia",
    "anesth": "anesthesia", "angiop": "angioplasty", "anl": "analysis", "ant": "anterior",
    "antb": "antibody", "app": "application", "appl": "application", "arthrd": "arthrodesis",
    "arthrp": "arthroplasty", "arthrs": "arthroscopy", "arthrt": "arthrotomy", "asp": "aspiration",
    "aspir": "aspiration", "assmt": "assessment", "asst": "assisted", "autol": "autologous",
    "b9": "benign", "balo": "balloon", "bi": "bilateral", "bilat": "bilateral", "bld": "blood",
    "blk": "block", "bnd": "band", "bpg": "bypass", "brch": "branch", "brn": "brain",
    "bronch": "bronchoscopy", "brst": "breast", "brthlns": "bartholins", "bx": "biopsy",
    "byp": "bypass", "cath": "catheter", "cathj": "catheter", "cbc": "complete blood count",
    "cerv": "cervical", "chemodenerv": "chemodenervation", "clsd": "closed", "clsr": "closure",
    "cltx": "closed treatment", "cmplx": "complex", "cnsltj": "consultation",
    "cntrg": "contracture", "comm": "community", "consltj": "consultation", "cplx": "complex",
    "cptr": "computer", "cptrz": "computerized", "cptrzd": "computerized", "crnl": "cranial",
    "crv": "cervical", "crvl": "cervical", "csf": "cerebrospinal fluid", "cst": "cyst",
    "cysto": "cystoscopy", "cystouretero": "cystoscopy ureteroscopy", "cytopath": "cytopathology",
    "dbrdmt": "debridement", "dcmprn": "decompression", "deb": "debridement",
    "debrid": "debridement", "defib": "defibrillator", "dfb": "defibrillator", "dg": "diagnostic",
    "dgtz": "digitization", "diag": "diagnostic", "dig": "digital", "dil": "dilation",
    "dilat": "dilation", "dislc": "dislocation", "dpt": "department", "drg": "drainage",
    "dschrg": "discharge", "dslc": "dislocation", "dstl": "distal", "dstr": "destruction",
    "dstrj": "destruction", "dx": "diagnostic", "ecg": "ecg electrocardiogram",
    "egd": "egd esophagogastroduodenoscopy", "ekg": "ecg electrocardiogram", "elbw": "elbow",
    "eltrd": "electrode", "emblc": "embolectomy", "emr": "emergency", "endovas": "endovascular",
    "endovasc": "endovascular", "ercp": "ercp cholangiopancreatography", "esoph": "esophagus",
    "esophgl": "esophageal", "esphg": "esophagus", "est": "established",
    "estim": "electrical stimulation", "eval": "evaluation", "evasc": "endovascular",
    "exc": "excision", "expl": "exploration", "explr": "exploration",
    "ext": "external extensor extension", "extnd": "extended", "fb": "foreign body",
    "fem": "femoral femur", "fistu": "fistula", "fixj": "fixation", "flp": "flap",
    "fstl": "fistula", "fx": "fracture", "gdn": "guidance", "gft": "graft", "glnd": "gland",
    "grf": "graft", "grft": "graft", "gstr": "gastric", "hern": "hernia", "hlth": "health",
    "hlx": "hallux", "hmtm": "hematoma", "hmtma": "hematoma", "hosp": "hospital", "hrn": "hernia",
    "hrna": "hernia", "hroid": "hemorrhoid", "hrs": "hours", "hum": "humerus humeral",
    "humrl": "humeral", "hyst": "hysterectomy", "ia": "immunoassay", "iiv3": "influenza",
    "iiv4": "influenza", "im": "intramuscular", "imag": "imaging",
    "imcytchm": "immunocytochemistry", "img": "imaging", "imhchem": "immunohistochemistry",
    "impl": "implant", "implt": "implant", "impltj": "implantation", "inf": "infant infusion",
    "init": "initial", "inj": "injection", "injx": "injection", "ins": "insertion",
    "insj": "insertion", "insrt": "insert", "interrog": "interrogation", "intg": "integration",
    "intmd": "intermediate", "intrmd": "intermediate", "iontphrsis": "iontophoresis",
    "ip": "inpatient", "iv": "intravenous", "ivntj": "intervention", "jnt": "joint", "jt": "joint",
    "kdn": "kidney", "lam": "laminectomy", "lap": "laparoscopic", "laparo": "laparoscopy",
    "laps": "laparoscopic", "largsc": "laryngoscopy", "ldls": "leadless", "les": "lesion",
    "lesn": "lesion", "lig": "ligation", "lmbr": "lumbar", "lmtd": "limited", "lng": "lung",
    "lsh": "laparoscopic supracervical hysterectomy", "lwr": "lower", "lxtr": "lower extremity",
    "lymphad": "lymphadenectomy", "lymphadec": "lymphadenectomy", "mac": "macula",
    "mal": "malignant malignancy", "mand": "mandible", "manipulj": "manipulation",
    "marg": "margin", "mast": "mastectomy", "mcrscp": "microscope", "mdlty": "modality",
    "mgmt": "management", "mndblr": "mandibular", "mnpj": "manipulation", "mntr": "monitor",
    "moblj": "mobilization", "mrg": "margin", "mrsplzatn": "marsupialization", "msc": "muscle",
    "mtar": "metatarsal", "musc": "muscle", "nb": "newborn", "ndl": "needle", "ndsc": "endoscopy",
    "nerv": "nerve", "nf": "nursing facility", "njx": "injection", "nqhp": "nonphysician",
    "nrpsyc": "neuropsychological", "nrv": "nerve", "nsl": "nasal", "nstim": "neurostimulator",
    "ntrbd": "intrabody", "ntrbdy": "interbody", "ntrspc": "interspace",
    "nubhvl": "neurobehavioral", "obs": "observation", "off": "office", "oi": "open",
    "ol": "online", "op": "outpatient", "oph": "ophthalmic", "opn": "open",
    "opscpy": "ophthalmoscopy", "optx": "open treatment", "osteot": "osteotomy",
    "paravert": "paravertebral", "pat": "patient", "pdcl": "pedicle", "pedcl": "pedicle",
    "pedcle": "pedicle", "per": "peroneal per", "perc": "percutaneous", "percut": "percutaneous",
    "perph": "peripheral", "perq": "percutaneous", "photchmtx": "photochemotherapy",
    "plcmt": "placement", "plmt": "placement", "pm": "pacemaker preventive medicine",
    "pmp": "pump", "pnxr": "puncture", "prev": "preventive", "prgrmg": "programming",
    "prolng": "prolonged", "proph": "prophylactic", "prostc": "prosthesis", "prosth": "prosthesis",
    "prp": "repair", "prph": "peripheral", "prq": "percutaneous", "prst8": "prostate",
    "prtl": "partial", "psa": "prostate specific antigen", "psycl": "psychological",
    "psytx": "psychotherapy", "pulm": "pulmonary", "px": "procedure",
    "rad": "radical radius radiation", "rcnst": "reconstruction", "rcnstj": "reconstruction",
    "rdl": "radial", "reconst": "reconstruction", "reeval": "reevaluation",
    "reimplant": "reimplantation", "rem": "remote removal", "remov": "removal", "remv": "removal",
    "rep": "repair repeat", "repl": "replacement", "repr": "repair", "rescj": "resection",
    "revasc": "revascularization", "revj": "revision", "revsc": "revascularization",
    "rmv": "remove", "rmvl": "removal", "rpl": "replace", "rplc": "replace",
    "rplcm": "replacement", "rplcmt": "replacement", "rpr": "repair", "rpt": "repeat",
    "rsv": "respiratory syncytial virus", "rta": "retina", "sarscov": "covid coronavirus",
    "sarscov2": "covid coronavirus", "sarscv2": "covid coronavirus", "sbsq": "subsequent",
    "sc": "subcutaneous", "scrms": "subcutaneous cardiac rhythm monitor", "seq": "sequential",
    "sgm": "segment", "sgmt": "segment", "sho": "shoulder", "skn": "skin", "sphnctr": "sphincter",
    "spi": "spine", "splt": "split", "stdy": "study", "strtctc": "stereotactic",
    "subq": "subcutaneous", "sutr": "suture", "sympath": "sympathetic", "synvct": "synovectomy",
    "tah": "total abdominal hysterectomy", "tcat": "transcatheter", "td": "tetanus diphtheria",
    "tha": "hip arthroplasty", "ther": "therapeutic", "thor": "thoracic", "thrc": "thoracic",
    "thrmbc": "thrombectomy", "tib": "tibial", "tis": "tissue", "tiss": "tissue",
    "tka": "knee arthroplasty", "tla": "transluminal angioplasty",
    "tlh": "total laparoscopic hysterectomy", "tprnl": "transperineal", "tq": "technique",
    "tr": "trunk", "trach": "tracheostomy", "trk": "trunk", "trluml": "transluminal",
    "trnfr": "transfer", "trnk": "trunk", "trnspl": "transplant", "trnspl8": "transplant",
    "tst": "test testing", "tte": "echocardiogram", "tum": "tumor", "tun": "tunneled",
    "tx": "treatment", "uln": "ulna", "unilat": "unilateral", "uppr": "upper", "upr": "upper",
    "urtrl": "ureteral", "us": "ultrasound", "uvb": "ultraviolet", "vac": "vaccine",
    "vacc": "vaccine", "vag": "vaginal", "vagnc": "vaginectomy", "vasc": "vascular",
    "ven": "venous", "vert": "vertebral vertebra", "vertbrl": "vertebral", "vlgs": "valgus",
    "vlv": "valve", "vn": "vein", "vnpnxr": "venipuncture", "vol": "volume", "vsl": "vessel",
    "vsls": "vessels", "vst": "visit", "wnd": "wound", "wrst": "wrist", "xm": "exam",
    "xray": "xray", "xtnsv": "extensive", "xtr": "extremity", "xtrnl": "external",
    # short descriptors spelled with CMS's vowel-less abbreviations (found by this test)
    "abl": "ablative", "aep": "auditory evoked potentials", "alysishquant": "analysis",
    "brchtx": "brachytherapy", "cdp": "posturography", "chmotx":
    "chemotherapy", "cltrl": "collaterals", "cvdfb": "cardioverter defibrillator", "ep":
    "electrophysiologic", "esw": "extracorporeal shock wave", "evl": "evaluation", "fxjl":
    "fractional", "gast": "gastric", "hdr": "high dose rate", "ic": "intensive care", "icav":
    "intracavitary", "icr": "intracranial", "lbw": "low birth weight", "lsr": "laser", "magn":
    "magnetic", "mod": "moderate", "m/phmtrc": "morphometric", "phmtrc": "morphometric", "n-stim":
    "neurostimulator", "ntrprof": "interprofessional", "ntrstl": "interstitial", "o2": "oxygen",
    "plrl": "pleural", "puplmtry": "pupillometry", "quan": "quantitative", "rdncl":
    "radionuclide", "rtm": "remote therapeutic monitoring", "sed": "sedation", "spirmtry":
    "spirometry", "stimj": "stimulation", "tcran": "transcranial", "thrcnts": "thoracentesis",
    "uptk": "uptake", "vlbw": "very low birth weight", "vngrph": "venography", "vsrctv":
    "vasoreactivity", "nfs": "infusion", "pbw": "present body weight",
}
_PHRASES = [(re.compile(r"\bw\s*/\s*o\b"), " without "), (re.compile(r"\bw\s*/"), " with "),
            (re.compile(r"\bx\s*-\s*ray"), " xray "), (re.compile(r"\bx\s+ray"), " xray ")]


def words(text: str, cms: bool = False) -> list[str]:
    """Lower-cased words with phrase shorthand (w/, w/o, x-ray) spelled out, and for a CMS short
    descriptor (cms=True) its abbreviations expanded. Our own text is plain English: expanding
    it would read 'on' or 'per' as abbreviations."""
    text = text.lower()
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    out: list[str] = []
    for token in re.findall(r"[a-z0-9]+", text):
        # "trnk2.6-7.5cm" and "1ntrspc": CMS glues figures to words; "b9", "prst8" are words.
        if not cms:
            out.append(token)
            continue
        parts = [token] if token in ABBREVIATIONS else re.findall(r"[a-z]+|[0-9]+", token)
        for part in parts:
            out.extend(ABBREVIATIONS.get(part, part).split())
    return out


def key_terms(text: str, cms: bool = False) -> set[str]:
    """Stems of the meaningful words of our text, or of a CMS short descriptor (cms=True)."""
    terms = set()
    for word in words(text, cms):
        if word in STOPWORDS or word.isdigit():
            continue
        if len(word) >= 4:
            terms.add(word[:STEM])
        elif word in SHORT_TERMS:
            terms.add(word)
    return terms


def normalized(text: str) -> str:
    """Lower case, punctuation removed, hyphenated words joined ('c-reactive' -> 'creactive'),
    single spaces: for 'is it the same text' checks."""
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"(?<=\w)-(?=\w)", "", text.lower())))


def short_descriptors(path: Path) -> dict[str, str]:
    """Code -> CMS short descriptor of its global (blank modifier) row in a PPRRVU file.

    The banner lines before the 'HCPCS,MOD,DESCRIPTION' header vary by release and columns are
    read by header name (RVU26C added PRIC IND), so neither position is assumed."""
    lines = read_text(path).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("HCPCS,MOD,"))
    return {row["HCPCS"].strip(): row["DESCRIPTION"].strip()
            for row in csv.DictReader(lines[start:])
            if row.get("HCPCS") and not (row.get("MOD") or "").strip()}
