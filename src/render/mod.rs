//! Renderers: text for terminals, Markdown for pull requests, SARIF for code scanning,
//! JUnit XML for CI test reports, JSON for programs.
//! They format the report types; they compute nothing.

pub mod advice;
pub mod diagnostics;
pub mod diff;
pub mod json;
pub mod junit;
pub mod locate;
pub mod markdown;
pub mod risk;
pub mod sarif;
pub mod suggest;
pub mod text;
pub mod words;
