#!/usr/bin/env bash
# The demo: the calendar at work, then a demo office driven through the library and the command line.
set -euo pipefail
disclosure=${1:-disclosure}
python=${2:-python3}
say() { printf '\n== %s\n' "$*"; }

say "Worked examples of STATUTE.md §1: 20 working days from the receipt date (答复期限)"
for received in 2025-09-26 2026-09-30 2026-12-01; do
  printf '%s received → due ' "$received"
  "$disclosure" calendar add-days "$received" 20
done

say "A month view: National Day 2026 (国庆节), holidays 休 and make-up working days 班"
"$disclosure" calendar show 2026-10

say "How one deadline is reached: received Friday 2025-09-26, 20 working days"
"$disclosure" calendar add-days 2025-09-26 20 --explain

say "Calendar-day and month periods roll a rest day forward (民法典 Art. 202-203)"
printf 'suggestion assigned 2026-03-19, reply within 3 months → '
"$disclosure" calendar add-days 2026-03-19 3 --unit months
printf 'petition registered 2026-09-16, decide within 15 days → '
"$disclosure" calendar add-days 2026-09-16 15 --unit days

say "A year without holiday data is counted with weekends only and marked provisional"
"$disclosure" calendar add-days 2026-12-20 20 --json

say "A local override file (examples/local-days.toml) moves an open deadline"
printf 'received 2026-12-01, national calendar → '
"$disclosure" calendar add-days 2026-12-01 20
printf 'received 2026-12-01, with a local rest day on 2026-12-15 → '
"$disclosure" --calendar examples/local-days.toml calendar add-days 2026-12-01 20

say "A demo office on an embedded SQLite file (demo.db): about 100 applications over 2025-2026"
"$python" scripts/demo_office.py demo.db

say "The same case book from the clerks' command line"
"$disclosure" --db demo.db --user wang list --overdue --on 2026-11-20
"$disclosure" --db demo.db --user wang show 2025-0012

say "The office keeps its own rest days in the case book: every clerk counts alike, open deadlines move"
"$disclosure" --db demo.db --user admin calendar load examples/local-days.toml
"$disclosure" --db demo.db --user admin calendar days

say "The papers an office sends (告知书): letters as Word documents, numbered, kept with the case, checked again (docs/letters.md)"
rm -rf demo-letters && mkdir demo-letters
letters=(--db demo.db --config examples/office.toml)
"$disclosure" "${letters[@]}" --user wang letter 2025-0012 acknowledgement --on 2026-11-20 --out demo-letters/2025-0012-acknowledgement.docx
"$disclosure" "${letters[@]}" --user li letter 2026-0008 extension --on 2026-11-20 --out demo-letters/2026-0008-extension.docx
"$disclosure" "${letters[@]}" --user li letter 2026-0045 consultation --on 2026-11-20 --out demo-letters/2026-0045-consultation.docx
"$disclosure" "${letters[@]}" --user li letter 2026-0062 fee --on 2026-11-20 --out demo-letters/2026-0062-fee.docx
"$disclosure" "${letters[@]}" --user li letter 2026-0025 reply --on 2026-11-20 --out demo-letters/2026-0025-reply.docx
"$disclosure" "${letters[@]}" --user wang letter 2026-0025 送达回证 --on 2026-11-20 --out demo-letters/2026-0025-delivery-receipt.docx
"$disclosure" "${letters[@]}" --user li letter 2026-0062 extension 2>&1 || true   # refused: that case has no extension
"$disclosure" "${letters[@]}" --user sun letters 2026-0025 --check
ls demo-letters

say "An auditor's tools (审计): the chain's head is kept outside the database, then the whole history is checked"
anchor=$("$disclosure" --db demo.db --user sun audit anchor)
log_anchor=$("$disclosure" --db demo.db --user sun audit anchor --log)
echo "anchors (print them in the annual report): events $anchor, office log $log_anchor"
"$disclosure" --db demo.db --user sun audit verify --anchor "$anchor" --log-anchor "$log_anchor"
"$disclosure" --db demo.db --user sun audit replay

say "Personal data is masked; revealing it takes a reason, and the office log keeps who looked (个人信息保护法)"
"$disclosure" --db demo.db --user wang show 2025-0012 --reveal --reason "核对申请人身份"
"$disclosure" --db demo.db --user sun audit access --case 2025-0012

say "A case as it stood on 2025-05-01, computed from its events alone"
"$disclosure" --db demo.db --user sun show 2025-0012 --as-of 2025-05-01

say "One case exported with its hashes, and the export checked without the database"
"$disclosure" --db demo.db --user sun audit export 2025-0012 --out demo-export.json --force
"$disclosure" audit verify-export demo-export.json --anchor "$anchor"

say "Deadlines that act: the sweep records each threshold crossed, once (a second sweep finds nothing new)"
"$disclosure" --db demo.db --user admin sweep --on 2026-11-20
printf 'second sweep: '
"$disclosure" --db demo.db --user admin sweep --on 2026-11-20 --json

say "Delivery: each alert through the office's channels (none configured here: the console)"
"$disclosure" --db demo.db --user admin notify 2>&1 | sed -n "1,16p"
echo "…"
"$disclosure" --db demo.db --user admin notifications list | sed -n "1,5p"

say "The statutory annual report for 2025 (年度报告): tables 三 and 四 counted and balanced, the office's parts unfilled (also --parts FILE, --format docx|csv|xlsx|json, --publish)"
"$disclosure" --db demo.db report annual --year 2025

say "The office's operating statistics for 2025 (办结率, 按期办结率, by channel)"
"$disclosure" --db demo.db report stats --year 2025

say "Other kinds of case: a petition (信访, periods in days rolled past National Day) and a deputy's suggestion"
petition=$("$disclosure" --db demo.db --user wang register --kind petition --channel post --received 2026-09-16 --on 2026-09-16 \
  --applicant 李四 --applicant-type natural --request "反映小区噪音扰民")
"$disclosure" --db demo.db --user wang advance "$petition" accept --on 2026-09-18
suggestion=$("$disclosure" --db demo.db --user wang register --kind suggestion --received 2026-03-19 --on 2026-03-19 \
  --applicant 王代表 --applicant-type deputy --request "关于加快老旧小区改造的建议")
"$disclosure" --db demo.db --user wang show "$suggestion"
"$disclosure" --db demo.db kinds show petition | sed -n "1,12p"
"$disclosure" --db demo.db --user wang advance "$suggestion" assign --to li --on 2026-03-20
"$disclosure" --db demo.db --user li advance "$suggestion" reply --outcome B --on 2026-05-20
"$disclosure" --db demo.db --user wang advance "$suggestion" feedback --rating basically_satisfied --on 2026-05-25

say "Each kind counted apart: the suggestions' 办结率, 反馈率 and 满意率 for 2026 (report stats --kind suggestion)"
"$disclosure" --db demo.db report stats --year 2026 --kind suggestion | sed -n "2,11p"
