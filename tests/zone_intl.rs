//! The browser's filler of zone rules (`src/zone_intl.rs`), in headless Chromium and
//! Firefox: tables built from the browser's own `Intl` data give the times of issue #15, an
//! unknown name is refused without an exception, and building a table stays cheap.

use cdr_core::time::{
    format_ms, format_ms_with_offset, parse_input, preset_range, Preset, Weekday,
};
use cdr_core::zone::{Zone, ZoneSpec};
use cdr_explorer::zone_intl::{
    is_known_zone, local_zone, local_zone_name, named_zone, zone_choices_at, zone_for,
    zone_from_setting,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const JULY: i64 = 1_719_835_200_000; // 2024-07-01T12:00:00Z
const JANUARY: i64 = 1_705_320_000_000; // 2024-01-15T12:00:00Z

fn named(name: &str) -> Zone {
    named_zone(name).unwrap_or_else(|| panic!("Chromium knows {name}"))
}

#[wasm_bindgen_test]
fn new_york_from_intl_has_daylight_saving() {
    let z = named("America/New_York");
    assert_eq!(
        format_ms_with_offset(JULY, &z),
        "2024-07-01 08:00:00 -04:00"
    );
    assert_eq!(
        format_ms_with_offset(JANUARY, &z),
        "2024-01-15 07:00:00 -05:00"
    );
    assert_eq!(parse_input("2024-07-01T08:00", &z), Some(JULY));
    let now = 1_730_732_400_000; // 2024-11-04T10:00-05:00
    assert_eq!(
        preset_range(Preset::Yesterday, now, &z, Weekday::Monday),
        (1_730_606_400_000, 1_730_696_400_000)
    );
}

#[wasm_bindgen_test]
fn half_hour_zones_from_intl() {
    let z = named("Australia/Lord_Howe");
    assert_eq!(format_ms(JULY, &z), "2024-07-01 22:30:00");
    assert_eq!(format_ms(JANUARY, &z), "2024-01-15 23:00:00");
    let kathmandu = named("Asia/Kathmandu");
    assert_eq!(
        format_ms_with_offset(JULY, &kathmandu),
        "2024-07-01 17:45:00 +05:45"
    );
}

#[wasm_bindgen_test]
fn unknown_names_are_refused_quietly() {
    assert!(!is_known_zone("Mars/Olympus"));
    assert!(named_zone("Mars/Olympus").is_none());
    assert!(is_known_zone("Asia/Shanghai"));
    // A bad setting falls back to the browser's own zone.
    let fallback = zone_from_setting("+1é1");
    assert_eq!(Some(fallback.name()), local_zone_name());
}

#[wasm_bindgen_test]
fn the_browsers_own_zone_has_a_name_and_rules() {
    let name = local_zone_name().expect("Chromium names its zone");
    let local = local_zone();
    assert_eq!(local.name(), name);
    // Run with TZ=America/New_York to see "local" keep daylight saving (issue #15, item 1).
    if name == "America/New_York" {
        assert_eq!(
            format_ms_with_offset(JULY, &local),
            "2024-07-01 08:00:00 -04:00"
        );
        assert_eq!(
            format_ms_with_offset(JANUARY, &local),
            "2024-01-15 07:00:00 -05:00"
        );
    }
    assert_eq!(zone_for(&ZoneSpec::Local), Some(local));
}

/// Figures for the report: how long one table (2000 to 2100) takes in this browser, the
/// fastest of three runs (the page builds one per zone chosen, once).
#[wasm_bindgen_test]
fn building_tables_is_cheap_enough() {
    let fastest = |f: &dyn Fn()| {
        (0..3)
            .map(|_| {
                let started = js_sys::Date::now();
                f();
                js_sys::Date::now() - started
            })
            .fold(f64::INFINITY, f64::min)
    };
    let named_ms = fastest(&|| drop(named("America/New_York")));
    let local_ms = fastest(&|| drop(local_zone()));
    let list_ms = fastest(&|| drop(zone_choices_at(JULY)));
    let list = zone_choices_at(JULY);
    web_sys::console::log_1(
        &format!(
            "zone table: America/New_York {named_ms:.0} ms, local ({}) {local_ms:.0} ms; picker list of {} zones {list_ms:.0} ms",
            local_zone_name().unwrap_or_default(),
            list.len()
        )
        .into(),
    );
    // Every zone the browser lists gives its offset.
    let supported = js_sys::Intl::supported_values_of(js_sys::Intl::SupportedValuesKey::TimeZone);
    assert_eq!(list.len() as u32, supported.length());
    assert!(list.len() > 300, "{}", list.len());
    assert!(list
        .iter()
        .any(|c| c.label() == "America/New_York (UTC-04:00)"));
    assert!(named_ms < 2_000.0, "{named_ms} ms");
}
