#!/usr/bin/env python3
"""desk.py — a window clerk's desk (综合窗口前台): evaluate one submission
and print the decision and the one-time notice (一次性告知).

    PYTHONPATH=build/bindings/python python3 examples/python/desk.py \\
        examples/submissions/03-food-license-too-many-gaps.json

The item code (or bundle id) comes from the submission's "item" key unless
--item is given; the catalog is rules/ unless --rules is given.  Exit
status: 0 when the application is accepted (with or without gaps), 1 when
it is incomplete or rejected, 2 on errors.
"""

import argparse
import pathlib
import sys
from typing import Optional, Sequence

import window

DECISION = {
    "accepted": "予以受理",
    "accepted_with_gaps": "容缺受理",
    "incomplete": "材料不齐全或不符合法定形式，需补正",
    "rejected": "不予受理",
}
FLOW = {
    "on_spot_completion": "当场办结",
    "on_spot_acceptance": "当场受理",
    "receipt": "收件（由后台决定是否受理）",
    "none": "—",
}
DOCUMENT = {
    "acceptance_notice": "受理通知书",
    "receipt": "收件凭证",
    "gap_notice": "容缺受理通知书",
    "gap_commitment": "容缺受理承诺书",
    "correction_notice": "一次性告知书（补正材料通知书）",
    "rejection_notice": "不予受理通知书",
}
DEADLINE = {
    "promised": "承诺办结时限",
    "statutory": "法定办结时限",
    "supplement": "容缺材料补齐期限",
    "notify": "受理与否告知期限",
    "transfer": "流转后台时限",
}


def print_item(res: window.Result, indent: str = "") -> None:
    def p(s: str = "") -> None:
        print(indent + s if s else "")

    p(f"事项：{res.name}（{res.code}）")
    p(f"结论：{DECISION.get(res.decision, res.decision)}")
    if res.decision in ("accepted", "accepted_with_gaps"):
        p(f"办理方式：{FLOW.get(res.flow, res.flow)}")
    route = res.route
    if route["department_name"]:
        dept = route["department_name"]
        if route["escalated_from"]:
            dept += "（上报办理）"
        p(f"承办部门：{dept}")
    if route["window"]:
        p(f"受理窗口：{route['window']}    出件窗口：{route['output_window'] or '—'}")

    problems = res.problems
    if res.decision == "incomplete":
        p()
        p("一次性告知：请补正以下全部材料或信息后再次提交——")
        for i, f in enumerate(problems, 1):
            p(f"  {i}. {f.message}")
    elif res.decision == "rejected":
        p()
        p("不予受理理由：")
        for f in problems:
            p(f"  · {f.message}")
    elif res.decision == "accepted_with_gaps":
        p()
        p("容缺受理：以下材料可后补，请在期限内补齐——")
        for i, f in enumerate(res.gaps, 1):
            p(f"  {i}. {f.message}（请于 {f.due} 前补齐）")

    notes = [f for f in res.findings if f.severity != "error"]
    if notes:
        p()
        p("说明：")
        for f in notes:
            p(f"  · {f.message}")

    if res.deadlines:
        p()
        for k, v in res.deadlines.items():
            p(f"{DEADLINE.get(k, k)}：{v if v is not None else '日历未覆盖，需人工计算'}")
    if res.documents:
        p("需打印：" + "、".join(DOCUMENT.get(d, d) for d in res.documents))


def main(argv: Optional[Sequence[str]] = None) -> int:
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description="evaluate a submission at the window desk")
    ap.add_argument("submission", help="JSON or YAML submission file")
    ap.add_argument("--rules", default=str(here.parent.parent / "rules"),
                    help="catalog directory (default: rules/)")
    ap.add_argument("--item", help="item code or bundle id (default: the file's item key)")
    ap.add_argument("--now", help="receipt instant, RFC 3339 (default: submitted_at)")
    args = ap.parse_args(argv)

    try:
        cat = window.Catalog.load(args.rules)
    except window.CatalogError as e:
        print(f"desk: the catalog has errors:\n{e}", file=sys.stderr)
        return 2
    path = pathlib.Path(args.submission)
    try:
        text = path.read_text(encoding="utf-8")
        code = args.item or item_key(text)
        res = cat.evaluate(code, text, now=args.now)
    except OSError as e:
        print(f"desk: {e}", file=sys.stderr)
        return 2
    except window.SubmissionError as e:
        print(f"desk: {path}: {e}", file=sys.stderr)
        return 2
    except window.NotFound:
        print(f"desk: no item or bundle {code!r} in {args.rules}", file=sys.stderr)
        return 2

    if isinstance(res, window.BundleResult):
        print(f"一件事：{res.name}（{res.id}）")
        print(f"总体结论：{DECISION.get(res.decision, res.decision)}")
        if res.to_supply:
            print("需补齐的材料（合并去重）：" + "、".join(res.to_supply))
        for r in res.items:
            print()
            print_item(r, "  ")
    else:
        print_item(res)
    return 0 if res.decision in ("accepted", "accepted_with_gaps") else 1


def item_key(text: str) -> str:
    """The submission's top-level "item" key (JSON or YAML)."""
    sub = window.Submission.parse(text)   # invalid text: SubmissionError with line:column
    code = sub.get("item")
    if code is None:
        raise window.SubmissionError("the submission has no item key: pass --item")
    return code


if __name__ == "__main__":
    sys.exit(main())
