"""Words billers type and the words the code sets use for the same thing.

ICD-10-CM and our procedure descriptions say "pulmonary", "replacement", "esophagogastro-
duodenoscopy"; billers type "lung", "arthroplasty", "EGD". Each entry of GROUPS lists phrases
that mean the same (each finds the others); LAY maps a lay phrase to the words the code sets
use, one way only. Phrases are matched on word stems (stemming.py), longest phrase first, so
"physical therapy" is one thing and "physical" alone another. Plain data: extend it freely; a
test checks that every phrase still finds codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .stemming import stem
from .words import query_words

GROUPS: list[tuple[str, ...]] = [
    # body parts and their clinical adjectives
    ("lung", "pulmonary"),
    ("kidney", "renal", "nephr"),
    ("heart", "cardi"),
    ("liver", "hepatic"),
    ("stomach", "gastric"),
    ("skin", "cutaneous", "dermal"),
    ("breast", "mammary"),
    ("brain", "cerebral"),
    ("bone", "osseous"),
    ("chest", "thoracic", "thorax"),
    ("neck", "cervical"),
    ("spine", "spinal", "vertebral"),
    ("eye", "ocular", "ophthalmic"),
    ("ear wax", "earwax", "cerumen"),
    ("abdomen", "abdominal"),
    ("uterus", "uterine"),
    ("nose", "nasal"),
    ("mouth", "oral"),
    ("sacrum", "sacral"),
    ("bilateral", "both sides"),
    ("localization", "location", "pinpoint"),
    # conditions
    ("cancer", "malignant", "carcinoma"),
    ("tumor", "neoplasm"),
    ("fracture", "fx", "broken"),
    ("flu", "influenza"),
    ("dm", "diabetes mellitus"),
    ("htn", "hypertension"),
    ("bp", "blood pressure"),
    ("copd", "chronic obstructive pulmonary"),
    ("uti", "urinary tract infection"),
    ("afib", "a fib", "atrial fibrillation"),
    ("chf", "congestive heart failure", "heart failure"),
    ("mi", "myocardial infarction"),
    ("cva", "cerebral infarction"),
    ("gerd", "gastro esophageal reflux"),
    ("hiv", "human immunodeficiency"),
    ("std", "sexually transmitted"),
    ("ckd", "chronic kidney disease"),
    ("esrd", "end stage renal disease"),
    ("aki", "acute kidney failure"),
    ("dvt", "deep vein thrombosis"),
    ("cad", "coronary artery disease", "atherosclerotic heart disease"),
    ("osa", "obstructive sleep apnea"),
    ("bph", "benign prostatic hyperplasia"),
    ("ra", "rheumatoid arthritis"),
    ("oa", "osteoarthritis"),
    ("ms", "multiple sclerosis"),
    ("adhd", "attention deficit hyperactivity"),
    ("mdd", "major depressive disorder"),
    ("gad", "generalized anxiety disorder"),
    ("ptsd", "post traumatic stress"),
    ("etoh", "alcohol"),
    ("smoking", "tobacco", "nicotine"),
    ("covid", "sars cov 2"),
    ("pregnancy", "pregnant", "gestation"),
    ("baby", "newborn", "neonatal", "infant"),
    ("hx", "history"),
    ("dx", "diagnosis"),
    ("sob", "shortness of breath"),
    # procedures and services
    ("arthroplasty", "replacement"),
    ("tka", "total knee arthroplasty", "total knee replacement"),
    ("tha", "total hip arthroplasty", "total hip replacement"),
    ("egd", "esophagogastroduodenoscopy", "upper endoscopy", "upper gi endoscopy"),
    ("lap", "laparoscopic"),
    ("chole", "cholecystectomy"),
    ("appy", "appendectomy"),
    ("bx", "biopsy"),
    ("fna", "fine needle aspiration"),
    ("i d", "incision and drainage", "cutting open and draining"),
    ("laceration repair", "wound repair", "wound closure", "closure of wounds"),
    ("insertion", "placement", "fitting"),
    ("echo", "echocardiogr"),
    ("tte", "transthoracic echocardiogr"),
    ("ekg", "ecg", "electrocardiogr"),
    ("eeg", "electroencephalogr"),
    ("emg", "electromyogr"),
    ("ncs", "ncv", "nerve conduction"),
    ("pft", "pulmonary function", "spirometry"),
    ("ct", "computed tomography"),
    ("mri", "magnetic resonance"),
    ("pet", "positron emission"),
    ("xray", "x ray", "radiograph"),
    ("cxr", "chest x ray"),
    ("ultrasound", "ultrasonic", "sonography", "sonogram"),
    ("mammo", "mammogr"),
    ("dexa", "dxa", "bone density"),
    ("pap", "papanicolaou", "cytopathology"),
    ("cabg", "coronary artery bypass"),
    ("pci", "percutaneous coronary"),
    ("cath", "catheterization"),
    ("iud", "intrauterine device"),
    ("c section", "cesarean"),
    ("esi", "epidural steroid injection"),
    ("rfa", "radiofrequency ablation"),
    ("botox", "onabotulinumtoxina", "botulinum"),
    ("b12", "b 12", "cyanocobalamin"),
    ("cpap", "continuous positive airway pressure"),
    ("o2", "oxygen"),
    ("tens", "transcutaneous electrical nerve stimulation"),
    ("dialysis", "hemodialysis"),
    ("telehealth", "telemedicine"),
    ("iv", "intravenous"),
    ("im", "intramuscular"),
    ("subq", "sub q", "subcutaneous"),
    ("sleep study", "polysomnography"),
    ("hearing test", "audiometry"),
    ("allergy shot", "allergen immunotherapy"),
    ("wc", "wheelchair"),
    # labs
    ("cbc", "complete blood count"),
    ("cmp", "comprehensive metabolic panel"),
    ("bmp", "basic metabolic panel"),
    ("a1c", "hba1c", "glycated hemoglobin", "glycosylated hemoglobin"),
    ("psa", "prostate specific antigen"),
    ("tsh", "thyroid stimulating hormone"),
    ("ua", "urinalysis"),
    ("strep", "streptococcal"),
    # visits, settings and people
    ("pt", "patient", "physical therapy"),
    ("ot", "occupational therapy"),
    ("slp", "speech language pathology", "speech therapy"),
    ("est", "established"),
    ("ov", "office visit"),
    ("e m", "evaluation and management"),
    ("awv", "annual wellness visit"),
    ("ippe", "initial preventive physical examination", "welcome to medicare"),
    ("er", "ed", "emergency department", "emergency room"),
    ("icu", "critical care"),
    ("snf", "skilled nursing facility"),
    ("nf", "nursing facility", "nursing home"),
    ("asc", "ambulatory surgical center", "ambulatory surgery center"),
    ("dme", "durable medical equipment"),
    ("ccm", "chronic care management"),
    ("tcm", "transitional care management"),
    ("rpm", "remote physiologic monitoring", "remote patient monitoring"),
    ("rtm", "remote therapeutic monitoring"),
    ("bh", "behavioral health"),
    ("co surgeon", "cosurgeon", "two surgeons"),
    ("abn", "waiver of liability"),
    ("als", "advanced life support"),
]

# Lay phrase -> the words the code sets use (one way: "kidney stone" finds "calculus of kidney",
# "calculus" does not find every stone).
LAY: dict[str, tuple[str, ...]] = {
    "heart attack": ("myocardial infarction",),
    "stroke": ("cerebral infarction",),
    "high blood pressure": ("hypertension",),
    "high cholesterol": ("hypercholesterolemia",),
    "acid reflux": ("gastro esophageal reflux",),
    "heartburn": ("gastro esophageal reflux",),
    "kidney stone": ("calculus of kidney", "nephrolithiasis"),
    "gallstone": ("cholelithiasis", "calculus of gallbladder"),
    "gallbladder removal": ("cholecystectomy",),
    "pink eye": ("conjunctivitis",),
    "ear infection": ("otitis",),
    "bed sore": ("pressure ulcer",),
    "bedsore": ("pressure ulcer",),
    "stitches": ("closure of wounds", "laceration repair"),
    "blood draw": ("venipuncture",),
    "shot": ("injection", "vaccine", "immunization"),
    "sugar": ("glucose",),
    "annual physical": ("preventive", "general adult medical examination"),
    "physical exam": ("preventive", "general medical examination"),
    "hip fracture": ("fracture of neck of femur", "pertrochanteric fracture"),
    "initial": ("first",),
    "meniscectomy": ("meniscus",),
    "wart removal": ("destroying warts",),
    "simple repair": ("single layer closure",),
    "simple laceration repair": ("single layer closure",),
    "intermediate laceration repair": ("intermediate repair",),
    "layered closure": ("intermediate repair",),
    "enlarged prostate": ("benign prostatic hyperplasia",),
    "water on the knee": ("effusion knee",),
    "wart": ("verruca",),
}

MAX_PHRASE = 4


Words = tuple[str, ...]
Found = tuple[tuple[Words, bool], ...]  # (phrase, from LAY) pairs


@dataclass(frozen=True)
class Phrase:
    """A run of query words and the other phrases to search for it."""

    start: int
    end: int  # exclusive
    found: Found

    @property
    def alternatives(self) -> tuple[Words, ...]:
        return tuple(words for words, _ in self.found)


def _key(words: Iterable[str]) -> Words:
    return tuple(stem(w) for w in words)


@lru_cache(maxsize=1)
def _table() -> dict[Words, Found]:
    table: dict[Words, list[tuple[Words, bool]]] = {}
    for group in GROUPS:
        phrases = [tuple(query_words(p)) for p in group]
        for phrase in phrases:
            table.setdefault(_key(phrase), []).extend((p, False) for p in phrases if p != phrase)
    for lay, targets in LAY.items():
        table.setdefault(_key(query_words(lay)), []).extend(
            (tuple(query_words(t)), True) for t in targets
        )
    return {key: tuple(dict.fromkeys(found)) for key, found in table.items()}


def phrases(words: list[str]) -> list[Phrase]:
    """The query words that match a synonym phrase, longest first, left to right; the last
    query word also matches as the start of a phrase word (it may still be being typed)."""
    table = _table()
    found: list[Phrase] = []
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + MAX_PHRASE), start, -1):
            alternatives = table.get(_key(words[start:end]))
            if alternatives is None and end == len(words) and len(words[-1]) >= 4:
                alternatives = _typing(table, words[start:end])
            if alternatives:
                found.append(Phrase(start, end, alternatives))
                start = end
                break
        else:
            start += 1
    return found


def _typing(table: dict[Words, Found], words: list[str]) -> Found | None:
    head, last = _key(words[:-1]), stem(words[-1])
    for key in _by_head().get(head, ()):
        if key[-1].startswith(last):
            return table[key]
    return None


@lru_cache(maxsize=1)
def _by_head() -> dict[Words, list[Words]]:
    """The phrase keys by all their words but the last."""
    heads: dict[Words, list[Words]] = {}
    for key in _table():
        heads.setdefault(key[:-1], []).append(key)
    return heads


def expansions(word: str) -> list[str]:
    """The other phrases searched for one query word (for tests and the CLI's explanations)."""
    found = phrases([word])
    return [" ".join(p) for p in found[0].alternatives] if found else []
