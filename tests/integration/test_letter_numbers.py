"""Document numbers: one sequence per office and year, taken in the letter's own transaction, with no gap
and no number twice, however many processes issue letters at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing
import re

import pytest

from disclosure.paper_settings import PaperSettings
from disclosure.service import Office
from disclosure.settings import Settings
from disclosure.workflow.errors import InvalidInput, RuleViolation
from tests.integration.conftest import TODAY, register

OFFICE = {"address": "某市某区某路1号", "phone": "010-12345678", "contact": "政务公开科"}
PATTERN = "某政公开〔{year}〕第{seq}号"


def _settings(folder: str, **office) -> Settings:
    return Settings(papers=PaperSettings(office={**OFFICE, **office}, number_pattern=PATTERN, folder=folder))


@pytest.fixture
def office(database_url, tmp_path):
    book = Office.open(database_url, today=lambda: TODAY, settings=_settings(str(tmp_path / "documents")))
    book.init("测试办公室", admin="admin")
    book.add_user("reg", ["registrar"], by="admin")
    yield book
    book.close()


def _issue_many(url: str, folder: str, numbers: list[str], barrier, results) -> None:
    office = Office.open(url, today=lambda: TODAY, create=False, settings=_settings(folder))
    barrier.wait()
    try:
        for number in numbers:
            results.put(office.issue_letter(number, "acknowledgement", user="reg").record["number"])
    finally:
        office.close()


def test_letters_issued_by_four_processes_at_once_are_numbered_without_gap_or_repeat(office, database_url, tmp_path):
    cases = [register(office, received="2026-11-16").number for _ in range(12)]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(4), context.Queue()
    workers = [
        context.Process(target=_issue_many, args=(database_url, str(tmp_path / "documents"), cases[i::4], barrier, results))
        for i in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    issued = sorted((results.get(timeout=10) for _ in range(12)), key=lambda text: int(re.search(r"第(\d+)号", text)[1]))
    assert issued == [f"某政公开〔2026〕第{n}号" for n in range(1, 13)]
    # Each case holds the number its letter was given, and the chain and the documents verify.
    recorded = sorted(letter["number"] for number in cases for letter in office.letters(number))
    assert recorded == sorted(issued)
    assert office.verify().intact


def test_a_refused_or_failed_letter_uses_no_number_and_each_year_counts_from_one(office, database_url, tmp_path):
    first = register(office, received="2025-09-26").number
    second = register(office, received="2026-11-16").number
    assert office.issue_letter(first, "acknowledgement", user="reg", on="2025-09-26").record["number"] == "某政公开〔2025〕第1号"
    # Refused by the case (no extension to announce), then by the settings (no address): nothing is written.
    with pytest.raises(RuleViolation):
        office.issue_letter(second, "extension", user="reg")
    without_address = Office.open(
        database_url, today=lambda: TODAY, create=False,
        settings=Settings(papers=PaperSettings(office={"phone": "1", "contact": "x"}, number_pattern=PATTERN, folder=str(tmp_path / "d"))),
        user="admin",
    )
    try:
        with pytest.raises(InvalidInput, match=r"address"):
            without_address.issue_letter(second, "acknowledgement", user="reg")
    finally:
        without_address.close()
    assert office.letters(second) == [] and len(office.history(second)) == 1
    assert office.issue_letter(second, "acknowledgement", user="reg").record["number"] == "某政公开〔2026〕第1号"
    assert office.issue_letter(first, "acknowledgement", user="reg").record["number"] == "某政公开〔2026〕第2号"
