"""Helpers the tests share (no tests here): claims to vary, CMS file layouts, worklist files."""
