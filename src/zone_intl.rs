//! The browser's filler of zone rules: `cdr_core::zone` samples an offset function, and this
//! module answers it from the browser's own time-zone data, so the page ships no zone table.
//!
//! - A named zone (`"America/New_York"`): `Intl.DateTimeFormat` with that `timeZone` and
//!   `timeZoneName: "longOffset"` writes the offset of each instant asked about
//!   (`"7/1/2024, GMT-04:00"`), read by [`offset_from_gmt_text`].
//! - `"local"`: the browser's zone, named by `Intl.DateTimeFormat().resolvedOptions()
//!   .timeZone`, with offsets from `Date.prototype.getTimezoneOffset` (the same data, about
//!   a hundred times faster than formatting).
//!
//! A table covers 2000 to 2100 ([`TABLE_FROM_MS`]..[`TABLE_TO_MS`]) and is built once per
//! zone and kept for the page's life. Every call into JavaScript that can throw (an unknown
//! zone is a `RangeError`) goes through `Reflect`/`Function::call`, which return errors.

use std::cell::RefCell;

use cdr_core::zone::{
    offset_from_gmt_text, zone_choices, Zone, ZoneChoice, ZoneRules, ZoneSpec, TABLE_FROM_MS,
    TABLE_TO_MS,
};
use js_sys::Intl::DateTimeFormat;
use js_sys::{Array, Date, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The locale offsets are written in: `"GMT-04:00"`, ASCII digits.
const OFFSET_LOCALE: &str = "en-US-u-nu-latn";

thread_local! {
    /// Zones built so far, by setting: a switch back costs nothing.
    static BUILT: RefCell<Vec<(ZoneSpec, Zone)>> = const { RefCell::new(Vec::new()) };
}

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// `new Intl.DateTimeFormat()`: the browser's defaults. `Intl` is in every browser that
/// runs WebAssembly, and this call takes no argument that could be refused.
fn default_formatter() -> DateTimeFormat {
    DateTimeFormat::new(&Array::new(), &Object::new())
}

/// `new Intl.DateTimeFormat(OFFSET_LOCALE, {timeZone: name, timeZoneName: "longOffset"})`;
/// `None` when the browser does not know the zone (a `RangeError`, caught) or the option.
fn offset_formatter(name: &str) -> Option<JsValue> {
    let options = Object::new();
    Reflect::set(&options, &"timeZone".into(), &name.into()).ok()?;
    Reflect::set(&options, &"timeZoneName".into(), &"longOffset".into()).ok()?;
    let args = Array::of2(&OFFSET_LOCALE.into(), &options);
    Reflect::construct(&default_formatter().constructor(), &args).ok()
}

/// The formatter's bound `format` function: `format(epochMs)` writes the offset.
fn format_function(name: &str) -> Option<Function> {
    get(&offset_formatter(name)?, "format")?.dyn_into().ok()
}

/// Whether the browser knows a zone name (`Intl` accepts it as a `timeZone`).
pub fn is_known_zone(name: &str) -> bool {
    offset_formatter(name).is_some()
}

/// The browser's own zone name, such as `"America/New_York"`, if it says
/// (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
pub fn local_zone_name() -> Option<String> {
    get(&default_formatter().resolved_options(), "timeZone")?.as_string()
}

/// The browser's offset at an instant (epoch ms), seconds east of UTC.
fn local_offset_seconds(ms: i64) -> Option<i32> {
    let minutes = Date::new(&JsValue::from_f64(ms as f64)).get_timezone_offset();
    // getTimezoneOffset is minutes *west*, fractional for offsets with seconds.
    let seconds = (-minutes * 60.0).round_ties_even();
    (seconds.is_finite() && seconds.abs() <= 86_400.0 * 2.0).then_some(seconds as i32)
}

/// A named zone's offset at an instant, through its `format` function.
fn named_offset_seconds(format: &Function, ms: i64) -> Option<i32> {
    let text = format
        .call1(&JsValue::UNDEFINED, &JsValue::from_f64(ms as f64))
        .ok()?
        .as_string()?;
    offset_from_gmt_text(&text)
}

/// The browser's own zone with its rules, named as the browser names it (`"local"` when it
/// does not); UTC if its offsets cannot be read (`getTimezoneOffset` always answers for
/// the years a table covers).
pub fn local_zone() -> Zone {
    let name = local_zone_name().unwrap_or_else(|| "local".into());
    ZoneRules::build(&name, TABLE_FROM_MS, TABLE_TO_MS, local_offset_seconds)
        .map(Zone::named)
        .unwrap_or_default()
}

/// A named zone with the browser's rules; `None` when the browser does not know the name.
pub fn named_zone(name: &str) -> Option<Zone> {
    let format = format_function(name)?;
    ZoneRules::build(name, TABLE_FROM_MS, TABLE_TO_MS, |ms| {
        named_offset_seconds(&format, ms)
    })
    .ok()
    .map(Zone::named)
}

/// The zone a setting names, with its rules (built once per page and setting); `None` when
/// the browser does not know a named zone.
pub fn zone_for(spec: &ZoneSpec) -> Option<Zone> {
    if let Some(zone) = spec.fixed_zone() {
        return Some(zone);
    }
    let cached = BUILT.with_borrow(|built| {
        built
            .iter()
            .find(|(s, _)| s == spec)
            .map(|(_, z)| z.clone())
    });
    if cached.is_some() {
        return cached;
    }
    let zone = match spec {
        ZoneSpec::Named(name) => named_zone(name)?,
        _ => local_zone(),
    };
    BUILT.with_borrow_mut(|built| built.push((spec.clone(), zone.clone())));
    Some(zone)
}

/// The zone of a setting string (`config.json`'s `timeZone`, the picker's stored choice):
/// the browser's own zone when the setting is malformed or names a zone the browser does
/// not know (`config.json`'s problems are reported when it is read:
/// `AppConfig::parse_with`).
pub fn zone_from_setting(setting: &str) -> Zone {
    ZoneSpec::parse(setting)
        .ok()
        .and_then(|spec| zone_for(&spec))
        .or_else(|| zone_for(&ZoneSpec::Local))
        .unwrap_or_default()
}

/// Every zone the browser knows (`Intl.supportedValuesOf("timeZone")`) with its offset at
/// `now_ms`, sorted by offset then name: the zone picker's list. Empty when the browser
/// cannot list its zones.
pub fn zone_choices_at(now_ms: i64) -> Vec<ZoneChoice> {
    let Some(list) = get(&js_sys::global(), "Intl")
        .and_then(|intl| get(&intl, "supportedValuesOf"))
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(&JsValue::UNDEFINED, &"timeZone".into()).ok())
        .and_then(|v| v.dyn_into::<Array>().ok())
    else {
        return Vec::new();
    };
    zone_choices(list.iter().filter_map(|name| {
        let name = name.as_string()?;
        let offset = named_offset_seconds(&format_function(&name)?, now_ms)?;
        Some((name, offset))
    }))
}
