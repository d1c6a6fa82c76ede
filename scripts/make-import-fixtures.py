#!/usr/bin/env python3
"""Writes tests/fixtures/import/sycm-shop-2026.xls: a 生意参谋 (Tmall) daily export as the back office gives it —
title lines above the header (on row 5), numbers stored as text with thousands separators, percentages as text,
"-" for n/a, a 同比 column, and a 合计 row at the bottom. The values follow `day(i)` below, which
tests/import.rs computes again to check the import to the yuan. Needs `pip install xlwt` (BIFF8 .xls writer);
the file is committed, so tests never need Python."""
import datetime
import os
import xlwt


def day(i):
    """The figures of day i (0 = 2026-01-01): GMV in cents, visitors, orders, refunds in cents or None (n/a)."""
    gmv = 1_000_000_00 + i * 1_234_567 + (i % 7) * 100_1
    uv = 200_000 + i * 37
    orders = 3_000 + (i % 11) * 3
    refunds = None if i % 5 == 0 else i * 10_101 + 7
    return gmv, uv, orders, refunds


def money(cents):
    return f"{cents // 100:,}.{cents % 100:02d}"


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "import", "sycm-shop-2026.xls")
    book = xlwt.Workbook(encoding="utf-8")
    sh = book.add_sheet("店铺整体")
    sh.write(0, 0, "生意参谋 · 店铺整体数据")
    sh.write(1, 0, "统计时间：2026-01-01 ~ 2026-02-28")
    sh.write(2, 0, "终端：所有终端")
    sh.write(3, 0, "")
    header = ["统计日期", "访客数", "浏览量", "支付金额", "支付金额同比", "支付转化率", "客单价", "支付父订单数", "成功退款金额"]
    for c, h in enumerate(header):
        sh.write(4, c, h)
    start = datetime.date(2026, 1, 1)
    r = 5
    for i in range(59):
        gmv, uv, orders, refunds = day(i)
        row = [
            (start + datetime.timedelta(days=i)).isoformat(),
            f"{uv:,}",
            f"{uv * 3:,}",
            money(gmv),
            "-",
            f"{orders / uv * 100:.2f}%",
            money(gmv // orders),
            f"{orders:,}",
            "-" if refunds is None else money(refunds),
        ]
        for c, v in enumerate(row):
            sh.write(r, c, v)
        r += 1
    sh.write(r, 0, "合计")
    sh.write(r, 3, "—")
    book.save(out)


if __name__ == "__main__":
    main()
