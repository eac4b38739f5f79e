"""Small, explicit ICD-10-CM lists the age and sex rules rely on (from the ICD-10-CM official
guidelines and the tabular's chapter titles). Kept short on purpose: each entry is a prefix of
the codes it covers (with the dot), so a biller can read and check it."""

from __future__ import annotations

# Chapter 16 (P00-P96): conditions originating in the perinatal period. They may be used later
# in life when the condition began then, so on an adult they are a warning, not an error.
NEWBORN_PREFIX = "P"
NEWBORN_MAX_AGE = 17

# Chapter 15 (O00-O9A): pregnancy, childbirth and the puerperium: a maternal record only,
# ages 9 through 64 (the edit range CMS's Medicare Code Editor uses).
PREGNANCY_PREFIX = "O"
PREGNANCY_AGES = (9, 64)

FEMALE_ONLY: tuple[tuple[str, str], ...] = (
    ("O", "pregnancy, childbirth and the puerperium (O00-O9A)"),
    ("N7", "inflammatory diseases of female pelvic organs (N70-N77)"),
    ("N8", "noninflammatory disorders of female genital tract (N80-N98)"),
    *((f"N9{d}", "noninflammatory disorders of female genital tract (N80-N98)")
      for d in range(9)),
    ("C51", "malignant neoplasm of vulva"), ("C52", "malignant neoplasm of vagina"),
    ("C53", "malignant neoplasm of cervix uteri"), ("C54", "malignant neoplasm of corpus uteri"),
    ("C55", "malignant neoplasm of uterus"), ("C56", "malignant neoplasm of ovary"),
    ("C57", "malignant neoplasm of other female genital organs"),
    ("C58", "malignant neoplasm of placenta"),
    ("Z34", "supervision of normal pregnancy"),
)

MALE_ONLY: tuple[tuple[str, str], ...] = (
    ("N40", "benign prostatic hyperplasia"), ("N41", "inflammatory diseases of prostate"),
    ("N42", "other disorders of prostate"), ("N43", "hydrocele and spermatocele"),
    ("N44", "noninflammatory disorders of testis"), ("N45", "orchitis and epididymitis"),
    ("N46", "male infertility"), ("N47", "disorders of prepuce"),
    ("N48", "other disorders of penis"), ("N49", "inflammatory disorders of male genital organs"),
    ("N50", "other disorders of male genital organs"), ("N51", "disorders of male genital organs "
                                                      "in diseases classified elsewhere"),
    ("N52", "male erectile dysfunction"), ("N53", "other male sexual dysfunction"),
    ("C60", "malignant neoplasm of penis"), ("C61", "malignant neoplasm of prostate"),
    ("C62", "malignant neoplasm of testis"),
    ("C63", "malignant neoplasm of other male genital organs"),
)

# A manifestation code: its own title says so; the tabular then asks to code the disease first.
MANIFESTATION_WORDS = "in diseases classified elsewhere"


def sex_only(code: str) -> tuple[str, str] | None:
    """("F" or "M", what the codes are) when `code` is for one sex only."""
    for sex, table in (("F", FEMALE_ONLY), ("M", MALE_ONLY)):
        for prefix, label in table:
            if code.startswith(prefix):
                return sex, label
    return None
