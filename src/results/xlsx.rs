//! The Excel export button: the whole filtered, sorted result as a typed `.xlsx` workbook
//! (`cdr_core::xlsx`: the cells are made here, from the same inputs as the CSV).
//!
//! The writer (rust_xlsxwriter and its zip code) is the largest code in the app and is used
//! only when someone asks for a workbook, so in release builds it is a third wasm file:
//! [`write`] is a split point (`xlsx`, like [`crate::split`]'s `results`), fetched on the
//! first click and kept for later ones. The button says it is busy while the file loads and
//! the workbook is written, and says so in words when the file cannot be fetched.

use cdr_core::xlsx::ExcelExport;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::Table;
use crate::shell::Settings;
use crate::text::{results, ResultsText};

/// Why the Excel writer's code could not be fetched (the network, a lost file).
type LoadError = wasm_split_helpers::SplitLoaderError;

/// What went wrong while writing, as the button's message says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failure {
    /// The writer's code could not be fetched.
    NotLoaded,
    /// More rows than one sheet holds.
    TooManyRows,
    /// Anything else rust_xlsxwriter refused.
    Other,
    /// The browser refused the download.
    Download,
}

impl Failure {
    fn text(self, t: &ResultsText) -> &'static str {
        match self {
            Failure::NotLoaded => t.xlsx_not_loaded,
            Failure::TooManyRows => t.xlsx_too_many_rows,
            Failure::Other | Failure::Download => t.xlsx_failed,
        }
    }
}

/// Writes the workbook. In split builds this is the split point: rust_xlsxwriter and
/// everything only it reaches sit in their own wasm file (`split_xlsx-<hash>.wasm`), which the
/// first call fetches.
#[cfg(cdr_split)]
#[wasm_split_helpers::wasm_split(xlsx, fallible)]
fn write(book: ExcelExport) -> Result<Result<Vec<u8>, Failure>, LoadError> {
    Ok(write_now(&book))
}

/// The same, compiled in (tests, `trunk serve`).
#[cfg(not(cdr_split))]
async fn write(book: ExcelExport) -> Result<Result<Vec<u8>, Failure>, LoadError> {
    Ok(write_now(&book))
}

fn write_now(book: &ExcelExport) -> Result<Vec<u8>, Failure> {
    cdr_core::xlsx::write_workbook(book).map_err(|e| match e {
        cdr_core::xlsx::XlsxError::RowColumnLimitError => Failure::TooManyRows,
        _ => Failure::Other,
    })
}

/// Offers bytes as a file download; false when the browser refused.
fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Ok(anchor) = document
        .create_element("a")
        .map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    else {
        return false;
    };
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    true
}

/// The MIME type of an `.xlsx` file (ECMA-376, as IANA registers it).
const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The "Excel (.xlsx)" button beside "Export CSV". `note` gives the partial-load warning at
/// the moment of the click (the first sheet's first row, as the toolbar shows it).
#[component]
pub fn ExcelButton(note: Callback<(), Option<String>>) -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<Failure>);
    let click = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Some((name, book)) = table.excel_export(note.run(())) else {
            return;
        };
        busy.set(true);
        failed.set(None);
        spawn_local(async move {
            let outcome = match write(book).await {
                Err(_) => Err(Failure::NotLoaded),
                Ok(Err(f)) => Err(f),
                Ok(Ok(bytes)) => {
                    if download_bytes(&name, XLSX_MIME, &bytes) {
                        Ok(())
                    } else {
                        Err(Failure::Download)
                    }
                }
            };
            busy.set(false);
            failed.set(outcome.err());
        });
    };
    view! {
        <button
            type="button"
            id="export-xlsx"
            aria-busy=move || if busy.get() { "true" } else { "false" }
            aria-disabled=move || if busy.get() { "true" } else { "false" }
            on:click=click
        >
            {move || {
                let t = results(settings.locale());
                if busy.get() { t.export_xlsx_busy } else { t.export_xlsx }
            }}
        </button>
        {move || {
            failed
                .get()
                .map(|f| {
                    view! {
                        <p class="note error" id="export-xlsx-error" role="alert">
                            {move || f.text(results(settings.locale()))}
                        </p>
                    }
                })
        }}
    }
}
