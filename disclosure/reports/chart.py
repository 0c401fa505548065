"""A chart for people who would rather look than read: one kind's cases received and concluded per
month (bars) and the on-time rate (a line), as a PNG. Needs matplotlib, the optional extra ``chart``."""

from __future__ import annotations

from typing import Any, BinaryIO, Sequence

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["draw_monthly_chart"]

# Fonts with Chinese glyphs, tried in order; without one the labels are English only (no empty boxes).
_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC")


def _labels(chinese: bool, kind: str, kind_label: str) -> dict[str, str]:
    if chinese:
        return {"received": "收到 received", "concluded": "办结 concluded", "rate": "按期办结率 on-time rate",
                "count": "件数 cases", "title": f"{kind_label} {{period}}"}
    title = "Applications for government information" if kind == "disclosure" else f"Cases of the kind {kind}"
    return {"received": "received", "concluded": "concluded", "rate": "on-time rate", "count": "cases",
            "title": title + ", {period}"}


def draw_monthly_chart(
    series: Sequence[dict[str, Any]], period: str, path: str | BinaryIO,
    kind: str = "disclosure", kind_label: str = "政府信息公开申请",
) -> None:
    """One kind's months (``series`` is monthly_series of that kind): the title names the kind."""
    try:
        import matplotlib
    except ImportError:
        raise InvalidInput(t("the chart needs matplotlib: pip install 'disclosure[chart]'")) from None
    matplotlib.use("Agg")  # files only: no screen is needed, or wanted
    from matplotlib import font_manager
    from matplotlib import pyplot

    installed = {font.name for font in font_manager.fontManager.ttflist}
    chinese = next((name for name in _CJK_FONTS if name in installed), None)
    labels = _labels(chinese is not None, kind, kind_label)
    months = [point["month"] for point in series]
    positions = range(len(months))
    figure, counts = pyplot.subplots(figsize=(max(6, 0.6 * len(months) + 2), 4.6), dpi=120)
    try:
        if chinese:
            pyplot.rcParams["font.sans-serif"] = [chinese, *pyplot.rcParams["font.sans-serif"]]
        width = 0.4
        counts.bar([x - width / 2 for x in positions], [p["received"] for p in series], width, label=labels["received"])
        counts.bar([x + width / 2 for x in positions], [p["concluded"] for p in series], width, label=labels["concluded"])
        counts.set_ylabel(labels["count"])
        counts.set_xticks(list(positions), months, rotation=45, ha="right")
        rate = counts.twinx()
        rate.plot(list(positions), [None if p["on_time_rate"] is None else p["on_time_rate"] * 100 for p in series],
                  color="black", marker="o", label=labels["rate"])
        rate.set_ylim(0, 105)
        rate.set_ylabel("%")
        handles = counts.get_legend_handles_labels()[0] + rate.get_legend_handles_labels()[0]
        counts.legend(handles, [labels["received"], labels["concluded"], labels["rate"]], loc="upper center",
                      bbox_to_anchor=(0.5, -0.28), ncol=3, fontsize="small", frameon=False)
        counts.set_title(labels["title"].format(period=period))
        figure.tight_layout()
        figure.savefig(path)
    finally:
        pyplot.close(figure)
