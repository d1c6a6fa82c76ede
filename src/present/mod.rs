//! Presentation: how numbers read (`format`: 万/亿, percentages, dates), the UI's words in zh-CN and en
//! (`i18n`), and the files a plan is exported to (`export`). Pure functions of the model's values; nothing
//! here changes a scenario.

pub mod export;
pub mod format;
pub mod i18n;
