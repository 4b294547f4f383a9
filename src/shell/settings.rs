//! The settings store: `config.json` (and what a portal's message changes in it), its
//! problems, and the preferences the first load needs: the language and the time zone (the
//! picker's choice, else `config.json`'s), with
//! the display context derived from them.

use std::sync::Arc;

use cdr_core::codes::EvaluationLabels;
use cdr_core::config::{AppConfig, ConfigProblem};
use cdr_core::table::DisplayContext;
use cdr_core::{Locale, Zone, ZoneSpec};
use leptos::prelude::*;

use crate::{browser, zone_intl};

/// Where the language picked with the header's switch is kept in this browser.
const LOCALE_KEY: &str = "cdr-explorer.locale";

/// Where the zone picked with the picker is kept in this browser (a setting string, as
/// `config.json`'s `timeZone` writes one).
const ZONE_KEY: &str = "cdr-explorer.zone";

/// What the tenant's portal may set when it embeds the app (see `crate::results::embed`); absent
/// fields keep their value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PortalSettings {
    /// Sent as `X-APP-Key`.
    pub app_key: Option<String>,
    /// Sent as `X-TenantSpaceID`.
    pub tenant_space_id: Option<String>,
    /// The form's default call center ID.
    pub sub_cc_no: Option<String>,
    /// The form's default VDN.
    pub vdn: Option<String>,
    /// The language, when no switch choice overrides it.
    pub locale: Option<Locale>,
}

/// The settings store. Every field is a Copy handle, so the store is Copy too.
#[derive(Clone, Copy)]
pub struct Settings {
    config: RwSignal<AppConfig>,
    problems: RwSignal<Vec<ConfigProblem>>,
    /// A language picked with the switch; overrides the configuration.
    locale_choice: RwSignal<Option<Locale>>,
    locale: Memo<Locale>,
    /// A zone picked with the picker (a setting string); overrides `config.json`'s.
    zone_choice: RwSignal<Option<String>>,
    zone: Memo<Zone>,
    display: Memo<Arc<DisplayContext>>,
}

impl Settings {
    /// The store for a parsed `config.json` and the problems found in it. Reads the language
    /// remembered in this browser; starts nothing.
    pub fn new(config: AppConfig, problems: Vec<ConfigProblem>) -> Settings {
        let config = RwSignal::new(config);
        let locale_choice =
            RwSignal::new(browser::local_get(LOCALE_KEY).and_then(|tag| Locale::from_tag(&tag)));
        let browser_locale = browser::browser_language().and_then(|tag| Locale::from_tag(&tag));
        // The switch, then the operator's choice, then the browser's language.
        let locale = Memo::new(move |_| {
            locale_choice
                .get()
                .or_else(|| config.with(|c| Locale::from_tag(&c.locale)))
                .or(browser_locale)
                .unwrap_or_default()
        });
        let zone_choice = RwSignal::new(browser::local_get(ZONE_KEY));
        // The picker's choice when the browser knows it, else the configuration's. Rules are
        // built once per setting (zone_intl keeps them), not per config change.
        let zone = Memo::new(move |_| {
            zone_choice
                .with(|choice| {
                    let spec = ZoneSpec::parse(choice.as_deref()?).ok()?;
                    zone_intl::zone_for(&spec)
                })
                .unwrap_or_else(|| config.with(|c| zone_intl::zone_from_setting(&c.time_zone)))
        });
        let display = Memo::new(move |_| {
            Arc::new(DisplayContext {
                zone: zone.get(),
                locale: locale.get(),
                evaluation_labels: EvaluationLabels(
                    config.with(|c| c.evaluation_labels.get(locale.get()).clone()),
                ),
                mask_numbers: config.with(|c| c.mask_numbers),
                // config.json's shortAbandonSeconds is read by the result views, which set
                // it (`results::store`); a literal here is cheaper than the default's call.
                short_abandon_seconds: cdr_core::call_outcome::DEFAULT_SHORT_ABANDON_SECONDS,
            })
        });
        Settings {
            config,
            problems: RwSignal::new(problems),
            locale_choice,
            locale,
            zone_choice,
            zone,
            display,
        }
    }

    /// The shown language (tracked).
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// The shown language as a signal, for [`crate::text::tr`].
    pub fn locale_signal(&self) -> Memo<Locale> {
        self.locale
    }

    /// Picks the interface language; remembered in this browser.
    pub fn set_locale(&self, locale: Locale) {
        self.locale_choice.set(Some(locale));
        browser::local_set(LOCALE_KEY, locale.tag());
    }

    /// Picks the zone times are entered and shown in: a setting string such as
    /// `"America/New_York"`, `"local"`, `"+08:00"` (`ZoneSpec::parse`); remembered in this
    /// browser. It overrides `config.json`'s `timeZone`, which stays the default for a
    /// setting the browser cannot use. Shown times follow at once; nothing is requested.
    pub fn set_zone(&self, setting: &str) {
        self.zone_choice.set(Some(setting.to_string()));
        browser::local_set(ZONE_KEY, setting);
    }

    /// The zone times are entered and shown in (tracked).
    pub fn zone(&self) -> Zone {
        self.zone.get()
    }

    /// Reads the zone without cloning it (tracked).
    pub fn with_zone<T>(&self, read: impl FnOnce(&Zone) -> T) -> T {
        self.zone.with(read)
    }

    /// The zone, without tracking (for event handlers).
    pub fn zone_untracked(&self) -> Zone {
        self.zone.get_untracked()
    }

    /// How records are shown: zone, language, satisfaction labels, masking (tracked).
    pub fn display(&self) -> Arc<DisplayContext> {
        self.display.get()
    }

    /// [`Settings::display`] without tracking.
    pub fn display_untracked(&self) -> Arc<DisplayContext> {
        self.display.get_untracked()
    }

    /// Reads the configuration (tracked).
    pub fn with_config<T>(&self, read: impl FnOnce(&AppConfig) -> T) -> T {
        self.config.with(read)
    }

    /// Reads the configuration without tracking.
    pub fn with_config_untracked<T>(&self, read: impl FnOnce(&AppConfig) -> T) -> T {
        self.config.with_untracked(read)
    }

    /// The problems found in `config.json` (tracked); empty when it was fine.
    pub fn problems(&self) -> Vec<ConfigProblem> {
        self.problems.get()
    }

    /// Applies what an embedding portal sent.
    pub fn apply_portal(&self, portal: &PortalSettings) {
        self.config.update(|c| {
            if let Some(key) = &portal.app_key {
                c.app_key = Some(key.clone());
            }
            if let Some(tenant) = &portal.tenant_space_id {
                c.tenant_space_id = Some(tenant.clone());
            }
            if let Some(sub_cc_no) = &portal.sub_cc_no {
                c.sub_cc_no = sub_cc_no.clone();
            }
            if let Some(vdn) = &portal.vdn {
                c.vdn = vdn.clone();
            }
            if let Some(locale) = portal.locale {
                c.locale = locale.tag().to_string();
            }
        });
    }
}

/// `config.json`'s text as read at start ([`keep_config_text`]). A `OnceLock` rather than a
/// `thread_local!` `RefCell`, whose panic paths cost the first load ~200 bytes.
static CONFIG_TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Keeps `config.json`'s text for the keys only the result views read
/// (`cdr_core::config::parse_analytics`: the outcome rules and the KPI strip), so that the
/// first load neither parses nor stores them. The first text kept stays.
pub fn keep_config_text(text: String) {
    let _ = CONFIG_TEXT.set(text);
}

/// `config.json`'s text as read at start; empty without one.
pub fn config_text() -> &'static str {
    CONFIG_TEXT.get().map_or("", String::as_str)
}
