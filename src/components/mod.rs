//! The views. Each reads the [`crate::state::Explorer`] from context and holds no logic that
//! could live in `cdr-core`.

mod detail;
mod query_form;
mod results;
mod token_dialog;

pub use detail::DetailPanel;
pub use query_form::QueryFormView;
pub use results::ResultsView;
pub use token_dialog::TokenDialog;
