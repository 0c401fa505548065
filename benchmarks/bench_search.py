"""`search` in books of two sizes: the time of each kind of query, to show it does not grow with the book.

Data size: books of BENCH_SEARCH_SIZES cases (default 20,000 and 200,000; the issue's size is 1,000,000,
BENCH_SEARCH_SIZES=20000,1000000 builds it where the machine has the time), SQLite.

How the data is built: `bench_audit.build_template` drives 200 applications through the public API
(about 7.5 events each); `bench_audit.copy_until` then copies its rows under new case numbers, as the
API writes them (events chained anew, cases, clocks, appeals and search rows), giving each copied case
an applicant's name and a request of its own: a surname and one or two given characters (about 60 × 150
× 150 names), and a request made of a district, a place and a subject (20 × 30 × 30). On top, through
the API, the cases the queries look for, the same in every book: three applicants named 殷离 (a name of
two characters found in no other case), three named 殷天正 (three characters), three requests about the
滨江湿地公园 (a request's words), one applicant with the ID number 110101199003071234.

With BENCH_SEARCH_PG (a PostgreSQL URL, whose tables are dropped), each book's cases and search rows are
copied there too and measured the same way (pg_trgm and the array index).

Each query runs through `Office.search` (the library, as the CLI's `search` calls it, with its default
limit of 50): once, then five times more; the first time and the median are printed for each. Besides
the four kinds the issue names, a common word (小区, in about a tenth of the requests) shows what a
query matching thousands of cases costs: the first 50 by number. Printed last: each query kind's time
at both sizes, the ratio, and the target (< 0.3 s at 1M; met or not at the largest size built).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_audit  # noqa: E402  (the template office and the bulk copier)

SIZES = [int(size) for size in os.environ.get("BENCH_SEARCH_SIZES", "20000,200000").split(",")]
TODAY = date(2026, 11, 20)
TARGET_SECONDS = 0.3
# An emptied PostgreSQL database (every table dropped) to measure there too: the SQLite book's cases and
# search rows are copied into it (the events are not: `search` reads none).
POSTGRES = os.environ.get("BENCH_SEARCH_PG")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华红建国文辉力斌俊峰雪琳晨浩宇鹏飞凯欣怡佳慧婷雅琪博轩子涵梓萱若汐思远嘉懿梦瑶晓东海波志宏永健新春玉梅金凤秋菊冬青松柏竹荷莲菲蕾薇蓉蕊颖锋锐骏驰腾跃昊旭晖晴岚瑞祥福禄寿喜德仁义礼智信忠孝勤俭诚朴淑贞"
DISTRICTS = ["东城", "西城", "南岗", "北林", "中山", "新华", "和平", "河西", "江北", "城关",
             "高新", "经开", "临港", "长安", "永宁", "安定", "太平", "富民", "兴隆", "清河"]
PLACES = ["某街道", "某社区", "某路段", "某学校", "某医院", "某市场", "某公园", "某小区", "某村", "某工业园",
          "某水库", "某河道", "某车站", "某广场", "某大厦", "某景区", "某码头", "某桥梁", "某隧道", "某园区",
          "某幼儿园", "某养老院", "某体育馆", "某图书馆", "某菜市场", "某停车场", "某垃圾站", "某变电站", "某加油站", "某仓库"]
SUBJECTS = ["改造资金使用情况", "拆迁补偿标准", "环评批复文件", "规划许可证", "预算执行情况", "招投标文件", "验收报告",
            "安全检查记录", "收费标准依据", "建设审批材料", "绿化养护合同", "消防验收意见", "噪音监测数据", "水质检测报告",
            "道路维修计划", "加装电梯补贴", "停车位规划", "物业费标准", "征地补偿方案", "财政补助明细", "会议纪要",
            "项目立项批复", "土地出让合同", "施工许可证", "排污许可证", "监理报告", "审计报告", "整改通知", "处罚决定书", "信访答复意见"]

PLANTED = {
    "2-char name": ("殷离", 3),
    "3-char name": ("殷天正", 3),
    "request word": ("滨江湿地公园", 3),
    "ID number": ("110101199003071234", 1),
}
COMMON = ("common word, first 50", "小区")


def varied_texts(copy: int, number: str) -> tuple[str, str]:
    """The applicant's name and request of one copied case: the same for the same copy and case in every run."""
    rng = random.Random(f"{copy}/{number}")
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given, rng.choice(DISTRICTS) + rng.choice(PLACES) + rng.choice(SUBJECTS)


def build(path: Path, template: Path, size: int) -> int:
    """The book: the template copied with varied texts up to about ``size`` cases, then the planted cases."""
    from disclosure.service import Office

    shutil.copy(template, path)
    with sqlite3.connect(template) as connection:
        events_per_case = connection.execute("SELECT count(*) FROM events").fetchone()[0] / bench_audit.TEMPLATE_CASES
    # copy_until counts events; whole copies of the template, so the book may hold up to 199 cases more.
    bench_audit.copy_until(path, int((size - bench_audit.TEMPLATE_CASES - 10) * events_per_case), vary=varied_texts)
    office = Office.open(str(path), create=False, today=lambda: TODAY)
    planted = [("殷离", "某街道预算执行情况", None)] * 3 + [("殷天正", "某学校招投标文件", None)] * 3
    planted += [("某环保协会", "滨江湿地公园生态修复项目的验收报告", None)] * 3 + [("沈某", "某路段道路维修计划", "110101199003071234")]
    for name, request, id_number in planted:
        office.register(user="reg", on=TODAY, channel="online", received=TODAY, applicant=name, applicant_type="natural",
                        request=request, **({"id_number": id_number} if id_number else {}))
    with office.engine.connect() as connection:
        from sqlalchemy import text

        cases = connection.execute(text("SELECT count(*) FROM cases")).scalar_one()
    office.close()
    return cases


def copy_to_postgres(path: Path, url: str) -> None:
    """The rows `search` reads (cases and their search rows) copied from the SQLite book into an emptied
    PostgreSQL book: the events stay behind, so that book serves the measure, not an audit."""
    from sqlalchemy import Boolean, Date

    from disclosure.service import Office
    from disclosure.storage.database import make_engine
    from disclosure.storage.tables import CaseRow, CaseSearchRow, metadata

    engine = make_engine(url)
    metadata.drop_all(engine)
    engine.dispose()
    office = Office.open(url, today=lambda: TODAY)
    office.init("bench", admin="admin")
    office.add_user("reg", ["registrar"])
    office.close()
    cases, searches = CaseRow.__table__, CaseSearchRow.__table__
    typed = {column.name: date.fromisoformat if isinstance(column.type, Date) else bool if isinstance(column.type, Boolean) else None
             for column in cases.columns}
    engine = make_engine(url)
    with sqlite3.connect(path) as source, engine.begin() as target:
        names = [row[1] for row in source.execute("PRAGMA table_info(cases)")]
        rows = source.execute("SELECT * FROM cases")
        while batch := rows.fetchmany(5000):
            target.execute(cases.insert(), [
                {name: value if value is None or typed[name] is None else typed[name](value) for name, value in zip(names, row)}
                for row in batch
            ])
        rows = source.execute("SELECT case_number, body, grams FROM case_search")
        while batch := rows.fetchmany(5000):
            target.execute(searches.insert(), [dict(zip(("case_number", "body", "grams"), row)) for row in batch])
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


def measure(url: str) -> dict[str, tuple[float, float, int]]:
    """Each query kind: (first time, median of five more, cases found)."""
    from disclosure.service import Office

    office = Office.open(url, create=False, today=lambda: TODAY, user="reg")
    results = {}
    try:
        for name, query in [*((name, text) for name, (text, _) in PLANTED.items()), COMMON]:
            times, found = [], []
            for _ in range(6):
                began = time.perf_counter()
                found = office.search(query)
                times.append(time.perf_counter() - began)
            expected = PLANTED.get(name, (None, None))[1]
            assert expected is None or len(found) == expected, (name, len(found))
            results[name] = (times[0], statistics.median(times[1:]), len(found))
    finally:
        office.close()
    return results


def main() -> None:
    results, sizes = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.db"
        began = time.perf_counter()
        bench_audit.build_template(template)
        print(f"template: {bench_audit.TEMPLATE_CASES} cases through the API in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        for size in SIZES:
            book = Path(folder) / f"book-{size}.db"
            began = time.perf_counter()
            sizes[size] = build(book, template, size)
            print(f"book {size:,}: {sizes[size]:,} cases built in {time.perf_counter() - began:.1f} s,"
                  f" {book.stat().st_size / 2**20:,.0f} MB", file=sys.stderr)
            results[("SQLite", size)] = measured = measure(str(book))
            show("SQLite", measured)
            if POSTGRES:
                began = time.perf_counter()
                copy_to_postgres(book, POSTGRES)
                print(f"  copied to PostgreSQL in {time.perf_counter() - began:.1f} s", file=sys.stderr)
                results[("PostgreSQL", size)] = measured = measure(POSTGRES)
                show("PostgreSQL", measured)
            book.unlink()
    print(f"data: books of {', '.join(f'{sizes[size]:,}' for size in sizes)} cases")
    for backend in ("SQLite", "PostgreSQL") if POSTGRES else ("SQLite",):
        summary(backend, {size: results[(backend, size)] for size in sizes}, sizes)


def show(backend: str, measured: dict[str, tuple[float, float, int]]) -> None:
    for name, (first, median, found) in measured.items():
        print(f"  {backend} {name}: first {first * 1000:.1f} ms, median {median * 1000:.1f} ms, {found} found", file=sys.stderr)


def summary(backend: str, results: dict, sizes: dict[int, int]) -> None:
    smallest, largest = min(results), max(results)
    for name in results[smallest]:
        cells = ", ".join(f"{sizes[size]:,}: {results[size][name][1] * 1000:.1f} ms (first {results[size][name][0] * 1000:.1f})"
                          for size in results)
        ratio = results[largest][name][1] / results[smallest][name][1]
        verdict = "met" if results[largest][name][1] < TARGET_SECONDS else "NOT MET"
        print(f"{backend} {name}: {cells}; {largest:,} ÷ {smallest:,} = {ratio:.1f}x; < {TARGET_SECONDS} s at {sizes[largest]:,}: {verdict}")


if __name__ == "__main__":
    main()
