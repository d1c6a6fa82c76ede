//! The simulation engine and the scenario format: pure Rust, no browser code (MODEL.md is its contract).

pub mod calendar;
pub mod engine;
pub mod results;
pub mod scenario;
pub mod targets;
pub mod validate;

pub use engine::{simulate, Simulator};
pub use results::{Kpis, Results, Status};
pub use scenario::{Pacing, Scenario, SpendKind};
pub use validate::{parse_scenario, validate, FieldError, ScenarioError};
