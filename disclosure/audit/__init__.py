"""Auditors' tools: the hash chain verified, cases replayed from their events alone, exports."""
