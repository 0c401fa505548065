"""Deadlines that act: the sweep records alerts in an outbox, delivery sends them through channels."""
