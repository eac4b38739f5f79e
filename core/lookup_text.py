"""Plain-text report of a code lookup, shared by the CLI and the lookup tab."""

from __future__ import annotations

from .lookup import CodeLookup


def format_lookup(result: CodeLookup) -> str:
    lines: list[str] = []
    if result.procedure:
        p = result.procedure
        lines.append(f"{p.code}  ({p.code_type.upper()}, {p.category or 'not in bundled list'})")
        lines.append(f"  {p.description or 'no description bundled for this code'}")
        for row in p.pfs_rows:
            v = row.values
            mod = v["modifier"] or "global"
            lines.append(
                f"  {row.release} {mod:<6} status {v['status']}  work {v['work_rvu']}  "
                f"PE non-fac {v['nonfac_pe_rvu']}{' NA' if v['nonfac_na'] else ''}  "
                f"PE fac {v['fac_pe_rvu']}{' NA' if v['fac_na'] else ''}  MP {v['mp_rvu']}  "
                f"PC/TC {v['pctc']}  global {v['global_days']}  mult {v['mult_proc']}  "
                f"bilat {v['bilateral']}  CF {v['conversion_factor']}  (line {v['source_line']})")
    if result.icd10:
        i = result.icd10
        billable = "billable" if i.billable else "not billable"
        lines.append(f"{i.code}  (ICD-10-CM {i.kind}, {billable})")
        lines.append(f"  {i.description}")
        lines.append(f"  chapter {i.chapter} > block {i.block} > parent {i.parent}")
        for label, notes in (("Excludes1", i.excludes1), ("Excludes2", i.excludes2)):
            for note in notes:
                lines.append(f"  {label}: {note}")
        for label, note in (("Code first", i.code_first), ("Use additional", i.use_additional),
                            ("Code also", i.code_also), ("7th character", i.seven_chr_note)):
            if note:
                lines.append(f"  {label}: {' '.join(note.split())}")
        if i.children:
            lines.append(f"  children: {', '.join(i.children[:20])}"
                         + (" ..." if len(i.children) > 20 else ""))
    if result.modifier:
        m = result.modifier
        lines.append(f"{m.code}  (modifier, {m.category})")
        lines.append(f"  {m.description}")
        if m.payment_effect:
            lines.append(f"  payment: {m.payment_effect}")
    if result.pos:
        s = result.pos
        lines.append(f"{s.code}  (place of service, {s.setting} rate)")
        lines.append(f"  {s.name}: {s.description}")
    return "\n".join(lines) if lines else f"no match for '{result.query}'"
