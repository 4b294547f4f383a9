//! Every reader of text from outside the program, fed arbitrary text: `config.json`, the
//! address bar's query string, this browser's storage (columns, saved searches, the
//! language, the zone picked), the Begin/End fields, the zone setting, the browser's offset
//! text, the API's answer and the simulator's request body. None may panic (a panic
//! kills the page); a refused setting says which key and value. The same readers have
//! cargo-fuzz targets in `core/fuzz/`.

use cdr_core::columns::columns_from_json;
use cdr_core::config::AppConfig;
use cdr_core::outcome::{body_text, interpret, plain_excerpt, EXCERPT_CHARS};
use cdr_core::saved::SavedSearches;
use cdr_core::share::{form_from_params, percent_decode};
use cdr_core::time::{parse_input, parse_input_resolved, Weekday};
use cdr_core::validate::validate;
use cdr_core::zone::{offset_from_gmt_text, Zone, ZoneRules, ZoneSpec};
use cdr_core::{Locale, Query};
use proptest::prelude::*;

/// UTC, the largest fixed offset and a zone with a gap and a fold (New York's 2024).
fn zones() -> [Zone; 3] {
    let named = ZoneRules::from_changes(
        "Test/Zone",
        -5 * 3600,
        &[
            (1_710_054_000_000, -4 * 3600),
            (1_730_613_600_000, -5 * 3600),
        ],
    )
    .map(Zone::named)
    .unwrap_or_default();
    [
        Zone::Utc,
        Zone::from_offset(-840).unwrap_or_default(),
        named,
    ]
}

/// Text that is mostly a setting's shape with multi-byte characters where bytes were
/// counted before: the family of `"+1é1"`.
fn offsetish() -> impl Strategy<Value = String> {
    "(UTC|gmt|utc)? ?[+\\-]?[0-9é日٣:\\u{1F600}\\- ]{0,7}"
}

/// A `datetime-local` value's shape with wrong lengths, signs and characters.
fn dateish() -> impl Strategy<Value = String> {
    "[0-9]{0,8}-[0-9é]{0,3}-[0-9]{0,3}[Tt é][0-9]{0,3}:[0-9٣]{0,3}(:[0-9]{0,3})?(\\.[0-9é]{0,4})?"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn zone_settings_never_panic_and_say_why(s in prop_oneof![offsetish(), "\\PC{0,12}", ".{0,3}"]) {
        match ZoneSpec::parse(&s) {
            Ok(spec) => prop_assert_eq!(ZoneSpec::parse(&spec.setting()), Ok(spec)),
            Err(e) => prop_assert!(!e.message().is_empty()),
        }
    }

    #[test]
    fn a_refused_zone_or_week_start_is_named_in_the_banner(
        zone in prop_oneof![offsetish(), "\\PC{0,12}"],
        week in "\\PC{0,8}",
    ) {
        let text = serde_json::json!({ "timeZone": zone, "weekStart": week }).to_string();
        let (config, problems) = AppConfig::parse(&text)
            .map_err(|p| TestCaseError::fail(p.message(Locale::En)))?;
        // Named in the banner in both languages.
        let warnings: Vec<String> = [Locale::En, Locale::ZhCn]
            .into_iter()
            .flat_map(|l| problems.iter().map(move |p| p.message(l)))
            .collect();
        prop_assert!(ZoneSpec::parse(&config.time_zone).is_ok());
        if ZoneSpec::parse(&zone).is_err() {
            prop_assert_eq!(config.time_zone.as_str(), "local");
            let named = format!("timeZone \"{zone}\"");
            prop_assert_eq!(warnings.iter().filter(|w| w.contains(&named)).count(), 2, "{:?}", warnings);
        }
        if Weekday::parse(&week).is_none() {
            prop_assert_eq!(config.week_start(), Weekday::Monday);
            let named = format!("weekStart \"{week}\"");
            prop_assert_eq!(warnings.iter().filter(|w| w.contains(&named)).count(), 2, "{:?}", warnings);
        }
    }

    #[test]
    fn config_files_never_panic(text in prop_oneof!["\\PC{0,80}", "\\{\"[a-zA-Z]{0,14}\": ?(\"\\PC{0,10}\"|[0-9]{1,12}|true|null|\\[\\])\\}"]) {
        let _ = AppConfig::parse(&text);
    }

    #[test]
    fn links_never_panic(text in prop_oneof!["\\PC{0,80}", "\\??(begin|end|vdn|callId)=[%0-9A-Fa-fé+&=]{0,20}"]) {
        let _ = percent_decode(&text);
        for zone in zones() {
            if let Some(form) = form_from_params(&text, &zone) {
                let _ = validate(&form, &zone);
            }
        }
    }

    #[test]
    fn stored_values_never_panic(text in prop_oneof!["\\PC{0,60}", "\\[(\"[a-zA-Z]{0,8}\",?){0,4}\\]", "\\{\"(named|recent)\":\\[\\PC{0,30}\\]\\}"]) {
        let _ = columns_from_json(&text);
        let saved = SavedSearches::from_json(&text);
        prop_assert_eq!(SavedSearches::from_json(&saved.to_json()), saved);
        let _ = Locale::from_tag(&text);
    }

    #[test]
    fn date_fields_never_panic(text in prop_oneof![dateish(), "\\PC{0,24}"]) {
        for zone in zones() {
            let resolved = parse_input_resolved(&text, &zone);
            prop_assert_eq!(parse_input(&text, &zone), resolved.map(|r| r.utc_ms));
        }
    }

    #[test]
    fn browser_offset_text_never_panics(text in prop_oneof!["[0-9/, ]{0,10}GMT[+\\-−]?[0-9:é]{0,9}", "\\PC{0,30}"]) {
        if let Some(offset) = offset_from_gmt_text(&text) {
            prop_assert!(offset.abs() <= 26 * 3600);
        }
    }

    #[test]
    fn answers_never_panic(
        status in prop::sample::select(vec![200u16, 204, 400, 401, 404, 500, 502, 503]),
        body in prop_oneof!["\\PC{0,120}", "<(script|style|p)>\\PC{0,40}(</(script|STYLE)>)?\\PC{0,40}"],
        bytes in prop::collection::vec(any::<u8>(), 0..60),
    ) {
        prop_assert!(plain_excerpt(&body).chars().count() <= EXCERPT_CHARS + 1);
        if let Err(failure) = interpret(status, &body) {
            prop_assert!(!failure.message(Locale::En).is_empty());
        }
        let _ = interpret(status, &body_text(bytes));
    }

    #[test]
    fn request_bodies_never_panic(text in "\\PC{0,80}") {
        let _ = Query::from_json(&text);
    }
}

#[test]
fn the_crash_of_issue_15_is_a_warning() {
    // "+1é1" is four characters, five bytes; the old reader split it at byte 2, inside 'é'.
    assert!(ZoneSpec::parse("+1é1").is_err());
    let (config, warnings) = AppConfig::parse(r#"{"timeZone": "+1é1"}"#).expect("valid JSON");
    assert_eq!(config.time_zone, "local");
    let shown: Vec<String> = warnings.iter().map(|w| w.message(Locale::En)).collect();
    assert_eq!(
        shown,
        [
            "config.json: timeZone \"+1é1\" is not an offset like \"+08:00\" or \"-05:30\"; using local time"
        ]
    );
    // The banner in Chinese names the key and the value too.
    assert!(warnings[0]
        .message(Locale::ZhCn)
        .contains("timeZone \"+1é1\""));
}

#[test]
fn html_excerpts_skip_scripts_whatever_the_characters() {
    let body = "<p>網關錯誤</p><SCRIPT>var x = '<é>';</script>\u{1F600} 502 <style>p{}</STYLE>end";
    assert_eq!(plain_excerpt(body), "網關錯誤 \u{1F600} 502 end");
    // An unclosed script drops its tag only; an unclosed tag drops the rest.
    assert_eq!(plain_excerpt("a<script>b é"), "a b é");
    assert_eq!(plain_excerpt("a <b"), "a");
}
