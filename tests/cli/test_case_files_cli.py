"""`attach`, `files`, `file`, and an export with its documents, from the command line."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile

import pytest
from freezegun import freeze_time

SCAN = "申请人张三的申请表".encode("utf-8") * 100


@pytest.fixture
def office(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "申请表.pdf").write_bytes(SCAN)
    with freeze_time("2026-11-20 10:00:00"):
        assert cli("init", "--admin", "admin")[0] == 0
        assert cli("users", "add", "wang", "--role", "registrar")[0] == 0
        assert cli("users", "add", "li", "--role", "handler")[0] == 0
        assert cli(
            "register", "--channel", "post", "--received", "2026-11-16", "--on", "2026-11-16",
            "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复", user="wang",
        )[0] == 0
    return tmp_path


@freeze_time("2026-11-20 10:00:00")
def test_a_clerk_keeps_a_scan_lists_it_and_gets_it_back(cli, office):
    code, out, err = cli("attach", "2026-0001", "申请表.pdf", "--kind", "申请书", "--note", "原件扫描", "--on", "2026-11-16", user="wang")
    sha = hashlib.sha256(SCAN).hexdigest()
    assert (code, err) == (0, "")
    assert out == f"2026-0001: kept file 1 申请表.pdf (application, {len(SCAN)} bytes, sha256 {sha[:12]}…)\n"
    code, out, _ = cli("files", "2026-0001", "--json")
    assert code == 0 and json.loads(out) == [{
        "id": 1, "version": 2, "on": "2026-11-16", "kind": "application", "name": "申请表.pdf", "sha256": sha,
        "size": len(SCAN), "note": "原件扫描",
    }]
    code, out, _ = cli("files", "2026-0001")
    assert code == 0 and "申请表.pdf" in out and "申请书" in out and "原件扫描" in out
    code, out, _ = cli("file", "2026-0001", "1", "--out", "copy.pdf")
    assert code == 0 and (office / "copy.pdf").read_bytes() == SCAN
    assert stat.S_IMODE((office / "copy.pdf").stat().st_mode) == 0o600
    assert out == f"2026-0001: wrote 申请表.pdf ({len(SCAN)} bytes, hash checked) to copy.pdf\n"
    code, out, _ = cli("show", "2026-0001")
    assert code == 0 and "  papers 文书: 1 file 材料\n" in out


@freeze_time("2026-11-20 10:00:00")
def test_bad_files_are_one_line_each_and_change_nothing(cli, office):
    (office / "big.pdf").write_bytes(b"x" * (2 * 1024 * 1024))
    (office / "disclosure.toml").write_text("[documents]\nmax_file_mb = 1\n", encoding="utf-8")
    cases = [  # bad input exits 2, a rule's refusal 1, as every command
        (("attach", "2026-0001", "missing.pdf"), 2, "cannot read missing.pdf: No such file or directory"),
        (("attach", "2026-0001", "big.pdf"), 2, "big.pdf is 2.0 MB, more than the 1 MB a case's file may be ([documents] max_file_mb)"),
        # A device or a pipe has no size to look at first: read no further than one byte past the limit.
        (("attach", "2026-0001", "/dev/zero"), 2, "/dev/zero holds more than the 1 MB a case's file may be ([documents] max_file_mb)"),
        (("attach", "2026-0001", "申请表.pdf", "--kind", "photo"), 2,
         "unknown file kind 'photo'; expected one of application, correction, receipt, opinion, other"),
        (("attach", "2026-0001", "申请表.pdf", "--on", "2026-11-13"), 1,
         "the effective date 2026-11-13 is before the case's last event on 2026-11-16"),
        (("file", "2026-0001", "7", "--out", "x.pdf"), 1, "case 2026-0001 has no file or letter '7' (see `disclosure files 2026-0001`)"),
    ]
    for arguments, status, message in cases:
        code, out, err = cli(*arguments, user="wang")
        assert (code, out, err) == (status, "", f"disclosure: error: {message}\n"), arguments
    code, out, _ = cli("files", "2026-0001")
    assert (code, out) == (0, "case 2026-0001 has no files\n")
    assert not (office / "x.pdf").exists()


@freeze_time("2026-11-20 10:00:00")
def test_an_export_with_files_is_a_zip_that_verify_export_checks_document_by_document(cli, office):
    assert cli("attach", "2026-0001", "申请表.pdf", "--kind", "application", user="wang")[0] == 0
    code, _, err = cli("audit", "export", "--all", "--out", "case.zip", "--with-files")
    assert code == 2 and "needs --out, the json format, and --with-personal-data" in err
    code, _, err = cli("audit", "export", "--all", "--out", "case.zip", "--with-files", "--with-personal-data", "--reason", "行政复议调卷")
    assert (code, err) == (0, "exported 2 events of 1 case and 1 document to case.zip\n")
    sha = hashlib.sha256(SCAN).hexdigest()
    with zipfile.ZipFile(office / "case.zip") as archive:
        assert sorted(archive.namelist()) == ["documents/" + sha, "export.json"]
        assert archive.read("documents/" + sha) == SCAN
        events = json.loads(archive.read("export.json"))["events"]
    assert [event["type"] for event in events] == ["register", "file-attached"]
    code, out, _ = cli("audit", "verify-export", "case.zip")
    assert code == 0 and out.startswith("intact: 2 events")

    # The same zip with the scan swapped: verify-export names the document.
    with zipfile.ZipFile(office / "case.zip") as archive, zipfile.ZipFile(office / "forged.zip", "w") as forged:
        forged.writestr("export.json", archive.read("export.json"))
        forged.writestr("documents/" + sha, b"another scan")
    code, out, _ = cli("audit", "verify-export", "forged.zip")
    assert code == 1
    assert out == f"BROKEN 已被篡改: document: 申请表.pdf ({sha[:12]}…) was altered: its hash is not the one its event recorded\n"
