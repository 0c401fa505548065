"""Adapters: tables, the case book, database set-up."""
