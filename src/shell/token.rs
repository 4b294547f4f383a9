//! The access token store: the bearer token in this page's memory, whether the user opted in
//! to keep it in this tab (`sessionStorage`), and whether the token dialog is open. The
//! token is never put in the URL, `localStorage` or a log line.

use leptos::prelude::*;

/// Key under which "Remember in this tab" keeps the token.
const TOKEN_SESSION_KEY: &str = "cdr-explorer.token";

/// The token store. Copy handles only.
#[derive(Clone, Copy)]
pub struct TokenStore {
    token: RwSignal<Option<String>>,
    remember: RwSignal<bool>,
    dialog_open: RwSignal<bool>,
}

impl TokenStore {
    /// The store, holding `configured` (from `config.json`) or else a token this tab was
    /// asked to remember.
    pub fn new(configured: Option<String>) -> TokenStore {
        let stored = session_storage()
            .and_then(|s| s.get_item(TOKEN_SESSION_KEY).ok().flatten())
            .filter(|t| !t.is_empty());
        let remember = stored.is_some();
        TokenStore {
            token: RwSignal::new(configured.or(stored)),
            remember: RwSignal::new(remember),
            dialog_open: RwSignal::new(false),
        }
    }

    /// The token for the next request, if any (untracked: read when a request leaves).
    pub fn current(&self) -> Option<String> {
        self.token.get_untracked()
    }

    /// The token (tracked): a load paused by a 401 resumes when it changes.
    pub fn current_tracked(&self) -> Option<String> {
        self.token.get()
    }

    /// Whether the user opted in to keep the token in this tab.
    pub fn remembers(&self) -> bool {
        self.remember.get_untracked()
    }

    /// Keeps a token (trimmed; empty forgets it). Only `remember` (the user's explicit
    /// opt-in) keeps it beyond this page's memory, in this tab's `sessionStorage`.
    pub fn set(&self, token: &str, remember: bool) {
        let token = token.trim().to_string();
        if let Some(storage) = session_storage() {
            let _ = if remember && !token.is_empty() {
                storage.set_item(TOKEN_SESSION_KEY, &token)
            } else {
                storage.remove_item(TOKEN_SESSION_KEY)
            };
        }
        self.remember.set(remember);
        self.token.set((!token.is_empty()).then_some(token));
        self.dialog_open.set(false);
    }

    /// Whether the dialog is open (tracked).
    pub fn dialog_is_open(&self) -> bool {
        self.dialog_open.get()
    }

    /// Opens the token dialog.
    pub fn open_dialog(&self) {
        self.dialog_open.set(true);
    }

    /// Closes the token dialog without changing the token.
    pub fn close_dialog(&self) {
        self.dialog_open.set(false);
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}
