//! The browser's filler of zone rules: `cdr_core::zone` samples an offset function, and this
//! module answers it from the browser's own time-zone data, so the page ships no zone table.
//!
//! - A named zone (`"America/New_York"`): `Intl.DateTimeFormat` with that `timeZone` writes
//!   the wall time of each instant asked about (`"07/01/2024, 08:00:00"`), read back by
//!   [`offset_from_en_us_wall_text`].
//! - `"local"`: the browser's zone, named by `Intl.DateTimeFormat().resolvedOptions()
//!   .timeZone`, with offsets from `Date.prototype.getTimezoneOffset` (the same data, about
//!   a hundred times faster than formatting).
//!
//! A table covers 2000 to 2100 ([`TABLE_FROM_MS`]..[`TABLE_TO_MS`]) and is built once per
//! zone and kept for the page's life. Every call into JavaScript that can throw (an unknown
//! zone is a `RangeError`) goes through `Reflect`/`Function::call`, which return errors.

use std::cell::RefCell;

use cdr_core::zone::{
    offset_from_en_us_wall_text, zone_choices, Zone, ZoneChoice, ZoneRules, ZoneSpec,
    TABLE_FROM_MS, TABLE_TO_MS,
};
use js_sys::{Array, Date, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The locale the wall times are written in: Gregorian calendar, ASCII digits.
const WALL_LOCALE: &str = "en-US-u-ca-gregory-nu-latn";

thread_local! {
    /// Zones built so far, by setting: a switch back costs nothing.
    static BUILT: RefCell<Vec<(ZoneSpec, Zone)>> = const { RefCell::new(Vec::new()) };
}

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// `new Intl.DateTimeFormat(WALL_LOCALE, {…, timeZone: name})`; `None` when the browser
/// does not know the zone (or has no `Intl`).
fn wall_formatter(name: &str) -> Option<JsValue> {
    let class: Function = get(&get(&js_sys::global(), "Intl")?, "DateTimeFormat")?
        .dyn_into()
        .ok()?;
    let options = Object::new();
    for (key, value) in [
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
        ("hourCycle", "h23"),
        ("timeZone", name),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let args = Array::of2(&WALL_LOCALE.into(), &options);
    Reflect::construct(&class, &args).ok()
}

/// The formatter's bound `format` function: `format(epochMs)` writes the wall time.
fn format_function(name: &str) -> Option<Function> {
    get(&wall_formatter(name)?, "format")?.dyn_into().ok()
}

/// Whether the browser knows a zone name (`Intl` accepts it as a `timeZone`).
pub fn is_known_zone(name: &str) -> bool {
    wall_formatter(name).is_some()
}

/// The browser's own zone name, such as `"America/New_York"`, if it says
/// (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
pub fn local_zone_name() -> Option<String> {
    let class: Function = get(&get(&js_sys::global(), "Intl")?, "DateTimeFormat")?
        .dyn_into()
        .ok()?;
    let formatter = Reflect::construct(&class, &Array::new()).ok()?;
    let resolved: Function = get(&formatter, "resolvedOptions")?.dyn_into().ok()?;
    let options = resolved.call0(&formatter).ok()?;
    get(&options, "timeZone")?.as_string()
}

/// The browser's offset at an instant (epoch ms), seconds east of UTC.
fn local_offset_seconds(ms: i64) -> Option<i32> {
    let minutes = Date::new(&JsValue::from_f64(ms as f64)).get_timezone_offset();
    // getTimezoneOffset is minutes *west*, fractional for offsets with seconds.
    let seconds = (-minutes * 60.0).round();
    (seconds.is_finite() && seconds.abs() <= 86_400.0 * 2.0).then_some(seconds as i32)
}

/// A named zone's offset at an instant, through its `format` function.
fn named_offset_seconds(format: &Function, ms: i64) -> Option<i32> {
    let text = format
        .call1(&JsValue::UNDEFINED, &JsValue::from_f64(ms as f64))
        .ok()?
        .as_string()?;
    offset_from_en_us_wall_text(&text, ms)
}

/// The browser's own zone with its rules, named as the browser names it (`"local"` when it
/// does not). Falls back to today's fixed offset only if the rules cannot be read.
pub fn local_zone() -> Zone {
    let name = local_zone_name().unwrap_or_else(|| "local".into());
    ZoneRules::build(&name, TABLE_FROM_MS, TABLE_TO_MS, local_offset_seconds)
        .map(Zone::named)
        .unwrap_or_else(|_| today_fixed_offset())
}

fn today_fixed_offset() -> Zone {
    let minutes = local_offset_seconds(js_sys::Date::now() as i64).unwrap_or(0) / 60;
    Zone::from_offset(minutes).unwrap_or_default()
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
