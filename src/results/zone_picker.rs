//! The zone picker beside "Times in …": an `<input list>` over a `<datalist>` of every zone
//! the browser knows with its offset now ("America/New_York (UTC-05:00)"), filtered by the
//! browser as one types. A pick goes to [`Settings::set_zone`]: remembered in this browser,
//! overriding `config.json`'s `timeZone`; shown times follow without a new request. Loaded
//! with the result views, so the first load carries none of it.

use cdr_core::zone::ZoneChoice;
use cdr_core::ZoneSpec;
use leptos::prelude::*;

use crate::shell::{Search, Settings};
use crate::text::tr_results;
use crate::zone_intl;

/// The setting a typed or picked value names: a listed zone by its label or name, else any
/// setting `ZoneSpec::parse` accepts (`"local"`, `"UTC"`, `"+08:00"`); `None` otherwise.
fn setting_of(value: &str, choices: &[ZoneChoice]) -> Option<String> {
    let value = value.trim();
    if let Some(choice) = choices
        .iter()
        .find(|c| c.name == value || c.label() == value)
    {
        return Some(choice.name.clone());
    }
    ZoneSpec::parse(value).ok().map(|spec| spec.setting())
}

/// The picker.
#[component]
pub fn ZonePicker() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let search = expect_context::<Search>();
    let locale = settings.locale_signal();
    // Offsets as of now; built once, when the picker first gets focus (a few hundred
    // formatter calls, not paid by a page that never opens it).
    let choices = RwSignal::new(None::<Vec<ZoneChoice>>);
    let fill = move || {
        if choices.with_untracked(Option::is_none) {
            choices.set(Some(zone_intl::zone_choices_at(js_sys::Date::now() as i64)));
        }
    };
    // Picks the zone `value` names; false when it names none.
    let pick = move |value: String| {
        let setting = choices.with_untracked(|c| setting_of(&value, c.as_deref().unwrap_or(&[])));
        let Some(setting) = setting else {
            return false;
        };
        let from = settings.zone_untracked();
        settings.set_zone(&setting);
        search.keep_range_across_zones(&from, &settings.zone_untracked());
        true
    };
    view! {
        <span class="zone-picker">
            <label for="zone-picker">{tr_results(locale, |t| t.zone_picker_label)}</label>
            <input
                id="zone-picker"
                list="zone-choices"
                autocomplete="off"
                placeholder=tr_results(locale, |t| t.zone_picker_placeholder)
                on:focus=move |_| fill()
                on:change:target=move |ev| {
                    pick(ev.target().value());
                }
                // Enter on a zone name or offset picks it instead of submitting the search
                // form around it. Anything else (a half-typed name, an open suggestion list,
                // an IME composing) keeps the browser's own handling.
                on:keydown:target=move |ev| {
                    if ev.key() == "Enter" && !ev.is_composing() && pick(ev.target().value()) {
                        ev.prevent_default();
                    }
                }
            />
            <datalist id="zone-choices">
                {move || {
                    choices
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|c| view! { <option value=c.label()></option> })
                        .collect_view()
                }}
            </datalist>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    // wasm_bindgen_test, not #[test]: the wasm test runner runs only these.
    #[wasm_bindgen_test]
    fn a_label_a_name_or_a_setting_picks_a_zone() {
        let choices = [ZoneChoice {
            name: "America/New_York".into(),
            offset_seconds: -5 * 3600,
        }];
        assert_eq!(
            setting_of("America/New_York (UTC-05:00)", &choices).as_deref(),
            Some("America/New_York")
        );
        assert_eq!(
            setting_of(" America/New_York ", &choices).as_deref(),
            Some("America/New_York")
        );
        assert!(setting_of("+08:00", &choices).is_some());
        assert_eq!(setting_of("+1é1", &choices), None);
    }
}
