//! The views. Each reads the [`crate::state::Explorer`] from context and holds no logic that
//! could live in `cdr-core`.

mod detail;
mod query_form;
mod results;
mod saved;
mod summary;
mod token_dialog;
mod toolbar;

pub use detail::DetailPanel;
pub use query_form::QueryFormView;
pub use results::{ResultDetails, ResultsView};
pub use saved::SavedSearchesPanel;
pub use token_dialog::TokenDialog;
