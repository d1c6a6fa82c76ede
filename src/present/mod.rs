//! Presentation: how numbers read (`format`: 万/亿, percentages, dates), the UI's words in zh-CN and en
//! (`i18n`), and the files results are exported to (`export`: the tables and CSV; `workbook`: xlsx). Pure functions of the model's values; nothing
//! here changes a scenario.

pub mod export;
pub mod format;
pub mod i18n;
/// The report for people (the CLI writes it, and the files worker for the page), with the charts as SVG.
pub mod report;
pub mod workbook;
