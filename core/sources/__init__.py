"""The write side of reference data: the bundled build and the importers, one module per CMS/CDC
file format. Reading reference data is core.refdata's job."""
