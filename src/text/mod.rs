//! Every string the app's own views show: one catalogue per locale ([`en`], [`zh_cn`]), each
//! in two sections by the room that shows them: [`ShellText`] (the first load: header, form,
//! status, token dialog) and [`ResultsText`] (the result views, which load after the form,
//! so their strings travel with them). Code labels and validation and failure messages come
//! from `cdr-core`.
//!
//! Checked when the app compiles: a locale that lacks a key does not compile (struct
//! fields), and a text with placeholders (`{page}`) must use exactly the names its
//! declaration lists (a `const` check per locale); callers fill them through a typed method
//! (`t.page_of(&page, &pages)`), so a wrong argument count does not compile either.

use std::fmt::Display;

use cdr_core::Locale;
use leptos::prelude::{Get, Memo};

pub mod en;
pub mod zh_cn;

/// Declares a section of the catalogue: plain texts, then texts with `{placeholders}`. For
/// each of the latter it adds a method of the same name that fills them, and `check` fails
/// the build when a locale's text uses other placeholders than the declared ones.
macro_rules! section {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$pmeta:meta])* $plain:ident $(if $cfg:meta)?, )*
        }
        templates {
            $( $(#[$tmeta:meta])* $template:ident ( $($arg:ident),+ ), )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$pmeta])* $(#[cfg($cfg)])? pub $plain: &'static str, )*
            $( $(#[$tmeta])* pub(in crate::text) $template: &'static str, )*
        }

        impl $name {
            /// Panics (at compile time, called from a `const`) when a text's placeholders
            /// differ from its declaration.
            pub const fn check(&self) {
                $(
                    $(#[cfg($cfg)])?
                    if !placeholders_are(self.$plain, &[]) {
                        panic!(concat!("the text `", stringify!($plain), "` must have no placeholders"));
                    }
                )*
                $(
                    if !placeholders_are(self.$template, &[$(stringify!($arg)),+]) {
                        panic!(concat!(
                            "the text `", stringify!($template),
                            "` must use exactly the placeholders ", stringify!($($arg)+)
                        ));
                    }
                )*
            }

            $(
                $(#[$tmeta])*
                pub fn $template(&self, $($arg: &dyn Display),+) -> String {
                    fill(self.$template, &[$((stringify!($arg), $arg)),+])
                }
            )*
        }
    };
}

section! {
    /// The texts of the first load: header, form, status line, token dialog, banners.
    pub struct ShellText {
        app_title,
        app_subtitle,
        /// A part of the page whose code could not be fetched.
        part_not_loaded,
        try_again,
        language,
        sub_cc_no,
        vdn,
        call_id,
        /// Under the Call ID field: it takes a list.
        call_id_hint,
        /// Under the Calling number field: it takes a list (not split on spaces, which a
        /// number may hold).
        caller_no_hint,
        caller_no,
        callee_no,
        begin,
        end,
        call_type,
        media_type,
        satisfaction,
        any,
        time_zone_note,
        preset_today,
        preset_yesterday,
        preset_this_week,
        preset_last_week,
        preset_this_month,
        preset_last_month,
        preset_24h,
        preset_7d,
        presets_label,
        search,
        searching,
        cancel,
        cancelled,
        clear_form,
        form_has_errors,
        empty_state,
        token_button,
        /// The notice a crash leaves on the page (`crate::panic`).
        crash_notice,
        reload,
        /// The demo build's banner: the page shows generated data.
        demo_banner if feature = "demo",
    }
    templates {}
}

section! {
    /// The texts of the result views (table, pager, toolbar, summary, detail, saved
    /// searches), loaded with them.
    pub struct ResultsText {
        /// Above the list of `config.json`'s problems.
        config_problem,
        no_records,
        no_filter_match,
        filter_label,
        filter_placeholder,
        /// The result filters (issue #18, `results::facets`): the region's name, the
        /// "All" chip, a value that is missing, the durations' disclosure and its fields'
        /// ends (seconds), why a range is not applied, and the button that clears them.
        filters_label,
        filter_all,
        filter_not_set,
        filter_durations,
        filter_min,
        filter_max,
        filter_not_a_number,
        filter_negative,
        filter_too_large,
        filter_min_above_max,
        clear_filters,
        rows_per_page,
        previous_page,
        next_page,
        results_caption,
        details_title,
        field,
        raw_value,
        shown_as,
        wait,
        talk,
        duration,
        /// The detail panel's outcome line's name (the line says the rule that decided it).
        outcome,
        copy_call_id,
        copied,
        close,
        not_present,
        export_csv,
        /// The Excel export button, and its text while the workbook is made.
        export_xlsx,
        export_xlsx_busy,
        /// When the Excel export's code could not be fetched (network, a lost file).
        xlsx_not_loaded,
        /// When the result has more rows than one Excel sheet holds.
        xlsx_too_many_rows,
        /// When the workbook could not be written for another reason.
        xlsx_failed,
        copy_link,
        link_copied,
        columns,
        view_label,
        view_table,
        view_summary,
        saved_searches,
        save_name,
        save_search,
        delete,
        recent_searches,
        no_saved,
        summary_satisfaction,
        summary_call_type,
        summary_media_type,
        /// The summary's average wait and its definition (shown as the KPIs' are).
        summary_avg_wait,
        summary_avg_wait_def,
        /// The KPI strip above the charts: its name, each figure's label and definition
        /// (shown on hover and focus; `cdr_core::kpi` has the rules), and "not set".
        kpi_strip,
        kpi_offered,
        kpi_offered_def,
        kpi_answered,
        kpi_answered_def,
        kpi_abandon,
        kpi_abandon_def,
        kpi_abandon_net,
        kpi_service_level,
        kpi_asa,
        kpi_asa_def,
        kpi_longest_wait,
        kpi_longest_wait_def,
        kpi_talk,
        kpi_talk_def,
        kpi_satisfaction,
        kpi_not_set,
        summary_calls,
        summary_share,
        summary_value,
        token_button,
        cancel,
        token_title,
        token_label,
        token_help,
        token_remember,
        token_use,
        /// The zone picker's label and its empty field's hint.
        zone_picker_label,
        zone_picker_placeholder,
        /// The complete-results load: the progress bar's name, its Stop button, a failed
        /// slice's Retry, and the note while a 401 pauses it.
        load_label,
        load_stop,
        retry,
        load_needs_token,
        /// A search of several Call IDs: the progress bar's name.
        ids_label,
        /// The same for several calling numbers.
        nos_label,
        /// The summary's manager charts (`results::charts`): titles, series, the heatmap's
        /// metric switch, axes, wait bands (`|`-separated, `cdr_core::charts`' bands),
        /// weekday names (space-separated, Monday first), the data-table toggle, notes.
        chart_volume_hour,
        chart_volume_day,
        chart_answered,
        chart_abandoned,
        chart_other,
        chart_time,
        chart_sl_hour,
        chart_sl_day,
        chart_sl_base,
        chart_overall,
        chart_heatmap,
        chart_metric,
        chart_metric_volume,
        chart_metric_abandon,
        chart_metric_service,
        chart_weekday,
        chart_weekdays,
        chart_no_calls,
        chart_wait_title,
        chart_wait_title_unset,
        chart_wait_band,
        chart_wait_bands,
        chart_rated,
        chart_satisfied,
        chart_show_table,
        chart_hide_table,
        chart_nothing,
        chart_wait_unset,
        chart_no_rated,
        chart_none_rated,
    }
    templates {
        /// "Page 2 of 7".
        page_of(page, pages),
        /// The service found more calls than it returned.
        total_exceeds(total, returned),
        /// Records of the answer that could not be read.
        skipped_records(skipped),
        /// Under the toolbar when the export cannot hold every call found.
        export_partial(returned, total),
        /// Under the toolbar while a load is partial (loading, stopped, or slices missing).
        export_loaded_partial(loaded, total),
        /// Above the summary's charts.
        summary_of(count),
        /// The result filters: how many parts filter (the region's note beside Clear
        /// filters), and how many values of a list are selected.
        filters_on(count),
        filter_selected(count),
        /// A value list's code that the vendor's tables do not name (call type 9, say).
        filter_unknown_code(code),
        /// After the status line's "Showing 1–20 of N" when the quick filter or the filters
        /// leave N of the `count` records loaded (with its own leading space, if any).
        filtered_from(count),
        /// The accessible name of a saved search's Delete button.
        delete_named(name),
        /// The accessible names of a column's move buttons.
        move_left_of(column),
        move_right_of(column),
        /// Beside Begin/End: the typed time never shows on a clock (spring forward).
        time_skipped(offset),
        /// Beside Begin/End: the typed time shows twice (fall back); the earlier is taken.
        time_repeated(offset),
        /// The progress bar's text while the rest of a capped answer loads.
        loaded_of(loaded, total),
        /// The load ended with every call the service counted.
        all_loaded(count),
        /// The proof under "All … loaded": whole slices whose totals add up.
        load_proof(slices, sum),
        /// The proof when an end-inclusive service counted edge calls in two slices.
        load_proof_edge(slices, sum, edge),
        /// The service's count changed during the load.
        totals_moved(first, now),
        /// The user stopped the load.
        load_cancelled(loaded, total),
        /// `maxRecords` stopped the load.
        load_limit(max, loaded, total),
        /// A slice that failed after its retries.
        slice_failed(range, attempts, reason),
        /// A one-second slice with more calls than the service returns.
        slice_short(range, total, returned),
        /// Beside the summary and the export while the set is partial.
        partial_of(loaded, total),
        /// The progress bar's text while an answer arrives, once its `total` is read.
        received_of(received, total),
        /// The same before `total` is read (it may come after the records).
        received_so_far(received),
        /// Above the failure's own message when an answer's body broke off midway.
        broken_off(received),
        /// A search of several Call IDs: the progress bar's text.
        ids_searched(searched, ids),
        /// Every Call ID answered.
        ids_all_searched(ids, count),
        /// The Call IDs whose answer held no call.
        ids_none_found(count, ids),
        /// A Call ID that failed after its retries.
        id_failed(id, attempts, reason),
        /// Beside the summary, the export and the outcome while not every ID is answered.
        ids_partial(searched, ids),
        /// The Call ID texts above, for a search of several calling numbers.
        nos_searched(searched, ids),
        nos_all_searched(ids, count),
        nos_none_found(count, ids),
        no_failed(id, attempts, reason),
        nos_partial(searched, ids),
        /// A calling number whose answer the service capped (its calls past the cap are
        /// not shown), and the partial note when every number was searched.
        no_capped(id, returned, total),
        nos_capped_partial(count),
        /// KPI definitions that name a setting's value.
        kpi_abandon_net_def(seconds),
        kpi_service_level_def(seconds),
        kpi_satisfaction_def(levels),
        /// The manager charts' one-line summaries and a column's hover text.
        chart_volume_summary(total, answered, abandoned, shorts, other, busiest),
        chart_volume_shorts(short),
        chart_volume_busiest(when, count),
        chart_sl_summary(overall, seconds, low, low_rate, high, high_rate),
        chart_heatmap_busiest(when, count),
        chart_heatmap_abandon(when, rate),
        chart_heatmap_service(when, rate),
        chart_min_base(count),
        chart_wait_summary(high, high_rate, low, low_rate),
        chart_untimed(count),
        chart_bucket_title(when, calls, answered, abandoned, other),
        chart_within(seconds),
        chart_band_value(rate, part, whole),
    }
}

const _: () = en::SHELL.check();
const _: () = en::RESULTS.check();
const _: () = zh_cn::SHELL.check();
const _: () = zh_cn::RESULTS.check();

/// The first load's texts for a locale.
pub fn shell(locale: Locale) -> &'static ShellText {
    match locale {
        Locale::En => &en::SHELL,
        Locale::ZhCn => &zh_cn::SHELL,
    }
}

/// The result views' texts for a locale. Only the result views call this, so split builds
/// load these strings with them.
pub fn results(locale: Locale) -> &'static ResultsText {
    match locale {
        Locale::En => &en::RESULTS,
        Locale::ZhCn => &zh_cn::RESULTS,
    }
}

/// A reactive text of the first load in the current locale, for a view:
/// `tr(locale, |t| t.search)`. Every such text has the same closure type, so the page
/// carries one copy of the code that renders and updates them (a closure per text would be
/// a copy each).
pub fn tr(
    locale: Memo<Locale>,
    pick: fn(&'static ShellText) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(shell(locale.get()))
}

/// [`tr`] for the result views' texts.
pub fn tr_results(
    locale: Memo<Locale>,
    pick: fn(&'static ResultsText) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(results(locale.get()))
}

/// Replaces `{name}` placeholders in a template.
fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// Whether every `{…}` in `text` is one of `names` and every name occurs. `const`, so the
/// catalogue is checked when the app compiles.
const fn placeholders_are(text: &str, names: &[&str]) -> bool {
    let bytes = text.as_bytes();
    // Which names were seen; a text declares few placeholders.
    let mut seen = [false; 8];
    if names.len() > seen.len() {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'}' {
            end += 1;
        }
        if end == bytes.len() {
            return false; // an unclosed brace
        }
        let mut matched = false;
        let mut n = 0;
        while n < names.len() {
            if range_equals(bytes, start, end, names[n].as_bytes()) {
                seen[n] = true;
                matched = true;
            }
            n += 1;
        }
        if !matched {
            return false;
        }
        i = end + 1;
    }
    let mut n = 0;
    while n < names.len() {
        if !seen[n] {
            return false;
        }
        n += 1;
    }
    true
}

/// `bytes[start..end] == name`, in a `const fn`.
const fn range_equals(bytes: &[u8], start: usize, end: usize, name: &[u8]) -> bool {
    if end - start != name.len() {
        return false;
    }
    let mut k = 0;
    while k < name.len() {
        if bytes[start + k] != name[k] {
            return false;
        }
        k += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::placeholders_are;
    use wasm_bindgen_test::wasm_bindgen_test;

    // The crate's tests run under wasm-bindgen's runner, which runs only these.
    #[wasm_bindgen_test]
    fn placeholders_must_match_the_declaration() {
        assert!(placeholders_are(
            "Page {page} of {pages}",
            &["page", "pages"]
        ));
        assert!(placeholders_are(
            "第 {page} 页，共 {pages} 页",
            &["page", "pages"]
        ));
        assert!(!placeholders_are("Page {page}", &["page", "pages"]));
        assert!(!placeholders_are(
            "Page {pgae} of {pages}",
            &["page", "pages"]
        ));
        assert!(!placeholders_are("Page {page", &["page"]));
        assert!(placeholders_are("No braces", &[]));
        assert!(!placeholders_are("A {stray}", &[]));
    }
}
