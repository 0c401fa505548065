"""A case's files in the document store: kept by SHA-256, named in the chain, checked by `audit verify`.

SQLite and PostgreSQL; the folder store (a SQLite book's default) and the database store (PostgreSQL's).
"""

from __future__ import annotations

import hashlib
import os

import pytest
from sqlalchemy import text

from disclosure.maintenance import backup_book, restore_book
from disclosure.paper_settings import PaperSettings
from disclosure.service import Office
from disclosure.settings import Settings
from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation
from tests.integration.conftest import TODAY, register

APPLICATION = "申请表（扫描件）".encode("utf-8") + bytes(range(256)) * 40
RECEIPT = b"%PDF-1.4 signed delivery receipt"


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@pytest.fixture(params=["folder", "database"])
def office(request, database_url, tmp_path):
    papers = PaperSettings(store=request.param, folder=str(tmp_path / "shared-documents") if request.param == "folder" else None,
                           max_file_bytes=64 * 1024)
    book = Office.open(database_url, today=lambda: TODAY, settings=Settings(papers=papers))
    book.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "aud": ["auditor"]}.items():
        book.add_user(name, roles, by="admin")
    book.store = request.param
    yield book
    book.close()


def test_a_file_is_kept_by_its_hash_named_in_the_chain_and_given_back_whole(office):
    number = register(office, received="2026-11-16").number
    first = office.attach(number, APPLICATION, "/scans/申请表.pdf", kind="申请书", note="原件", user="reg", on="2026-11-16")
    assert first == {
        "id": 1, "version": 2, "on": "2026-11-16", "kind": "application", "name": "申请表.pdf",
        "sha256": _sha(APPLICATION), "size": len(APPLICATION), "note": "原件",
    }
    second = office.attach(number, RECEIPT, "送达回证.pdf", kind="receipt", user="reg")
    assert (second["id"], second["on"], second["kind"]) == (2, TODAY.isoformat(), "receipt")
    assert [record["name"] for record in office.files(number)] == ["申请表.pdf", "送达回证.pdf"]
    # The file by its id, or by a prefix of its hash; the case itself did not move.
    assert office.file(number, "1") == (first, APPLICATION)
    assert office.file(number, _sha(RECEIPT)[:10])[1] == RECEIPT
    assert office.case(number).state == "registered"
    events = office.history(number)
    assert [event.type for event in events] == ["register", "file-attached", "file-attached"]
    assert events[1].data["sha256"] == _sha(APPLICATION) and events[1].user == "reg" and events[1].role == "registrar"
    verification = office.verify()
    assert verification.intact and verification.events == 3
    assert office.replay() == []


def test_bad_files_and_bad_dates_are_refused_with_nothing_written(office):
    number = register(office, received="2026-11-16").number
    with pytest.raises(InvalidInput, match=r"^big\.pdf is 0\.1 MB, more than the 0\.0625 MB a case's file may be"):
        office.attach(number, b"x" * (64 * 1024 + 1), "big.pdf", user="reg")
    with pytest.raises(InvalidInput, match=r"^unknown file kind 'photo'"):
        office.attach(number, RECEIPT, "r.pdf", kind="photo", user="reg")
    with pytest.raises(RuleViolation, match=r"before the case's last event on 2026-11-16"):
        office.attach(number, RECEIPT, "r.pdf", user="reg", on="2026-11-13")
    with pytest.raises(RuleViolation, match=r"in the future"):
        office.attach(number, RECEIPT, "r.pdf", user="reg", on="2026-11-21")
    with pytest.raises(RuleViolation, match=r"needs the role registrar or handler or reviewer or head; aud holds none"):
        office.attach(number, RECEIPT, "r.pdf", user="aud")
    with pytest.raises(NotFound, match="no case 2026-0099"):
        office.attach("2026-0099", RECEIPT, "r.pdf", user="reg")
    assert office.files(number) == [] and len(office.history(number)) == 1
    with pytest.raises(NotFound, match=r"has no file or letter '1'"):
        office.file(number, "1")


def _damage(office, sha256: str, tmp_path, how: str) -> None:
    if office.store == "folder":
        kept = tmp_path / "shared-documents" / sha256[:2] / sha256
        kept.unlink() if how == "remove" else kept.write_bytes(b"not the scan")
        return
    with office.engine.begin() as connection:
        if how == "remove":
            connection.execute(text("DELETE FROM documents WHERE sha256 = :sha"), {"sha": sha256})
        else:
            connection.execute(text("UPDATE documents SET content = :content WHERE sha256 = :sha"), {"sha": sha256, "content": b"x"})


@pytest.mark.parametrize("how, word", [("alter", "altered in"), ("remove", "missing from")])
def test_verify_names_a_file_missing_from_or_altered_in_the_store(office, tmp_path, how, word):
    number = register(office, received="2026-11-16").number
    office.attach(number, APPLICATION, "申请表.pdf", user="reg")
    office.attach(number, RECEIPT, "回证.pdf", user="reg")
    _damage(office, _sha(RECEIPT), tmp_path, how)
    _damage(office, _sha(APPLICATION), tmp_path, how)
    finding = office.verify().finding
    assert (finding.problem, finding.position, finding.case) == ("document", 2, number)
    assert finding.detail == f"the file 申请表.pdf ({_sha(APPLICATION)[:12]}…) is {word} the document store; 1 more is missing or altered"
    with pytest.raises(RuleViolation, match="申请表.pdf"):
        office.file(number, "1")


def test_a_backup_of_a_sqlite_book_takes_its_own_document_folder_along(tmp_path):
    book = str(tmp_path / "office" / "book.db")
    (tmp_path / "office").mkdir()
    office = Office.open(book, today=lambda: TODAY)
    office.init("测试办公室", admin="admin")
    office.add_user("reg", ["registrar"], by="admin")
    number = register(office, received="2026-11-16").number
    office.attach(number, APPLICATION, "申请表.pdf", user="reg")
    office.close()
    assert (tmp_path / "office" / "book.documents" / _sha(APPLICATION)[:2] / _sha(APPLICATION)).is_file()

    made = backup_book(book, str(tmp_path / "copy.db"))
    assert made["verified"] and (tmp_path / "copy.documents" / _sha(APPLICATION)[:2] / _sha(APPLICATION)).is_file()
    restored = restore_book(str(tmp_path / "copy.db"), str(tmp_path / "again.db"))
    assert restored["verified"]
    again = Office.open(str(tmp_path / "again.db"), create=False, today=lambda: TODAY, user="admin")
    try:
        assert again.file(number, "1")[1] == APPLICATION
    finally:
        again.close()
    # A copy that does not verify leaves neither the copy nor its documents.
    (tmp_path / "office" / "book.documents" / _sha(APPLICATION)[:2] / _sha(APPLICATION)).write_bytes(b"tampered")
    with pytest.raises(Exception, match="does not verify: document at position 2"):
        backup_book(book, str(tmp_path / "bad.db"))
    assert not (tmp_path / "bad.db").exists() and not (tmp_path / "bad.documents").exists()
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []  # nor its hidden parts


def test_a_backups_documents_go_under_its_name_only_once_the_copy_checks_out(tmp_path, monkeypatch):
    # Killed while copying or checking, a backup must leave nothing under its names (the next one would
    # be refused: "copy.documents exists").
    import disclosure.maintenance as maintenance

    book = str(tmp_path / "office" / "book.db")
    (tmp_path / "office").mkdir()
    office = Office.open(book, today=lambda: TODAY)
    office.init("测试办公室", admin="admin")
    office.add_user("reg", ["registrar"], by="admin")
    office.attach(register(office, received="2026-11-16").number, APPLICATION, "申请表.pdf", user="reg")
    office.close()
    seen = {}
    checked = maintenance._check_copy

    def watched(part, target, papers):
        seen["named meanwhile"] = (tmp_path / "copy.documents").exists() or (tmp_path / "copy.db").exists()
        seen["folder"] = papers.folder
        return checked(part, target, papers)

    monkeypatch.setattr(maintenance, "_check_copy", watched)
    assert backup_book(book, str(tmp_path / "copy.db"))["verified"]
    assert seen["named meanwhile"] is False and os.path.basename(seen["folder"]).startswith(".copy.documents.")
    assert (tmp_path / "copy.documents").is_dir() and not os.path.exists(seen["folder"])


def test_a_book_in_memory_without_a_folder_says_where_files_could_go():
    office = Office.open("sqlite://", today=lambda: TODAY)
    office.init("测试办公室", admin="admin")
    office.add_user("reg", ["registrar"], by="admin")
    number = register(office, received="2026-11-16").number
    with pytest.raises(InvalidInput, match=r'^this case book has no folder of its own: set \[documents\] folder, or store = "database"$'):
        office.attach(number, RECEIPT, "r.pdf", user="reg")
    assert office.files(number) == [] and office.verify().intact
    office.close()
