//! A blank start (issue 23, 新建方案): the blank plan is valid, has one channel and nothing else to explain, and
//! starts on its own target.

use sandtable::edit::blank_plan;
use sandtable::model::{simulate, validate};

#[test]
fn the_blank_plan_is_one_channel_valid_and_on_its_own_target() {
    for (name, channel) in [("新方案", "渠道 1"), ("New plan", "Channel 1")] {
        let sc = blank_plan(name, channel);
        assert!(validate(&sc).is_empty(), "{:?}", validate(&sc));
        assert_eq!((sc.name.as_str(), sc.channels.len(), sc.channels[0].name.as_str()), (name, 1, channel));
        assert!(
            sc.events.is_empty() && sc.spend_lines.is_empty() && sc.actuals.is_none() && sc.targets.kpis.is_empty()
        );
        assert!(sc.channels[0].ranges.is_empty() && sc.customers.ranges.is_empty() && sc.uncertainty.is_none());
        let r = simulate(&sc).unwrap();
        let gmv = r.target("gmv").unwrap();
        assert!((gmv.value.unwrap() / sc.targets.gmv - 1.0).abs() < 0.05, "{gmv:?}");
        // No existing customers: every order is a new customer's or a repeat of this year's.
        assert_eq!(sc.customers.existing_base, 0.0);
        assert!(r.year.gmv > 0.0);
    }
}
