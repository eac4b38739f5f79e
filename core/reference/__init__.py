"""Reference data: one module per CMS source format, the bundle, the build and the importer."""
