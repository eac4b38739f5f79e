"""Words billers type and the words the code sets use for the same thing.

ICD-10-CM and our procedure descriptions say "pulmonary", "renal", "malignant neoplasm"; billers
type "lung", "kidney", "cancer". Each group lists word stems that mean the same; a query word that
matches one stem also searches for the others. Multi-word entries are searched as phrases.
Plain data: extend it freely, a test checks that every group still finds codes.
"""

from __future__ import annotations

GROUPS: list[tuple[str, ...]] = [
    ("lung", "pulmon"),
    ("kidney", "renal", "nephr"),
    ("heart", "cardi"),
    ("liver", "hepat"),
    ("stomach", "gastr"),
    ("skin", "cutaneous", "derm"),
    ("breast", "mammar"),
    ("brain", "cerebr"),
    ("bone", "osseous"),
    ("chest", "thora"),
    ("neck", "cervical"),
    ("spine", "spinal", "vertebr"),
    ("eye", "ocular", "ophthalm"),
    ("cancer", "malignan", "carcinoma"),
    ("tumor", "neoplasm"),
    ("broken", "fracture"),
    ("localiz", "locat", "pinpoint"),
    ("xray", "x ray", "radiograph"),
    ("ct", "computed tomograph"),
    ("mri", "magnetic resonance"),
    ("ekg", "ecg", "electrocardiogra"),
    ("echo", "echocardiogra"),
    ("ultrasound", "ultrason", "sonogra"),
    ("shot", "injection", "vaccin"),
    ("flu", "influenza"),
    ("sugar", "glucose"),
    ("diabetic", "diabetes"),
    ("dm", "diabetes"),
    ("htn", "hypertens"),
    ("bp", "blood pressure"),
    ("copd", "chronic obstructive pulmonary"),
    ("uti", "urinary tract infection"),
    ("afib", "atrial fibrillation"),
    ("chf", "heart failure"),
    ("mi", "myocardial infarction"),
    ("gerd", "gastro esophageal reflux"),
    ("hiv", "human immunodeficiency"),
    ("std", "sexually transmitted"),
    ("baby", "newborn", "neonat", "infant"),
    ("pregnan", "gestation"),
    ("iv", "intravenous"),
    ("im", "intramuscular"),
    ("subq", "subcutaneous"),
    ("bx", "biopsy"),
    ("dexa", "bone density"),
    ("pap", "cytolog"),
    ("telehealth", "telemedicine"),
    ("dialysis", "hemodialysis"),
    ("physical", "preventive"),
]

_MIN_STEM_MATCH = 4   # a typed word this long matches a stem it begins or that begins it


def expansions(word: str) -> list[str]:
    """The other terms to search for a lower-case query word (empty when it has none)."""
    found: list[str] = []
    for group in GROUPS:
        if any(_matches(word, term) for term in group if " " not in term):
            found.extend(term for term in group if term != word and term not in found)
    return found


def _matches(word: str, stem: str) -> bool:
    if word == stem:
        return True
    if len(word) < _MIN_STEM_MATCH or len(stem) < _MIN_STEM_MATCH:
        return False
    return word.startswith(stem) or stem.startswith(word)
