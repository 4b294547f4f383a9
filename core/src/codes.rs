//! The API's numeric codes (call type, media type, leave reason) with labels in every
//! locale, and the tenant-configured satisfaction labels. Unknown codes are kept as received
//! so they can be shown raw: the API's own example sends undocumented values.

use std::collections::BTreeMap;

use crate::locale::Locale;

/// Reads a code as the number it denotes: digits only, after trimming, so `" 05"` is 5.
pub fn code_number(raw: &str) -> Option<u32> {
    let t = raw.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    if t.is_empty() || t.len() > 9 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Defines a code enum: variants with their code and English / Chinese labels, plus
/// `Unknown(String)` for anything else.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $en:literal, $zh:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A code not in the documented list, kept as received (trimmed).
            Unknown(String),
        }

        impl $name {
            /// The documented codes, in display order.
            pub const KNOWN: &'static [&'static str] = &[$( stringify!($code) ),+];

            /// Reads a code; leading zeros and surrounding spaces are ignored.
            pub fn from_code(raw: &str) -> Self {
                match code_number(raw) {
                    $( Some($code) => $name::$variant, )+
                    _ => $name::Unknown(raw.trim().to_string()),
                }
            }

            /// The code as the API spells it (the raw text for an unknown code).
            pub fn code(&self) -> &str {
                match self {
                    $( $name::$variant => stringify!($code), )+
                    $name::Unknown(raw) => raw,
                }
            }

            /// The label in `locale`; an unknown code is shown as its raw value.
            pub fn label(&self, locale: Locale) -> String {
                match self.known_label(locale) {
                    Some(label) => label.to_string(),
                    None => self.code().to_string(),
                }
            }

            /// The label of a documented code, without allocating; `None` when unknown.
            pub fn known_label(&self, locale: Locale) -> Option<&'static str> {
                match (self, locale) {
                    $(
                        ($name::$variant, Locale::En) => Some($en),
                        ($name::$variant, Locale::ZhCn) => Some($zh),
                    )+
                    ($name::Unknown(_), _) => None,
                }
            }

            /// The label of a raw code in `locale` without allocating; `None` when unknown.
            pub fn label_of(raw: &str, locale: Locale) -> Option<&'static str> {
                match code_number(raw) {
                    $( Some($code) => $name::$variant.known_label(locale), )+
                    _ => None,
                }
            }

            /// Whether the code is documented.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }

            /// Every documented code, in display order (for select lists).
            pub fn known() -> impl Iterator<Item = Self> {
                [$( $name::$variant ),+].into_iter()
            }
        }
    };
}

code_enum! {
    /// `callType`: how the call was placed.
    CallType {
        /// 0
        Inbound = 0, "Inbound", "呼入";
        /// 1
        Outbound = 1, "Outbound", "呼出";
        /// 2
        PredictedOutbound = 2, "Predicted outbound", "预测外呼";
        /// 3
        PreviewedOutbound = 3, "Previewed outbound", "预览外呼";
        /// 4
        PreemptedOutbound = 4, "Preempted outbound", "预占外呼";
        /// 10
        Bidirectional = 10, "Bidirectional", "双向呼叫";
        /// 11
        Collaborative = 11, "Collaborative", "协同呼叫";
        /// 12
        ClickToDial = 12, "Click-to-dial", "点击通话";
    }
}

code_enum! {
    /// `mediaType` (request) / `mediatype` (response).
    MediaType {
        /// 2
        VoiceClickToDial = 2, "Voice click-to-dial", "语音点击通话";
        /// 5
        Voice = 5, "Voice", "语音";
        /// 18
        VideoClickToDial = 18, "Video click-to-dial", "视频点击通话";
        /// 19
        Video = 19, "Video", "视频";
        /// 53
        Multimedia = 53, "Multimedia", "多媒体";
    }
}

code_enum! {
    /// `leaveReason`: why the call left the device. Inferred from the vendor's
    /// "call leave-device reason" table used by sibling CDR interfaces.
    LeaveReason {
        /// 0
        NormalAccess = 0, "Normal access or transfer", "正常接入或转移";
        /// 1
        Overflow = 1, "Overflow", "溢出";
        /// 2
        TimeoutTransfer = 2, "Timeout transfer", "超时转移";
        /// 3
        NoAgentOnDuty = 3, "No agent on duty", "无坐席值班";
        /// 5
        AgentNoAnswerTransfer = 5, "Agent did not answer, transferred", "坐席未应答转移";
        /// 15
        UserReleased = 15, "Released by the user", "用户释放";
        /// 16
        AgentReleased = 16, "Released by the agent", "坐席释放";
        /// 17
        TransferredOut = 17, "Transferred out", "转出";
        /// 20
        CalleeBusy = 20, "Callee busy", "被叫忙";
        /// 22
        PhoneOff = 22, "Phone switched off", "关机";
        /// 23
        OutOfServiceArea = 23, "Out of service area", "不在服务区";
        /// 24
        NumberDoesNotExist = 24, "Number does not exist", "号码不存在";
        /// 26
        NoAnswer = 26, "No answer", "无应答";
        /// 27
        Rejected = 27, "Rejected", "拒接";
        /// 49: the vendor's table lists two codes for an agent rejecting a call.
        AgentRejected = 49, "Agent rejected (49)", "坐席拒接（49）";
        /// 50: the second "agent rejected" code. Both labels name their code: the filters'
        /// list of leave reasons would otherwise show two identical entries.
        AgentRejectedAlt = 50, "Agent rejected (50)", "坐席拒接（50）";
        /// 88
        UserHungUpAfterAnswer = 88, "User hung up after the agent answered", "坐席应答后用户挂机";
        /// 89
        UserHungUpBeforeAnswer = 89, "User hung up before answer", "应答前用户挂机";
    }
}

/// The tenant's satisfaction labels as `config.json`'s `evaluationLabels` gives them
/// (issue #21): per value, one label for every language (`"5": "Very satisfied"`) or a
/// label per language tag (`"5": {"en": "Very satisfied", "zh-CN": "非常满意"}`; tags are
/// read as [`Locale::from_tag`] reads them, so `zh-cn` and `en-US` count, others are
/// ignored). Resolved when read: a label lacking one language takes the other's text; a
/// value with a label in neither is left out, so it shows raw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalizedLabels {
    /// Value → label for English.
    pub en: BTreeMap<String, String>,
    /// Value → label for Simplified Chinese.
    pub zh_cn: BTreeMap<String, String>,
}

impl LocalizedLabels {
    /// Value → label in `locale`.
    pub fn get(&self, locale: Locale) -> &BTreeMap<String, String> {
        match locale {
            Locale::En => &self.en,
            Locale::ZhCn => &self.zh_cn,
        }
    }

    /// Whether no value has a label.
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.zh_cn.is_empty()
    }
}

// By hand, into two plain maps: `#[serde(untagged)]` buffers every value in serde's generic
// `Content` (5.6 KB gzip more first load), and a map of hand-read enums needs its own copies
// of the map routines (570 B more than this, which costs about 640 B).
impl<'de> serde::Deserialize<'de> for LocalizedLabels {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Labels;
        impl<'de> serde::de::Visitor<'de> for Labels {
            type Value = LocalizedLabels;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("labels by satisfaction value")
            }

            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut labels = LocalizedLabels::default();
                while let Some(value) = map.next_key::<String>()? {
                    map.next_value_seed(Label {
                        value,
                        labels: &mut labels,
                    })?;
                }
                Ok(labels)
            }
        }
        deserializer.deserialize_map(Labels)
    }
}

/// One value's label: a text, or texts by language tag; entered into both languages' maps.
struct Label<'a> {
    value: String,
    labels: &'a mut LocalizedLabels,
}

impl Label<'_> {
    /// Enters the label, each language falling back to the other's text.
    fn enter(self, en: Option<String>, zh_cn: Option<String>) {
        let en_or_zh = en.clone().or_else(|| zh_cn.clone());
        if let Some(text) = zh_cn.or(en) {
            self.labels.zh_cn.insert(self.value.clone(), text);
        }
        if let Some(text) = en_or_zh {
            self.labels.en.insert(self.value, text);
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Label<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Label<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a label, or labels by language")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<(), E> {
        self.enter(Some(text.to_string()), None);
        Ok(())
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        let (mut en, mut zh_cn) = (None, None);
        while let Some((tag, text)) = map.next_entry::<String, String>()? {
            match Locale::from_tag(&tag) {
                Some(Locale::En) => en = Some(text),
                Some(Locale::ZhCn) => zh_cn = Some(text),
                None => {}
            }
        }
        self.enter(en, zh_cn);
        Ok(())
    }
}

/// Satisfaction labels in the shown language (`evaluationValue` → label), from
/// [`LocalizedLabels::get`]. The API has no fixed list, so they come from `config.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvaluationLabels(pub BTreeMap<String, String>);

impl EvaluationLabels {
    /// The configured label, or the raw value when none is configured.
    pub fn label(&self, raw: &str) -> String {
        self.configured(raw).unwrap_or(raw).to_string()
    }

    /// The configured label for a value (spaces around it ignored), without allocating.
    pub fn configured(&self, raw: &str) -> Option<&str> {
        self.0
            .get(raw)
            .or_else(|| self.0.get(raw.trim()))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_codes_have_labels_in_both_languages() {
        assert_eq!(CallType::from_code("0").label(Locale::En), "Inbound");
        assert_eq!(CallType::from_code("12").label(Locale::ZhCn), "点击通话");
        assert_eq!(MediaType::from_code("5").label(Locale::En), "Voice");
        assert_eq!(MediaType::from_code("53").label(Locale::ZhCn), "多媒体");
        assert_eq!(
            LeaveReason::from_code("89").label(Locale::En),
            "User hung up before answer"
        );
        for code in CallType::KNOWN {
            let c = CallType::from_code(code);
            assert!(c.is_known());
            assert_eq!(c.code(), *code);
            assert_ne!(c.label(Locale::En), *code);
            assert_ne!(c.label(Locale::ZhCn), c.label(Locale::En));
        }
        assert_eq!(MediaType::KNOWN, &["2", "5", "18", "19", "53"]);
        assert_eq!(
            CallType::KNOWN,
            &["0", "1", "2", "3", "4", "10", "11", "12"]
        );
        assert_eq!(LeaveReason::known().count(), LeaveReason::KNOWN.len());
        for l in LeaveReason::known() {
            assert_eq!(LeaveReason::from_code(l.code()), l);
        }
    }

    #[test]
    fn example_media_type_10_is_unknown_and_shown_raw() {
        let m = MediaType::from_code("10");
        assert!(!m.is_known());
        assert_eq!(m, MediaType::Unknown("10".into()));
        assert_eq!(m.label(Locale::En), "10");
        assert_eq!(m.label(Locale::ZhCn), "10");
        assert_eq!(LeaveReason::from_code("4").label(Locale::En), "4");
        assert_eq!(CallType::from_code("inbound").code(), "inbound");
    }

    #[test]
    fn codes_are_read_leniently() {
        assert_eq!(CallType::from_code(" 1 "), CallType::Outbound);
        assert_eq!(MediaType::from_code("05"), MediaType::Voice);
        assert_eq!(MediaType::from_code("5.0"), MediaType::Voice);
        assert_eq!(CallType::from_code(""), CallType::Unknown(String::new()));
        assert_eq!(CallType::from_code("-1"), CallType::Unknown("-1".into()));
        assert!(!CallType::from_code("99999999999999999999").is_known());
    }

    #[test]
    fn satisfaction_labels_come_from_configuration() {
        let labels = EvaluationLabels(BTreeMap::from([
            ("1".to_string(), "Very satisfied".to_string()),
            ("5".to_string(), "Unsatisfied".to_string()),
        ]));
        assert_eq!(labels.label("1"), "Very satisfied");
        assert_eq!(labels.label(" 5 "), "Unsatisfied");
        assert_eq!(labels.label("10"), "10");
        assert_eq!(EvaluationLabels::default().label("1"), "1");
    }

    #[test]
    fn satisfaction_labels_per_language_fall_back_to_the_other_then_raw() {
        let configured: LocalizedLabels = serde_json::from_str(
            r#"{"5": {"en": "Very satisfied", "zh-CN": "非常满意"},
                "4": {"en-US": "Satisfied"}, "3": "Neutral", "2": {"fr": "Mécontent"},
                "1": {"zh-cn": "非常不满意"}}"#,
        )
        .expect("parses");
        let zh = EvaluationLabels(configured.get(Locale::ZhCn).clone());
        assert_eq!(zh.label("5"), "非常满意");
        assert_eq!(zh.label("4"), "Satisfied");
        assert_eq!(zh.label("3"), "Neutral");
        assert_eq!(zh.label("2"), "2");
        assert_eq!(zh.label("1"), "非常不满意");
        let en = EvaluationLabels(configured.get(Locale::En).clone());
        assert_eq!(en.label("5"), "Very satisfied");
        assert_eq!(en.label("4"), "Satisfied");
        assert_eq!(en.label("3"), "Neutral");
        assert_eq!(en.label("2"), "2");
        assert_eq!(en.label("1"), "非常不满意");
        assert!(!configured.is_empty());
        assert!(LocalizedLabels::default().is_empty());
        for wrong in ["5", r#"{"5": 5}"#, r#"{"5": {"en": 5}}"#, r#"["5"]"#] {
            assert!(
                serde_json::from_str::<LocalizedLabels>(wrong).is_err(),
                "{wrong}"
            );
        }
    }
}
