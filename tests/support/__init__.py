"""Helpers the tests share (no tests here): claims to vary, CMS file layouts, worklist files,
an X12 835 writer for test remittances."""
