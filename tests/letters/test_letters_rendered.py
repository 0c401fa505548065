"""Every letter kind rendered from a case built through the engine and read back with python-docx: the
number, the dates (counted by hand below, national calendar, no holiday in November or December 2026),
the office and what the statute says the letter must contain."""

from __future__ import annotations

import pytest

from tests.letters.conftest import OFFICE, cleared, compose, register

GK = "《中华人民共和国政府信息公开条例》"
NUMBER = "某政公开〔2026〕第12号"
REMEDIES = "可以自收到本答复之日起60日内依法申请行政复议，或者自收到本答复之日起6个月内依法提起行政诉讼"


def _has_the_office_and_number(letter) -> None:
    for words in (NUMBER, "某市某区人民政府办公室", "联系人：王明", "联系电话：010-12345678", "地址：某市某区人民路1号",
                  "（印章）", "2026年12月1日"):
        assert words in letter, words


def test_the_acknowledgement_gives_the_receipt_and_the_due_date(office):
    number = register(office, received="2026-11-30")
    letter = compose(office, number, "acknowledgement")
    _has_the_office_and_number(letter)
    # Received Mon 11-30; 20 working days from the next day: 12-01…04 (4), 07…11 (9), 14…18 (14),
    # 21…25 (19), 28 (20): due Mon 2026-12-28.
    assert "张三：" in letter and "本机关于2026年11月30日收到您（单位）以网络方式提出的政府信息公开申请" in letter
    assert "登记编号为2026-0001" in letter and "本机关将于2026年12月28日前作出答复" in letter
    assert "2026年某区老旧小区改造项目的招标文件" in letter


def test_the_correction_notice_names_what_to_correct_its_period_and_the_consequence(office):
    number = register(office)
    office.act(number, "request-correction", user="han", on="2026-11-03",
               note="1. 请写明所需招标文件的项目名称和年份；\n\n2. 请提供联系电话。")
    letter = compose(office, number, "补正告知书")
    _has_the_office_and_number(letter)
    # Asked Tue 11-03, 15 working days: 11-04…06 (3), 09…13 (8), 16…20 (13), 23 (14), 24 (15).
    assert "现一次性告知您需要补正的事项如下：\n1. 请写明所需招标文件的项目名称和年份；\n2. 请提供联系电话。\n请于" in letter
    assert "请于2026年11月24日前（自2026年11月3日起15个工作日内）将补正后的申请提交本机关" in letter
    assert "无正当理由逾期不补正的，视为您放弃申请" in letter and f"{GK}第三十条" in letter


def test_the_extension_notice_gives_the_new_due_date_and_the_reason(office):
    number = register(office)
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    # Received Mon 11-02: due 11-30 (11-03…06 4, 09…13 9, 16…20 14, 23…27 19, 30 20); 10 more working
    # days: 12-01…04 (4), 07…11 (9), 14 (10) → Mon 2026-12-14.
    office.act(number, "extend", user="boss", on="2026-11-10", days=10, note="需要调取多个部门的档案")
    letter = compose(office, number, "extension")
    _has_the_office_and_number(letter)
    assert "因需要调取多个部门的档案，本机关不能在法定期限内作出答复" in letter
    assert "答复期限延长10个工作日，本机关将于2026年12月14日前作出答复" in letter and f"{GK}第三十三条第二款" in letter


def _consulted(office) -> str:
    number = register(office)
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    office.act(number, "consult", user="han", on="2026-11-04", party="third_party", name="某建设工程有限公司",
               note="所申请的招标文件载有贵公司的报价和技术方案")
    return number


def test_the_consultation_asks_the_third_party_within_its_period_without_naming_the_applicant(office):
    letter = compose(office, _consulted(office), "consultation")
    _has_the_office_and_number(letter)
    assert "某建设工程有限公司：" in letter and "张三" not in letter.text
    assert "申请公开的政府信息为：2026年某区老旧小区改造项目的招标文件" in letter
    assert "所申请的招标文件载有贵公司的报价和技术方案" in letter
    assert "请贵方自收到本函之日起15个工作日内提出书面意见" in letter and f"{GK}第三十二条" in letter


def test_the_decision_notice_tells_the_third_party_what_is_released_and_why(office):
    number = _consulted(office)
    office.act(number, "opinion-request-received", user="reg", on="2026-11-05")
    office.act(number, "receive-opinion", user="han", on="2026-11-09", opinion="object", reason="报价属于商业秘密")
    office.act(number, "public-interest-release", user="boss", on="2026-11-10", reason="该项目涉及公共安全，公众有权知悉")
    letter = compose(office, number, "third-party-decision")
    _has_the_office_and_number(letter)
    assert "贵方意见为：不同意公开（理由：报价属于商业秘密）" in letter
    assert "理由如下：该项目涉及公共安全，公众有权知悉" in letter and "本机关于2026年11月10日决定予以公开" in letter
    assert "决定公开的政府信息内容：2026年某区老旧小区改造项目的招标文件" in letter
    assert "自收到本决定之日起60日内依法申请行政复议" in letter


def test_the_fee_notice_gives_the_scale_the_count_the_sum_how_to_pay_and_the_period(office):
    number = register(office)
    office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    # 40 pages: 1–30 free, 31–40 at ¥10 = ¥100.00; the office charges ¥80.00.
    office.act(number, "notify-fee", user="han", on="2026-11-04", pages=40, amount="80")
    letter = compose(office, number, "fee", office_fields={**OFFICE, "payment": "通过某市非税收入缴款平台缴纳"})
    _has_the_office_and_number(letter)
    assert "计收方式：按量计收；计费数量：40页；按标准计算金额：人民币100.00元；经本机关决定减收，应缴金额：人民币80.00元" in letter
    assert "缴费方式：通过某市非税收入缴款平台缴纳" in letter
    assert "请自收到本通知书之次日起20个工作日内缴纳" in letter


def _reply(office, outcome, **given):
    number = cleared(office) if outcome in ("granted", "partial") else register(office)
    if outcome not in ("granted", "partial"):
        office.act(number, "assign", user="reg", on="2026-11-03", to="han")
    office.act(number, "reply", user="han", on="2026-11-06", outcome=outcome, **given)
    return compose(office, number, "reply")


@pytest.mark.parametrize("outcome, given, says", [
    ("granted", {}, ["本机关予以公开", "现向您提供该政府信息（见附件）"]),
    ("granted", {"available_at": "某区人民政府门户网站“招标投标”栏目"},
     ["本机关予以公开", "该信息已经公开，您可以通过以下方式、途径获取：某区人民政府门户网站“招标投标”栏目"]),
    ("partial", {"reason": "评标专家名单涉及个人隐私，已作删除处理"},
     ["可以公开的部分本机关予以提供（见附件）；其余部分不予公开", "理由如下：评标专家名单涉及个人隐私，已作删除处理",
      f"法律依据：{GK}第三十七条"]),
    ("withheld.process_info", {"reason": "所申请的会议纪要属于讨论记录"},
     ["属于四类过程性信息，本机关不予公开", "理由：所申请的会议纪要属于讨论记录", f"法律依据：{GK}第十六条第二款"]),
    ("unavailable.not_held", {"available_at": "某区住房和城乡建设局（电话010-87654321）"},
     ["经检索查找，本机关不掌握您申请公开的政府信息", f"法律依据：{GK}第三十六条第（四）项、第（五）项",
      "该政府信息可以通过以下途径获取：某区住房和城乡建设局（电话010-87654321）"]),
    ("unavailable.needs_creation", {}, ["没有现成信息需要另行制作，本机关不予提供", f"{GK}第三十八条"]),
    ("declined.publication", {"available_at": "某市新华书店"},
     ["您的申请属于要求提供公开出版物，本机关不予处理", f"{GK}第三十九条第二款", "您可以通过以下途径获取：某市新华书店"]),
    ("declined.duplicate", {}, ["您的申请属于重复申请，本机关不予处理", f"{GK}第三十六条第（六）项"]),
    ("other.other", {"note": "申请人电话撤回"}, ["您的申请按以下情形处理：其他。"]),
])
def test_the_reply_says_what_its_outcome_needs_and_the_remedies(office, outcome, given, says):
    letter = _reply(office, outcome, **given)
    _has_the_office_and_number(letter)
    assert "张三：" in letter and "本机关于2026年11月2日收到您（单位）提出的政府信息公开申请（登记编号：2026-0001）" in letter
    for words in says:
        assert words in letter, words
    assert REMEDIES in letter
    # One family's section only: no other family's words.
    for other in ("本机关予以公开", "其余部分不予公开", "本机关不予公开", "本机关不予处理", "按以下情形处理"):
        if not any(other in words for words in says):
            assert other not in letter, other


def test_still_unclear_after_a_correction(office):
    number = register(office)
    office.act(number, "request-correction", user="han", on="2026-11-03", note="请写明项目名称")
    office.act(number, "receive-correction", user="reg", on="2026-11-05")
    office.act(number, "assign", user="reg", on="2026-11-06", to="han")
    office.act(number, "reply", user="han", on="2026-11-09", outcome="unavailable.still_unclear")
    letter = compose(office, number, "reply")
    assert "您的申请经补正后内容仍不明确" in letter and f"{GK}第三十条" in letter


def test_a_remedy_names_the_bodies_the_office_sets(office):
    number = cleared(office)
    office.act(number, "reply", user="han", on="2026-11-06", outcome="granted")
    letter = compose(office, number, "reply", office_fields={**OFFICE, "reconsideration": "某区人民政府", "court": "某区人民法院"})
    assert "60日内向某区人民政府依法申请行政复议" in letter and "6个月内向某区人民法院依法提起行政诉讼" in letter


def test_the_delivery_receipt_lists_the_letters_since_the_last_for_signature(office):
    number = cleared(office)
    office.act(number, "reply", user="han", on="2026-11-06", outcome="granted")
    office.act(number, "deliver", user="reg", on="2026-11-09", method="post")
    issued = [
        {"version": 1, "on": "2026-11-02", "kind": "acknowledgement", "number": "某政公开〔2026〕第3号", "sha256": "a", "template": "acknowledgement.docx"},
        {"version": 2, "on": "2026-11-02", "kind": "delivery-receipt", "number": "某政公开〔2026〕第4号", "sha256": "b", "template": "delivery-receipt.docx"},
        # As the case keeps an issued letter (workflow/papers.py): its kind under "letter".
        {"version": 5, "on": "2026-11-06", "letter": "reply", "number": "某政公开〔2026〕第9号", "sha256": "c", "template": "reply.docx", "size": 36000},
    ]
    letter = compose(office, number, "delivery-receipt", letters=issued)
    assert "送达机关\n某市某区人民政府办公室" in letter and "受送达人\n张三" in letter
    assert "送达文书名称及文号\n答复告知书（某政公开〔2026〕第9号）" in letter
    assert "收到申请告知书" not in letter.text  # delivered with the first receipt
    assert "送达方式\n邮寄" in letter and "送达地点\n某市某区幸福路8号" in letter
    assert "签收人（签名或盖章）" in letter and "签收日期" in letter and "2026年12月1日" in letter


def test_a_petition_is_acknowledged_with_its_own_first_period(office):
    number = office.register(user="reg", on="2026-11-02", kind="petition", channel="post", received="2026-11-02",
                             signed_on="2026-11-02", applicant="李四", applicant_type="natural", request="反映某小区夜间施工噪声").number
    letter = compose(office, number, "收到申请告知书(登记回执)")
    # [XF] 22: 15 days from the receipt (Mon 11-02): 11-03…17, Tuesday 2026-11-17, a working day.
    assert "李四：" in letter and "本机关于2026年11月2日收到您（单位）以信函方式提出的信访事项，已予登记" in letter
    assert "本机关将依照有关规定办理，并于2026年11月17日前告知您办理情况。" in letter
    assert "政府信息公开条例" not in letter.text


def test_the_decision_is_addressed_to_the_third_party_after_an_agency_was_consulted_too(office):
    number = _consulted(office)
    office.act(number, "opinion-request-received", user="reg", on="2026-11-05")
    office.act(number, "receive-opinion", user="han", on="2026-11-09", opinion="object", reason="报价属于商业秘密")
    office.act(number, "consult", user="han", on="2026-11-10", party="agency", name="某区住房和城乡建设局")
    office.act(number, "receive-opinion", user="han", on="2026-11-11", opinion="agree")
    office.act(number, "public-interest-release", user="boss", on="2026-11-12", reason="该项目涉及公共安全")
    letter = compose(office, number, "third-party-decision")
    assert letter.text.count("某建设工程有限公司：") == 1 and "某区住房和城乡建设局" not in letter.text


def test_the_per_item_fee_notice_names_the_applications_place_in_the_month(office):
    # Eleven applications from the same ID number received in November 2026: the eleventh is charged
    # at the first paid band, ¥100 ([FEE]: 1–10 free, 11–30 ¥100 each).
    numbers = [register(office, id_number="110101199001011234") for _ in range(11)]
    office.act(numbers[-1], "assign", user="reg", on="2026-11-03", to="han")
    office.act(numbers[-1], "notify-fee", user="han", on="2026-11-04", scale="item")
    letter = compose(office, numbers[-1], "fee")
    assert "计收方式：按件计收；计费数量：2026年11月第11件；按标准计算金额：人民币100.00元；应缴金额：人民币100.00元" in letter
    assert "减收" not in letter.text
