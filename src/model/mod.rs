//! The simulation engine and the scenario format: pure Rust, no browser code (MODEL.md is its contract).
//! `scenario` holds the types, `parse` reads JSON (and migrates schema 1), `validate` checks every rule,
//! `inputs` and `kpi` declare each input and KPI once, `response` is a traffic line's response curve,
//! `engine` simulates, `results`, `targets` and
//! `tracking` (plan against actuals) hold what comes out.

pub mod calendar;
pub mod engine;
pub mod grouped;
pub mod inputs;
pub mod kpi;
pub mod parse;
pub mod response;
pub mod results;
pub mod scenario;
pub mod targets;
pub mod tracking;
pub mod validate;

pub use engine::{simulate, Simulator};
pub use parse::{parse_scenario, parse_unchecked};
pub use results::{Kpis, Results, Status};
pub use scenario::{Pacing, Scenario, SpendKind};
pub use validate::{validate, FieldError, Problem, ScenarioError};
