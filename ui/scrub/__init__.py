"""The claim scrubbing tab: view (widgets), models (tables), worklist (the document), editing,
jobs (the background work), display (rich text) and tab (the wiring)."""
