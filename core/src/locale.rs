//! The two languages the app speaks. Every user-visible string in this crate takes a
//! [`Locale`] so the app can switch language without reloading.

/// A supported display language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Locale {
    /// English (the default).
    #[default]
    En,
    /// Simplified Chinese.
    ZhCn,
}

impl Locale {
    /// Every supported locale, in menu order.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// Reads a BCP 47 language tag such as `"en"`, `"en-US"`, `"zh"` or `"zh-CN"`
    /// (case-insensitive, `_` accepted for `-`). Any `zh-*` tag maps to Simplified Chinese:
    /// the only Chinese the app has is still more useful to a Chinese reader than English.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else if primary.eq_ignore_ascii_case("zh") {
            Some(Locale::ZhCn)
        } else {
            None
        }
    }

    /// The canonical tag: `"en"` or `"zh-CN"` (suitable for the HTML `lang` attribute).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// A count as this language writes it: digits in groups of three, with `,` in both
    /// (CLDR's decimal pattern for `en` and for `zh`): `66,640`.
    pub fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(digit);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        for locale in Locale::ALL {
            assert_eq!(locale.count(0), "0");
            assert_eq!(locale.count(999), "999");
            assert_eq!(locale.count(1_000), "1,000");
            assert_eq!(locale.count(66_640), "66,640");
            assert_eq!(locale.count(1_000_000), "1,000,000");
        }
    }

    #[test]
    fn tags_from_browsers_and_config_are_recognised() {
        assert_eq!(Locale::from_tag("en"), Some(Locale::En));
        assert_eq!(Locale::from_tag("en-US"), Some(Locale::En));
        assert_eq!(Locale::from_tag("EN-gb"), Some(Locale::En));
        assert_eq!(Locale::from_tag("zh"), Some(Locale::ZhCn));
        assert_eq!(Locale::from_tag("zh-CN"), Some(Locale::ZhCn));
        assert_eq!(Locale::from_tag(" zh_cn "), Some(Locale::ZhCn));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
        assert_eq!(Locale::from_tag("english"), None);
    }

    #[test]
    fn tag_round_trips() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_tag(l.tag()), Some(l));
        }
    }
}
