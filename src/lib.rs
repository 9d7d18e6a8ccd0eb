//! tenant-audit: audits Microsoft 365 / Entra ID tenant exports for what
//! breaks administrator self-service password reset (SSPR).
//!
//! The modules follow the data: [`read`] turns files into rows of text,
//! [`columns`] recognises what each column holds and which parts a table
//! plays, [`build`] joins the rows into one [`model::Tenant`], [`rules`]
//! judges it, and [`report`] writes the workbook, JSON and CSV.

pub mod build;
pub mod catalog;
pub mod columns;
pub mod config;
pub mod diff;
pub mod inspect;
pub mod model;
pub mod phone;
pub mod read;
pub mod report;
pub mod roles;
pub mod rules;
pub mod run;
pub mod source;
pub mod values;
