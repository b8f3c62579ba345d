//! `briefing`: read several outlets' coverage of the same story side by side.
//!
//! Data flows one way: [`ingest`] (files to clean articles) → [`analysis`] (sentences,
//! entities, fingerprints) → [`stories`] (articles grouped by event) → [`index`] (a persisted
//! tantivy library) → [`library`] (the one façade the CLI and TUI call).

pub mod analysis;
pub mod cli;
pub mod export;
pub mod fetch;
pub mod index;
pub mod ingest;
pub mod library;
pub mod model;
pub mod sanitise;
pub mod stories;
pub mod tui;
