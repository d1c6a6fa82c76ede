//! The analyses built on the engine (MODEL.md §6–§9): Monte Carlo on the plan's ranges, the sensitivity
//! tornado, and their seeded random numbers. Pure Rust like the model: the command line, the tests and (in a
//! worker) the browser run the same code.

pub mod compare;
pub mod goalseek;
pub mod montecarlo;
pub mod optimise;
pub mod random;
pub mod sensitivity;
pub mod wire;
