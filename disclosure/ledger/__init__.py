"""The ledger (台账): the register of a year's applications as offices keep it, written out (export.py)
and an office's existing register brought in as cases (rows.py, import_rows.py)."""
