//! The charts of the decisions (MODEL.md §9 and the comparison): each traffic line's response curve with
//! today's budget (○) and the optimum (□), and the monthly GMV of the pinned plans on one chart.
//!
//! Invariant: without an answer (the optimiser not run, fewer than one pinned plan) a chart says so in words
//! instead of drawing empty axes.

use super::uncertainty::message;
use super::{cartesian, err, legend, mesh, month_label, px, y_top, ChartInput, DrawResult, Grid, Swatch, Table};
use super::{PALETTE, TARGET};
use crate::present::format::{self, Lang};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One plan's monthly GMV, as the comparison pins it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pinned {
    /// The plan's name.
    pub name: String,
    /// GMV of each month.
    pub monthly_gmv: [f64; 12],
}

/// The name of spend line `j`.
fn line_name(input: &ChartInput, j: usize) -> String {
    input.scenario.spend_lines.get(j).map_or_else(|| format!("#{j}"), |l| l.name.clone())
}

/// Each traffic line's part of the objective against its annual budget: the curve, ○ today, □ the optimum.
pub fn curves<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    let Some(opt) = input.optimum.filter(|o| !o.curves.is_empty()) else {
        return message(
            area,
            input,
            "运行预算优化后，这里显示各投放项的响应曲线",
            "Run the optimiser to see each line's response curve",
        );
    };
    let items: Vec<_> = opt
        .curves
        .iter()
        .map(|c| (line_name(input, c.index), PALETTE[c.index % PALETTE.len()], Swatch::Line))
        .collect();
    let rest = legend(area, &items, input)?;
    let xmax = opt.curves.iter().flat_map(|c| c.points.last()).map(|p| p.0).fold(1.0, f64::max);
    let ymax = opt.curves.iter().flat_map(|c| c.points.iter().map(|p| p.1)).fold(0.0, f64::max);
    let ymin = opt.curves.iter().flat_map(|c| c.points.iter().map(|p| p.1)).fold(0.0, f64::min);
    let lang = input.lang;
    let mut chart = cartesian(&rest, input, 64.0, 0.0..xmax, ymin..y_top(ymax))?;
    let money = |x: &f64| super::axis_money(*x, lang);
    mesh(&mut chart, input, Grid::Both, (6, 6), &money, &money)?;
    let (w, dot) = (px(input, 2.0), px(input, 5.0) as i32);
    for c in &opt.curves {
        let color = PALETTE[c.index % PALETTE.len()];
        chart.draw_series(LineSeries::new(c.points.iter().copied(), color.stroke_width(w))).map_err(err)?;
        chart.draw_series([Circle::new(c.before, dot as u32, TARGET.stroke_width(w))]).map_err(err)?;
        chart
            .draw_series([EmptyElement::at(c.after) + Rectangle::new([(-dot, -dot), (dot, dot)], color.filled())])
            .map_err(err)?;
    }
    Ok(())
}

/// The monthly GMV of every pinned plan, one line each.
pub fn compare<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    if input.compare.is_empty() {
        return message(
            area,
            input,
            "加入要对比的方案后，这里显示各方案的月度GMV",
            "Pin plans to compare their monthly GMV",
        );
    }
    let items: Vec<_> = input
        .compare
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.clone(), PALETTE[i % PALETTE.len()], Swatch::Line))
        .collect();
    let rest = legend(area, &items, input)?;
    let ymax = input.compare.iter().flat_map(|p| p.monthly_gmv).fold(0.0, f64::max);
    let lang = input.lang;
    let step = super::month_step(&rest, input, 64.0);
    let mut chart = cartesian(&rest, input, 64.0, -0.5..11.5, 0.0..y_top(ymax))?;
    let month = |x: &f64| super::month_tick(*x, step, lang);
    mesh(&mut chart, input, Grid::Rows, (12, 6), &month, &|y| super::axis_money(*y, lang))?;
    let w = px(input, 2.0);
    for (i, p) in input.compare.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let points = p.monthly_gmv.iter().enumerate().map(|(m, &g)| (m as f64, g));
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(w)).point_size(px(input, 3.0)))
            .map_err(err)?;
    }
    Ok(())
}

/// The sentence a screen reader hears for a chart of this module.
pub fn describe(kind: super::ChartKind, input: &ChartInput) -> String {
    let zh = input.lang == Lang::Zh;
    let m = |x: f64| format::money(x, input.lang);
    match kind {
        super::ChartKind::Curves => {
            match input.optimum {
                Some(o) => {
                    let moves: Vec<String> = o
                        .curves
                        .iter()
                        .map(|c| format!("{} {} → {}", line_name(input, c.index), m(c.before.0), m(c.after.0)))
                        .collect();
                    if zh {
                        format!(
                            "各投放项预算与其带来的目标值的响应曲线；圆点为当前预算，方块为最优预算：{}。",
                            moves.join("；")
                        )
                    } else {
                        format!("Response curves of each traffic line; circles are today's budgets, squares the optimum: {}.", moves.join("; "))
                    }
                }
                None => (if zh { "尚未运行预算优化。" } else { "The optimiser has not run yet." }).to_string(),
            }
        }
        _ if input.compare.is_empty() => (if zh { "尚未加入对比方案。" } else { "No plans pinned yet." }).to_string(),
        _ => {
            let names: Vec<String> =
                input.compare.iter().map(|p| format!("{} {}", p.name, m(p.monthly_gmv.iter().sum()))).collect();
            if zh {
                format!("{}个方案的月度GMV折线图，全年合计：{}。", input.compare.len(), names.join("；"))
            } else {
                format!("Monthly GMV of {} plans; year totals: {}.", input.compare.len(), names.join("; "))
            }
        }
    }
}

/// A chart of this module's data as a table.
pub fn table(kind: super::ChartKind, input: &ChartInput) -> Table {
    let zh = input.lang == Lang::Zh;
    let m = |x: f64| format::money(x, input.lang);
    let h = |zh_s: &str, en_s: &str| if zh { zh_s.to_string() } else { en_s.to_string() };
    match kind {
        super::ChartKind::Curves => {
            let headers = vec![
                h("投放项", "Line"),
                h("当前预算", "Budget today"),
                h("当前值", "Value today"),
                h("最优预算", "Optimal budget"),
                h("最优值", "Optimal value"),
            ];
            let rows = input
                .optimum
                .map(|o| {
                    o.curves
                        .iter()
                        .map(|c| {
                            vec![line_name(input, c.index), m(c.before.0), m(c.before.1), m(c.after.0), m(c.after.1)]
                        })
                        .collect()
                })
                .unwrap_or_default();
            Table { headers, rows }
        }
        _ => {
            let mut headers = vec![h("月份", "Month")];
            headers.extend(input.compare.iter().map(|p| p.name.clone()));
            let rows = (0..12)
                .map(|i| {
                    let mut row = vec![month_label(i, input.lang)];
                    row.extend(input.compare.iter().map(|p| m(p.monthly_gmv[i])));
                    row
                })
                .collect();
            Table { headers, rows }
        }
    }
}
