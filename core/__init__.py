"""Qt-free core of the billing assistant: reference data, pricing, scrubbing, import/export."""
