"""The letters lay out as letters: LibreOffice prints one of each family on one or two A4 pages (a
broken layout, a loop gone wrong or a table out of its page, shows as more). Skipped without
LibreOffice (``soffice``) and poppler (``pdfinfo``, ``pdftotext``)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.letters.conftest import cleared, compose, register

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdfinfo") and shutil.which("pdftotext")),
    reason="LibreOffice (soffice) and poppler (pdfinfo, pdftotext) are needed to print the letters",
)


def _one_of_each_family(office) -> dict[str, bytes]:
    letters = {}
    acknowledged = register(office, received="2026-11-30")
    letters["acknowledgement"] = compose(office, acknowledged, "acknowledgement")
    corrected = register(office)
    office.act(corrected, "request-correction", user="han", on="2026-11-03", note="请写明所需招标文件的项目名称、年份和文号")
    letters["correction"] = compose(office, corrected, "correction")
    extended = register(office)
    office.act(extended, "assign", user="reg", on="2026-11-03", to="han")
    office.act(extended, "extend", user="boss", on="2026-11-10", days=10, note="需要调取多个部门的档案")
    letters["extension"] = compose(office, extended, "extension")
    office.act(extended, "consult", user="han", on="2026-11-11", party="third_party", name="某建设工程有限公司")
    letters["consultation"] = compose(office, extended, "consultation")
    office.act(extended, "receive-opinion", user="han", on="2026-11-12", opinion="agree")
    office.act(extended, "notify-fee", user="han", on="2026-11-13", pages=120)
    letters["fee"] = compose(office, extended, "fee")
    granted = cleared(office)
    office.act(granted, "reply", user="han", on="2026-11-06", outcome="granted", available_at="某区人民政府门户网站")
    letters["reply-granted"] = compose(office, granted, "reply")
    office.act(granted, "deliver", user="reg", on="2026-11-09", method="post")
    issued = [{"version": 5, "on": "2026-11-06", "kind": "reply", "number": "某政公开〔2026〕第9号", "sha256": "0", "template": "reply.docx"}]
    letters["delivery-receipt"] = compose(office, granted, "delivery-receipt", letters=issued)
    refused = cleared(office)
    office.act(refused, "reply", user="han", on="2026-11-06", outcome="withheld.process_info",
               reason="所申请的会议纪要记录了尚在讨论中的意见，属于过程性信息")
    letters["reply-withheld"] = compose(office, refused, "reply")
    return {name: letter.composed.content for name, letter in letters.items()}


def test_one_letter_of_each_family_prints_on_one_or_two_pages(office, tmp_path):
    sources = []
    for name, content in _one_of_each_family(office).items():
        (tmp_path / f"{name}.docx").write_bytes(content)
        sources.append(str(tmp_path / f"{name}.docx"))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"  # its own profile: runs in parallel do not collide
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *sources],
                   check=True, capture_output=True, timeout=300)
    pages = {}
    for source in sources:
        name = source.rsplit("/", 1)[1].removesuffix(".docx")
        info = subprocess.run(["pdfinfo", str(tmp_path / "pdf" / f"{name}.pdf")], check=True, capture_output=True, text=True).stdout
        pages[name] = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))
        assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.MULTILINE), (name, info)
    assert len(pages) == 8
    assert all(1 <= count <= 2 for count in pages.values()), pages
    for name, count in pages.items():
        # The signature, the seal's place and the date end the last page, with the office's contact above
        # them (GB/T 9704: the date never stands alone on a page); the page number is under the text.
        last = subprocess.run(["pdftotext", "-f", str(count), "-l", str(count), str(tmp_path / "pdf" / f"{name}.pdf"), "-"],
                              check=True, capture_output=True, text=True).stdout
        last = re.sub(r"\s+", "", last)
        assert "某市某区人民政府办公室（印章）2026年12月1日" in last, (name, last)
        assert name == "delivery-receipt" or "联系人：王明" in last, (name, last)
        assert last.endswith(f"—{count}—"), (name, last)
