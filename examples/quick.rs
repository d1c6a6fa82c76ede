fn main() {
    let sc = sandtable::model::Scenario::default();
    let r = sandtable::model::simulate(&sc).unwrap();
    let y = r.year;
    println!("gmv {:.3} paid_roi {:?} repeat {:?} nm {:?}", y.gmv, y.paid_roi, y.repeat_share, y.net_margin);
    for t in &r.targets { println!("{:?}", t); }
    for w in &r.warnings { println!("{:?}", w.message); }
}
