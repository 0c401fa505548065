"""The domain: calendar, clocks, case kinds and events. Standard library and transitions only; no storage, no I/O."""
