"""A reproducible demo office: about 100 applications over 2025-01 … 2026-11, driven through the public API.

    python scripts/demo_office.py [DB_PATH]        (default demo.db)

"Today" is fixed at 2026-11-20 and the mix is drawn from random.Random(2026), so two runs
print the same thing. Every action goes through Office.register / Office.act with an
effective date (on=) that only moves forward within a case and never passes today; a case
whose next step would fall after today is left open where it stands.
"""

from __future__ import annotations

import os
import shutil
import random
import sys
from collections import Counter
from datetime import date, timedelta

from disclosure.cli.render import table
from disclosure.service import Office
from disclosure.workflow.kinds.disclosure import DISCLOSURE, OPEN

TODAY = date(2026, 11, 20)
FIRST_DAY = date(2025, 1, 2)
LAST_RECEIVED = date(2026, 11, 18)
N_CASES = 100

REGISTRAR, HANDLERS, REVIEWER, HEAD, AUDITOR = "wang", ("li", "zhao"), "chen", "liu", "sun"

CHANNELS = (("online", 55), ("in_person", 15), ("post", 14), ("email", 11), ("fax", 5))
APPLICANT_TYPES = (
    ("natural", 70), ("enterprise", 10), ("legal_service", 6), ("research", 4), ("public_interest", 4), ("other_org", 6),
)
PATHS = (
    ("granted", 32), ("partial", 12), ("withheld", 14), ("unavailable", 14), ("declined", 8), ("withdraw", 6), ("stall", 6),
)
WITHHELD = (
    "withheld.state_secret", "withheld.law_prohibited", "withheld.security_stability", "withheld.third_party",
    "withheld.internal_affairs", "withheld.process_info", "withheld.enforcement_file", "withheld.administrative_query",
)
UNAVAILABLE = ("unavailable.not_held", "unavailable.not_held", "unavailable.needs_creation")
DECLINED = ("declined.petition", "declined.duplicate", "declined.publication", "declined.excessive", "declined.confirmation")
# stage a stalled case stops at: the number of steps it takes to get there
STALL_STAGES = {"registered": 1, "processing": 2, "correction": 3, "consultation": 3, "fee_pending": 3, "review": 3, "cleared": 4}
DELIVERY_FOR_CHANNEL = {"online": "online", "in_person": "in_person", "post": "post", "email": "email", "fax": "post"}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "强", "秀英", "建华", "志强", "海燕", "晓明", "丽华")
ORGS = {
    "enterprise": ("示例建材有限公司", "城东物流有限公司", "明达科技有限公司", "华兴房地产开发有限公司"),
    "legal_service": ("正衡律师事务所", "明理律师事务所", "公信法律服务所"),
    "research": ("示例大学公共管理学院", "城市发展研究院"),
    "public_interest": ("绿源环保公益中心", "社区发展促进会"),
    "other_org": ("示例村村民委员会", "幸福小区业主委员会", "个体工商户协会"),
}
REQUESTS = (
    "2024年度某道路拓宽工程的征收补偿方案",
    "某小区旧城改造项目的立项批复文件",
    "辖区内某企业的环境影响评价批复",
    "2025年度区级财政预算中教育支出明细",
    "某地块国有土地使用权出让合同",
    "区政府常务会议关于老旧小区加装电梯的纪要",
    "某路段违法建筑拆除决定书及依据",
    "区内学校学区划分方案及调整依据",
    "某农贸市场搬迁的规划许可文件",
    "区人民政府对某信访事项的处理意见",
    "本区2025年最低生活保障资金发放情况",
    "某河道整治工程的招投标文件",
)


class StopCase(Exception):
    """The case's next step would fall after today (or the case was meant to stall): leave it where it stands."""


def pick(rng: random.Random, weighted) -> str:
    codes, weights = zip(*weighted)
    return rng.choices(codes, weights=weights)[0]


class Driver:
    """Drives one case through the public API, keeping its effective dates moving forward."""

    def __init__(self, office: Office, rng: random.Random, step_limit: int | None = None) -> None:
        self.office, self.rng, self.calendar = office, rng, office.calendar
        self.number: str | None = None
        self.t: date | None = None
        self.steps_left = step_limit

    # -- dates ---------------------------------------------------------------------------------
    def workday(self, d: date) -> date:
        while not self.calendar.is_workday(d):
            d += timedelta(days=1)
        return d

    def after(self, d: date, n: int) -> date:
        return self.calendar.add_working_days(d, n).on if n > 0 else self.workday(d)

    def due(self) -> date | None:
        view = self.office.case(self.number)
        return view.due.on if view.due else None

    def reply_date(self, start: date, late_chance: float = 0.1) -> date:
        """A reply date from the current due date: mostly on time, some late."""
        due = self.due()
        if self.rng.random() < late_chance:
            return self.after(max(due, start), self.rng.randint(1, 8))
        target = self.after(start, self.rng.randint(1, 12))
        return min(target, due) if due >= start else start

    # -- actions -------------------------------------------------------------------------------
    def _gate(self, on: date) -> None:
        if on > TODAY or self.steps_left == 0:
            raise StopCase
        if self.steps_left is not None:
            self.steps_left -= 1

    def register(self, on: date, **params) -> str:
        self._gate(on)
        view = self.office.register(user=REGISTRAR, on=on, **params)
        self.number, self.t = view.number, on
        return self.number

    def act(self, action: str, user: str, on: date, **params) -> None:
        on = max(on, self.t)
        self._gate(on)
        self.office.act(self.number, action, user=user, on=on, **params)
        self.t = on


def applicant_for(rng: random.Random, kind: str) -> dict:
    if kind == "natural":
        return {
            "applicant": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "id_number": f"110105{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 9999):04d}",
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
        }
    return {"applicant": rng.choice(ORGS[kind]), "phone": f"010-{rng.randint(60000000, 89999999)}"}


def drive_case(office: Office, rng: random.Random, received: date, appeal_plan: list[str]) -> None:
    channel = pick(rng, CHANNELS)
    applicant_type = pick(rng, APPLICANT_TYPES)
    path = pick(rng, PATHS)
    corrected = rng.random() < 0.12
    consult = rng.random() < (0.5 if path in ("withheld", "partial") else 0.08)
    fee = path in ("granted", "partial") and rng.random() < 0.15
    extend = rng.random() < 0.1
    handler = rng.choice(HANDLERS)

    # Some cases received since mid-2026 are left open at a chosen stage (steps: register, assign, ...).
    step_limit = None
    if path == "stall" and received < date(2026, 6, 1):
        path = "granted"
    elif path == "stall" or (received >= date(2026, 9, 1) and rng.random() < 0.25):
        stage = rng.choice(tuple(STALL_STAGES))
        path, step_limit = ("withheld", 3) if stage == "consultation" else ("granted", STALL_STAGES[stage])
        corrected, consult, fee, extend = stage == "correction", stage == "consultation", stage == "fee_pending", False
    d = Driver(office, rng, step_limit=step_limit)

    d.register(
        d.workday(received) if rng.random() < 0.8 else d.after(received, 1),
        channel=channel, received=received, applicant_type=applicant_type,
        request=f"申请公开{rng.choice(REQUESTS)}", **applicant_for(rng, applicant_type),
    )
    d.act("assign", REGISTRAR, d.after(d.t, rng.randint(0, 2)), to=handler)

    if path == "withdraw":
        d.act("withdraw", REGISTRAR, d.after(d.t, rng.randint(1, 10)), note="申请人书面撤回申请")
        d.act("archive", REGISTRAR, d.after(d.t, rng.randint(3, 15)))
        return

    if corrected:
        d.act("request-correction", handler, d.after(d.t, rng.randint(1, 5)), period=15, note="申请内容不明确，请补正")
        d.act("receive-correction", handler, d.after(d.t, rng.randint(2, 14)))
    if consult:
        party = "third_party" if path in ("withheld", "partial") or rng.random() < 0.5 else "agency"
        name = "相关企业" if party == "third_party" else "区自然资源局"
        d.act("consult", handler, d.after(d.t, rng.randint(1, 5)), party=party, name=name)
        d.act("opinion-request-received", handler, d.t)  # the letter handed over the same day
        answer = rng.choice(("agree", "object"))
        # A third party's objection stands in the way of a full release ([GK] 32): on this path it agreed.
        opinion = "agree" if party == "third_party" and path not in ("withheld", "partial") else answer
        d.act("receive-opinion", handler, d.after(d.t, rng.randint(3, 15)), opinion=opinion)
    if fee:
        # 70 pages: pages 31–70 at ¥10 = ¥400 on the scale; the office charges at most that.
        d.act("notify-fee", handler, d.after(d.t, rng.randint(1, 4)), pages=70, amount=rng.choice(("100.00", "200.00", "350.50")))
        d.act("fee-notice-received", handler, d.t)
        d.act("receive-payment", handler, d.after(d.t, rng.randint(2, 12)))
    if extend:
        due = d.due()
        if due >= d.t:
            on = max(d.t, d.after(d.t, rng.randint(1, 10)))
            d.act("extend", HEAD, min(on, due), days=rng.randint(10, 20), note="需调取档案，延期答复")

    reply(d, rng, path, handler, corrected)
    delivered = d.t
    method = DELIVERY_FOR_CHANNEL[channel]
    d.act("deliver", rng.choice((REGISTRAR, handler)), d.after(d.t, rng.randint(0, 3)), method=method)
    d.act("archive", REGISTRAR, d.after(d.t, rng.randint(5, 20)))

    if path in ("withheld", "partial") and appeal_plan and delivered < date(2025, 10, 1):
        plan = appeal_plan.pop(0)
        kind = "reconsideration" if plan != "upheld" else "litigation"
        d.act("record-appeal", REGISTRAR, d.after(d.t, rng.randint(5, 20)), type=kind, result="pending")
        if plan == "pending":
            return  # still before the reconsideration body
        if plan == "upheld":
            d.act("record-appeal", REGISTRAR, d.after(d.t, rng.randint(30, 60)), appeal=1, result="upheld")
            return
        decided = d.after(d.t, rng.randint(30, 50))
        if plan == "reopen-open":  # decided only lately: the new reply is still being prepared
            decided = max(decided, date(2026, 11, 2))
        d.act("record-appeal", REGISTRAR, decided, appeal=1, result="corrected", note="复议机关责令重新答复")
        on = d.after(d.t, 2)
        d.act("reopen", HEAD, on, due=on + timedelta(days=30), note="按复议决定重新答复")
        if plan == "reopen":
            reply(d, rng, "granted", handler, False, late_chance=0.0)
            d.act("deliver", handler, d.after(d.t, 1), method=method)


def reply(d: Driver, rng: random.Random, path: str, handler: str, corrected: bool, late_chance: float = 0.1) -> None:
    if path in ("granted", "partial"):
        target = d.reply_date(d.t, late_chance)
        submit = d.after(d.t, 1)
        d.act("submit-review", handler, submit)
        approve = min(d.after(submit, rng.randint(1, 3)), max(target, submit))
        d.act("approve-review", REVIEWER, approve)
        reason = "涉及第三方商业秘密的部分不予公开" if path == "partial" else None  # [GK] 37
        d.act("reply", handler, max(target, approve), outcome=path, reason=reason)
        return
    if path == "withheld":
        outcome = rng.choice(WITHHELD)
    elif path == "unavailable":
        outcome = rng.choice(UNAVAILABLE + (("unavailable.still_unclear",) if corrected else ()))
    else:
        outcome = rng.choice(DECLINED)
    # The statute names no article for a confirmation request: the office gives its own basis.
    basis = "《中华人民共和国政府信息公开条例》第二条" if outcome == "declined.confirmation" else None
    d.act("reply", handler, d.reply_date(d.t, late_chance), outcome=outcome, basis=basis)


def build(path: str) -> Office:
    for stale in (path, path + "-wal", path + "-shm"):
        if os.path.exists(stale):
            os.remove(stale)
    shutil.rmtree(os.path.splitext(path)[0] + ".documents", ignore_errors=True)  # the book's kept letters and files
    office = Office.open(path, today=lambda: TODAY)
    office.init("示例区人民政府办公室", admin="admin")
    office.add_user(REGISTRAR, ["registrar"], by="admin")
    for handler in HANDLERS:
        office.add_user(handler, ["handler"], by="admin")
    office.add_user(REVIEWER, ["reviewer"], by="admin")
    office.add_user(HEAD, ["head"], by="admin")
    office.add_user(AUDITOR, ["auditor"], by="admin")

    rng = random.Random(2026)
    span = (LAST_RECEIVED - FIRST_DAY).days
    received_days = sorted(FIRST_DAY + timedelta(days=rng.randint(0, span)) for _ in range(N_CASES))
    appeal_plan = ["reopen", "reopen-open", "upheld", "pending"]
    for received in received_days:
        try:
            drive_case(office, rng, received, appeal_plan)
        except StopCase:
            pass  # our own signal: the next step would be after today; the case stays open
    return office


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "demo.db"
    office = build(path)
    views = office.cases()

    print(f"== 示例区人民政府办公室  today 今日 {TODAY.isoformat()}  cases 申请 {len(views)}  db {path}")
    print("\n== 按状态统计 Cases by state")
    counts = Counter(view.state for view in views)
    for line in table(((state.code, state.label, counts[state.code]) for state in DISCLOSURE.states if counts[state.code]), "<<>"):
        print("  " + line)
    actions = Counter(event.type for view in views for event in office.history(view.number))
    print("  actions 办理动作: " + ", ".join(f"{k} {v}" for k, v in sorted(actions.items())))
    late = sum(1 for view in views if view.case.reply_on_time is False)
    print(f"  replies 答复: on time 按期 {sum(1 for v in views if v.case.reply_on_time)}, late 逾期 {late}")
    outcomes = Counter(view.case.outcome.split(".")[0] for view in views if view.case.outcome)
    print("  outcomes 答复结果: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))

    print("\n== 未办结案件及答复期限 Open cases and their due dates")
    open_rows = [("number 编号", "state 状态", "due 期限", "applicant 申请人", "")]
    for view in views:
        if view.state not in OPEN:
            continue
        due = view.due.on.isoformat() + ("*" if view.due.provisional else "") if view.due else "（暂停 paused）"
        open_rows.append((view.number, f"{view.state} {view.state_label}", due, view.case.applicant["name"],
                          "逾期 OVERDUE" if view.overdue else ""))
    for line in table(open_rows):
        print("  " + line)
    if any(view.due and view.due.provisional for view in views if view.state in OPEN):
        print("  (* provisional: the due date lies in a year without holiday data)")

    overdue = office.cases(overdue=True)
    print(f"\n== 已逾期 Overdue on {TODAY.isoformat()}: {len(overdue)}")
    for line in table(
        (view.number, f"{view.state} {view.state_label}", f"due {view.due.on.isoformat()}",
         f"{office.calendar.working_days_between(view.due.on, TODAY)} 个工作日 working days late", view.case.applicant["name"])
        for view in overdue
    ):
        print("  " + line)
    office.close()


if __name__ == "__main__":
    main()
