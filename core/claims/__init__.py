"""The professional claim (CMS-1500 / 837P) model and its serialization; claims_io (in and out)
and scrub (rules) both stand on it."""
