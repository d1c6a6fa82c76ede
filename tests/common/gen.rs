//! Proptest strategies of valid scenarios, shared by the property tests.

use proptest::prelude::*;
use sandtable::model::scenario::*;

/// Maybe a value (one time in two).
fn maybe<S: Strategy>(s: S) -> impl Strategy<Value = Option<S::Value>> {
    prop::option::of(s)
}

/// A 90% range around `x` for a log-normal input, or a logit-normal one when `unit`.
fn range_around(x: f64, unit: bool) -> Vec<f64> {
    if unit {
        vec![(x * 0.8).max(1e-4), (x * 1.2).min(0.999).max(x * 0.8 + 1e-4)]
    } else {
        vec![(x * 0.8).max(1e-6), x.max(1e-6) * 1.25]
    }
}

pub fn channel() -> impl Strategy<Value = Channel> {
    (
        (0.0..1e8f64, 0.001..=1.0f64, 1.0..2000.0f64, 0.0..0.3f64, 0.0..0.5f64),
        (maybe(0.001..=1.0f64), maybe(0.2..5.0f64), maybe(0.0..1.0f64), maybe(0.0..1e9f64), any::<bool>()),
    )
        .prop_map(|((uv, cvr, aov, take, rr), (cvr_end, trend, base, target, ranged))| {
            let mut c = Channel {
                name: "c".into(),
                organic_uv: uv,
                cvr,
                aov,
                take_rate: take,
                return_rate: rr,
                cvr_end,
                uv_trend: trend,
                base_share: base,
                gmv_target: target,
                ..Channel::default()
            };
            if ranged {
                c.ranges.insert("aov".into(), range_around(aov, false));
                c.ranges.insert("cvr".into(), range_around(cvr.min(0.9), true));
            }
            c
        })
}

pub fn event() -> impl Strategy<Value = Event> {
    (1u32..=12, 1u32..=28, 0u32..45, 0.0..10.0f64, 0.0..3.0f64, 0.0..0.9f64).prop_map(|(m, d, len, tu, cu, disc)| {
        let end_doy = (sandtable::model::calendar::day_of_year(2001, m, d) + len as usize).min(364);
        let (em, ed) = sandtable::model::calendar::month_day(2001, end_doy);
        Event {
            name: "e".into(),
            start: format!("{m:02}-{d:02}"),
            end: format!("{em:02}-{ed:02}"),
            traffic_uplift: tu,
            cvr_uplift: cu,
            discount: disc,
            gmv_target: (m % 2 == 0).then_some(1e7 * f64::from(d)),
            ..Event::default()
        }
    })
}

pub fn line() -> impl Strategy<Value = SpendLine> {
    (
        any::<bool>(),
        0.0..2e8f64,
        0u8..3,
        prop::collection::vec(0.0..2.0f64, 12),
        0.05..5.0f64,
        1e5..1e8f64,
        prop::collection::vec(0.0..1.0f64, 4),
    )
        .prop_map(|(traffic, budget, p, monthly, cpc, hs, split)| SpendLine {
            name: "l".into(),
            budget,
            pacing: match p {
                0 => Pacing::Even,
                1 => Pacing::Seasonal,
                _ => Pacing::Monthly(
                    monthly.iter().enumerate().map(|(i, x)| if i == 0 { x + 0.01 } else { *x }).collect(),
                ),
            },
            kind: if traffic { SpendKind::Traffic } else { SpendKind::Fixed },
            cpc: Some(cpc),
            half_saturation: Some(hs),
            split: Some(split),
            min_budget: (p == 1).then_some(budget * 0.5),
            max_budget: (p == 1).then_some(budget * 2.0),
            locked: p == 2,
            ..SpendLine::default()
        })
}

prop_compose! {
    pub fn scenario()(
        year in 2000i32..=2100,
        channels in prop::collection::vec(channel(), 1..=4),
        events in prop::collection::vec(event(), 0..=3),
        lines in prop::collection::vec(line(), 0..=4),
        season in prop::collection::vec(0.0..5.0f64, 12),
        base in 0.0..1e7f64,
        bopy in 0.0..5.0f64,
        incs in prop::collection::vec(0.0..0.5f64, 4),
        raf in 0.0..2.0f64,
        gm in 0.0..0.9f64,
        fpo in 0.0..30.0f64,
        fixed in 0.0..1e9f64,
        gmv in 1e6..1e10f64,
        last in 0.0..1e10f64,
        split in prop::collection::vec(0.0..1.0f64, 4),
    ) -> Scenario {
        let nc = channels.len();
        let mut season = season;
        season[0] += 0.1;
        let mut split = split;
        split[0] += 0.01;
        let mut curve = Vec::new();
        let mut acc = 0.0;
        for x in incs { acc += x; curve.push(acc); }
        let lines = lines.into_iter().map(|mut l| {
            if let Some(s) = l.split.as_mut() { s.truncate(nc); s[0] += 0.01; }
            l
        }).collect();
        // `base_share` is all or nothing across the channels in plans people make; half the time drop it.
        let mut channels = channels;
        if channels.iter().any(|c| c.base_share.is_none()) {
            channels.iter_mut().for_each(|c| c.base_share = None);
        }
        Scenario {
            schema: 2,
            name: "generated".into(),
            year,
            last_year_gmv: last,
            targets: Targets { gmv, net_margin: 0.08, paid_roi: 4.0, max_return_rate: 0.06, repeat_share: 0.4,
                quarter_split: split, alert_threshold: 0.03,
                kpis: if year % 2 == 0 { [("cpa".to_string(), 50.0), ("net_profit".to_string(), -1e6)].into() } else { Default::default() } },
            seasonality: season,
            events: events.into_iter().map(|mut e| {
                // Feb 29 does not exist in every year: generated dates stay off it.
                if e.start == "02-29" { e.start = "02-28".into(); }
                if e.end == "02-29" { e.end = "03-01".into(); }
                e
            }).collect(),
            channels,
            spend_lines: lines,
            customers: Customers { existing_base: base, base_orders_per_year: bopy, repeat_curve: curve, repeat_aov_factor: raf,
                ..Customers::default() },
            costs: Costs { gross_margin: gm, fulfillment_per_order: fpo, fixed_costs: fixed, ..Costs::default() },
            uncertainty: (year % 3 == 0).then(|| Uncertainty { trials: 2000.0, seed: f64::from(year as u32), correlation: 0.3 }),
            actuals: None,
            notes: Default::default(),
        }
    }
}
