"""Notices the app must show (About box, exports)."""

AMA_NOTICE = (
    "CPT codes only are copyright American Medical Association. All rights reserved. "
    "CPT is a registered trademark of the AMA. This app does not include AMA descriptors: "
    "its procedure descriptions are its own plain-language summaries. Applicable FARS/DFARS "
    "restrictions apply to government use."
)
