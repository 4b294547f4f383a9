//! Time zones: what a setting asks for ([`ZoneSpec`]), a zone's rules as a table of offset
//! changes ([`ZoneRules`]), and the zone times are shown and entered in ([`Zone`]).
//!
//! The crate holds no zone data and reads no system files: a zone's rules are *sampled* from
//! an offset function the caller supplies ([`ZoneRules::build`]). In the page that function
//! is the browser's own `Intl` time-zone data (`src/zone_intl.rs`); in the native tests it is
//! the `jiff` crate's bundled IANA database, which the tests also compare the tables with.
//!
//! Wall times that do not exist or occur twice follow one rule, the one of JavaScript's
//! Temporal (`"compatible"`) and of RFC 5545: a repeated wall time (clocks turned back) is
//! the *earlier* instant; a skipped wall time (clocks turned forward) moves *forward* by the
//! length of the gap (02:30 on the night New York springs forward is 03:30 EDT).

use std::fmt;
use std::sync::Arc;

const SECOND_MS: i64 = 1000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Largest fixed offset a setting may name (UTC+14:00, the largest in use), in minutes, so
/// typos like `"+80:00"` are rejected.
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// Largest offset a zone table accepts from its offset function, in seconds (±26 h: past
/// every offset the IANA database has ever had, ±15:57 at most).
pub const MAX_RULE_OFFSET_SECONDS: i32 = 26 * 3600;

/// How far apart [`ZoneRules::build`] samples the offset function: six days. A change is
/// found when two neighbouring samples differ, then located by bisection, so an offset
/// that lasts less than six days between two equal ones could be missed. The shortest such
/// period in the IANA database from 1970 to 2100 is 6.96 days (Brazil's week of daylight
/// saving in October 2000; Gaza's Ramadan weeks from 2040): a week's step misses those,
/// and `core/tests/zones.rs` checks every zone of the database with this one.
pub const SAMPLE_STEP_MS: i64 = 6 * DAY_MS;

/// Longest span [`ZoneRules::build`] accepts: 400 years, in milliseconds.
pub const MAX_TABLE_SPAN_MS: i64 = 400 * 366 * DAY_MS;

/// Most offset changes a table may hold (a sane zone has about two a year).
pub const MAX_CHANGES: usize = 10_000;

/// Where the page's zone tables start: one week before 2000-01-01T00:00:00Z, the earliest
/// plausible call time ([`crate::time::MIN_CALL_TIME_MS`]), in epoch ms.
pub const TABLE_FROM_MS: i64 = crate::time::MIN_CALL_TIME_MS - 7 * DAY_MS;

/// Where the page's zone tables end: one week after 2100-01-01T00:00:00Z, the first
/// implausible call time ([`crate::time::MAX_CALL_TIME_MS`]), in epoch ms.
pub const TABLE_TO_MS: i64 = crate::time::MAX_CALL_TIME_MS + 7 * DAY_MS;

/// What a time-zone setting (`config.json`'s `timeZone`, the zone picker's stored choice)
/// asks for, checked for form only: whether a name exists is for the rules' source to say.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ZoneSpec {
    /// `"UTC"`, `"Z"`, `"GMT"` or a zero offset.
    Utc,
    /// A fixed offset such as `"+08:00"`, in minutes east of UTC (UTC+08:00 is 480),
    /// at most ±[`MAX_OFFSET_MINUTES`].
    Fixed {
        /// Minutes east of UTC.
        offset_minutes: i32,
    },
    /// `"local"`: the browser's own zone, with its rules.
    Local,
    /// An IANA zone name such as `"America/New_York"`, as written.
    Named(String),
}

/// Why a time-zone setting was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ZoneError {
    /// Empty or only spaces.
    Empty,
    /// Starts like an offset (`+`, `-`, `UTC+`) but is not one: `"+1é1"`, `"+8:75"`.
    BadOffset,
    /// An offset beyond ±14:00.
    OffsetOutOfRange,
    /// Neither a keyword, an offset nor a well-formed zone name.
    BadName,
}

impl ZoneError {
    /// What is wrong, in English, for the configuration banner (it names the key and value
    /// around this).
    pub fn message(self) -> &'static str {
        match self {
            ZoneError::Empty => "is empty",
            ZoneError::BadOffset => "is not an offset like \"+08:00\" or \"-05:30\"",
            ZoneError::OffsetOutOfRange => "is beyond the largest offset in use, ±14:00",
            ZoneError::BadName => {
                "is not \"local\", \"UTC\", an offset like \"+08:00\" or a zone name like \"Asia/Shanghai\""
            }
        }
    }
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ZoneError {}

impl ZoneSpec {
    /// Reads a setting: `"local"`, `"UTC"`/`"Z"`/`"GMT"`, an offset (`"+08:00"`,
    /// `"-05:30"`, `"+0800"`, `"+8"`, optionally after `"UTC"` or `"GMT"`), or an IANA name
    /// (`"Asia/Shanghai"`: ASCII letters, digits, `/ _ - +`, starting with a letter, at most
    /// 64 characters). Keywords ignore case and surrounding spaces. Never panics, whatever
    /// the text.
    ///
    /// # Errors
    /// [`ZoneError`] saying which of those forms the text failed.
    pub fn parse(s: &str) -> Result<ZoneSpec, ZoneError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(ZoneError::Empty);
        }
        if s.eq_ignore_ascii_case("local") {
            return Ok(ZoneSpec::Local);
        }
        if ["utc", "z", "gmt"]
            .iter()
            .any(|k| s.eq_ignore_ascii_case(k))
        {
            return Ok(ZoneSpec::Utc);
        }
        let after_prefix = strip_prefix_ci(s, "utc")
            .or_else(|| strip_prefix_ci(s, "gmt"))
            .map(str::trim_start);
        let offset_text = after_prefix.unwrap_or(s);
        if offset_text.starts_with('+') || offset_text.starts_with('-') {
            let minutes = parse_offset(offset_text).ok_or(ZoneError::BadOffset)?;
            if minutes.abs() > MAX_OFFSET_MINUTES {
                return Err(ZoneError::OffsetOutOfRange);
            }
            return Ok(if minutes == 0 {
                ZoneSpec::Utc
            } else {
                ZoneSpec::Fixed {
                    offset_minutes: minutes,
                }
            });
        }
        if is_zone_name(s) {
            Ok(ZoneSpec::Named(s.to_string()))
        } else {
            Err(ZoneError::BadName)
        }
    }

    /// The setting in its canonical spelling, for storage: `"UTC"`, `"+08:00"`,
    /// `"local"` or the name. [`ZoneSpec::parse`] reads it back to the same value.
    pub fn setting(&self) -> String {
        match self {
            ZoneSpec::Utc => "UTC".into(),
            ZoneSpec::Fixed { offset_minutes } => format_offset(offset_minutes.saturating_mul(60)),
            ZoneSpec::Local => "local".into(),
            ZoneSpec::Named(name) => name.clone(),
        }
    }

    /// The zone itself when no rules are needed (UTC, a fixed offset); `None` for
    /// [`ZoneSpec::Local`] and [`ZoneSpec::Named`], whose rules the caller builds.
    pub fn fixed_zone(&self) -> Option<Zone> {
        match self {
            ZoneSpec::Utc => Some(Zone::Utc),
            ZoneSpec::Fixed { offset_minutes } => Zone::from_offset(*offset_minutes),
            ZoneSpec::Local | ZoneSpec::Named(_) => None,
        }
    }
}

/// `s` without `prefix` (ASCII, any case), or `None`. Compares characters, never slices
/// at a byte index.
pub(crate) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut chars = s.chars();
    for p in prefix.chars() {
        if !chars.next()?.eq_ignore_ascii_case(&p) {
            return None;
        }
    }
    Some(chars.as_str())
}

/// Minutes east of UTC of `"+08:00"`, `"-0530"`, `"+8"`, `"+08"`; `None` otherwise.
fn parse_offset(s: &str) -> Option<i32> {
    let mut chars = s.chars();
    let sign = match chars.next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let body = chars.as_str();
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (small_number(h, 1, 2)?, small_number(m, 2, 2)?),
        None => {
            let n = small_number(body, 1, 4)?;
            match body.len() {
                1 | 2 => (n, 0),
                4 => (n / 100, n % 100),
                _ => return None,
            }
        }
    };
    (h <= 99 && m < 60).then_some(sign * (h * 60 + m))
}

/// A run of `min..=max` ASCII digits as a number.
fn small_number(s: &str, min: usize, max: usize) -> Option<i32> {
    let ok = (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.bytes().fold(0, |n, b| n * 10 + i32::from(b - b'0')))
}

/// The form of an IANA zone name: `Area/Location[/Sub]` or a single word such as `"EST5EDT"`.
fn is_zone_name(s: &str) -> bool {
    s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.split('/').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+'))
        })
}

/// `"+08:00"`, `"-05:30"`, `"+00:00"`, with seconds when there are any (`"-00:44:30"`, the
/// offset Liberia kept until 1972): an offset in seconds east of UTC as ISO 8601 writes it.
pub fn format_offset(offset_seconds: i32) -> String {
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    let a = offset_seconds.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}

/// The offset a browser wrote as `"7/1/2024, GMT-04:00"`, in seconds east of UTC: what
/// `Intl.DateTimeFormat("en-US-u-nu-latn", {timeZone, timeZoneName: "longOffset"})`
/// formats (`"GMT+05:45"`, `"GMT-00:44:30"` with seconds, `"GMT"` alone for zero): what
/// follows the last `"GMT"`. `None` for anything else or beyond ±26 h. The page's offset
/// function for named zones (`src/zone_intl.rs`).
pub fn offset_from_gmt_text(text: &str) -> Option<i32> {
    // Character by character (no byte index into the text), keeping the last match.
    let mut offset = None;
    let mut chars = text.chars();
    loop {
        if let Some(after) = chars.as_str().strip_prefix("GMT") {
            offset = Some(after);
        }
        if chars.next().is_none() {
            break;
        }
    }
    let offset = offset?;
    if offset.is_empty() {
        return Some(0);
    }
    let mut chars = offset.chars();
    let sign = match chars.next()? {
        '+' => 1,
        '-' | '\u{2212}' => -1,
        _ => return None,
    };
    let mut parts = chars.as_str().split(':');
    let h = small_number(parts.next()?, 1, 2)?;
    let m = parts.next().map_or(Some(0), |m| small_number(m, 2, 2))?;
    let s = parts.next().map_or(Some(0), |s| small_number(s, 2, 2))?;
    let seconds = sign * (h * 3600 + m * 60 + s);
    let fits = parts.next().is_none() && m < 60 && s < 60;
    (fits && seconds.abs() <= MAX_RULE_OFFSET_SECONDS).then_some(seconds)
}

/// Why [`ZoneRules::build`] could not make a table.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RulesError {
    /// `from_ms` is not before `to_ms`, or the span is longer than [`MAX_TABLE_SPAN_MS`].
    BadRange,
    /// The offset function had no answer for this instant (epoch ms).
    NoOffset {
        /// The instant asked about, epoch ms.
        at_ms: i64,
    },
    /// The offset function answered more than ±[`MAX_RULE_OFFSET_SECONDS`].
    OffsetOutOfRange {
        /// The instant asked about, epoch ms.
        at_ms: i64,
        /// The answer, seconds east of UTC.
        offset_seconds: i32,
    },
    /// More than [`MAX_CHANGES`] changes: not a time zone.
    TooManyChanges,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulesError::BadRange => write!(f, "the range is empty or longer than 400 years"),
            RulesError::NoOffset { at_ms } => write!(f, "no offset known at {at_ms} ms"),
            RulesError::OffsetOutOfRange {
                at_ms,
                offset_seconds,
            } => write!(f, "offset {offset_seconds} s at {at_ms} ms is beyond ±26 h"),
            RulesError::TooManyChanges => write!(f, "more than {MAX_CHANGES} offset changes"),
        }
    }
}

impl std::error::Error for RulesError {}

/// A named zone's rules over a span of time: the offset in force before the first change
/// and the instants at which it changes, sorted. Before the span the first offset holds,
/// after it the last (so a table must cover every instant it will be asked about: the page
/// builds [`TABLE_FROM_MS`]..[`TABLE_TO_MS`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ZoneRules {
    name: String,
    /// Epoch ms of each change, strictly ascending.
    changes: Vec<i64>,
    /// Seconds east of UTC: `offsets[i]` is in force before `changes[i]`, the last one
    /// after the last change. Always one longer than `changes`.
    offsets: Vec<i32>,
}

impl ZoneRules {
    /// Builds the table of `name` for the instants `from_ms..to_ms` (epoch ms) from
    /// `offset_at`, which answers the offset in force at an instant in seconds east of UTC
    /// (`None`: unknown). It is sampled every [`SAMPLE_STEP_MS`] from `from_ms` (rounded
    /// down to a minute); where two samples differ, bisection finds the first minute of
    /// the new offset, and the first second when an offset has seconds or the change is
    /// off the minute grid. A span of 100 years of a zone with daylight saving takes about
    /// 9,000 calls (6,100 samples and about 14 per change). `to_ms` itself is sampled last.
    ///
    /// # Errors
    /// [`RulesError`]: an empty or over-long range, an instant without an answer, an answer
    /// beyond ±26 h, or more than [`MAX_CHANGES`] changes.
    pub fn build(
        name: &str,
        from_ms: i64,
        to_ms: i64,
        mut offset_at: impl FnMut(i64) -> Option<i32>,
    ) -> Result<ZoneRules, RulesError> {
        // One copy of the loop whatever the function: the page builds from two.
        Self::build_dyn(name, from_ms, to_ms, &mut offset_at)
    }

    fn build_dyn(
        name: &str,
        from_ms: i64,
        to_ms: i64,
        offset_at: &mut dyn FnMut(i64) -> Option<i32>,
    ) -> Result<ZoneRules, RulesError> {
        let from = from_ms.div_euclid(MINUTE_MS).saturating_mul(MINUTE_MS);
        if from_ms >= to_ms || to_ms.saturating_sub(from) > MAX_TABLE_SPAN_MS {
            return Err(RulesError::BadRange);
        }
        let mut ask = |at_ms: i64| {
            let offset_seconds = offset_at(at_ms).ok_or(RulesError::NoOffset { at_ms })?;
            if offset_seconds.abs() > MAX_RULE_OFFSET_SECONDS {
                return Err(RulesError::OffsetOutOfRange {
                    at_ms,
                    offset_seconds,
                });
            }
            Ok(offset_seconds)
        };
        let mut current = ask(from)?;
        let mut rules = ZoneRules {
            name: name.to_string(),
            changes: Vec::new(),
            offsets: vec![current],
        };
        let mut at = from;
        while at < to_ms {
            let next = at.saturating_add(SAMPLE_STEP_MS).min(to_ms);
            let there = ask(next)?;
            if there == current {
                at = next;
                continue;
            }
            // Invariant: `current` holds at `lo`, another offset (`found`) at `hi`.
            let (mut lo, mut hi, mut found) = (at, next, there);
            for grain in [MINUTE_MS, SECOND_MS] {
                let exact_minutes = current % 60 == 0 && found % 60 == 0 && lo % MINUTE_MS == 0;
                if grain == SECOND_MS && exact_minutes {
                    // Whole-minute offsets change at whole minutes: `hi` is exact.
                    break;
                }
                while hi - lo > grain {
                    let steps = ((hi - lo) / grain / 2).max(1);
                    let mid = lo + steps * grain;
                    if mid >= hi {
                        break;
                    }
                    let o = ask(mid)?;
                    if o == current {
                        lo = mid;
                    } else {
                        (hi, found) = (mid, o);
                    }
                }
            }
            rules.changes.push(hi);
            rules.offsets.push(found);
            if rules.changes.len() > MAX_CHANGES {
                return Err(RulesError::TooManyChanges);
            }
            // Scan on from the change: two changes may lie within one step.
            current = found;
            at = hi;
        }
        Ok(rules)
    }

    /// A table from its parts: the offset before the first change and `(epoch ms, new
    /// offset)` pairs, in seconds east of UTC. Pairs are sorted; a pair that does not
    /// change the offset, or repeats an instant, is dropped. `None` when an offset is
    /// beyond ±26 h or there are more than [`MAX_CHANGES`] pairs.
    pub fn from_changes(
        name: &str,
        initial_offset_seconds: i32,
        changes: &[(i64, i32)],
    ) -> Option<ZoneRules> {
        let in_range = |o: i32| o.abs() <= MAX_RULE_OFFSET_SECONDS;
        if changes.len() > MAX_CHANGES
            || !in_range(initial_offset_seconds)
            || !changes.iter().all(|&(_, o)| in_range(o))
        {
            return None;
        }
        let mut sorted = changes.to_vec();
        sorted.sort_by_key(|&(at, _)| at);
        let mut rules = ZoneRules {
            name: name.to_string(),
            changes: Vec::with_capacity(sorted.len()),
            offsets: vec![initial_offset_seconds],
        };
        for (at, offset) in sorted {
            let last_at = rules.changes.last().copied();
            let last_offset = rules.offsets.last().copied();
            if last_at != Some(at) && last_offset != Some(offset) {
                rules.changes.push(at);
                rules.offsets.push(offset);
            }
        }
        Some(rules)
    }

    /// The zone's name, as given to [`ZoneRules::build`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The offset in force at an instant (epoch ms), in seconds east of UTC.
    pub fn offset_seconds_at(&self, utc_ms: i64) -> i32 {
        let i = self.changes.partition_point(|&c| c <= utc_ms);
        self.offsets.get(i).copied().unwrap_or(0)
    }

    /// `(epoch ms, new offset in seconds)` of every change, ascending.
    pub fn changes(&self) -> impl Iterator<Item = (i64, i32)> + '_ {
        self.changes
            .iter()
            .copied()
            .zip(self.offsets.iter().skip(1).copied())
    }

    /// The first change strictly after `utc_ms`, epoch ms.
    pub fn next_change_after(&self, utc_ms: i64) -> Option<i64> {
        let i = self.changes.partition_point(|&c| c <= utc_ms);
        self.changes.get(i).copied()
    }

    /// The period of constant offset `i`: `(start, end, offset seconds)`, start inclusive,
    /// end exclusive, `i64::MIN`/`i64::MAX` for open ends.
    fn period(&self, i: usize) -> Option<(i64, i64, i32)> {
        let offset = *self.offsets.get(i)?;
        let start = match i.checked_sub(1) {
            Some(p) => *self.changes.get(p)?,
            None => i64::MIN,
        };
        let end = self.changes.get(i).copied().unwrap_or(i64::MAX);
        Some((start, end, offset))
    }

    fn resolve(&self, wall_ms: i64) -> Resolved {
        // Every instant whose wall time could be `wall_ms` lies within the largest offset.
        let reach = i64::from(MAX_RULE_OFFSET_SECONDS) * SECOND_MS;
        let first = self
            .changes
            .partition_point(|&c| c <= wall_ms.saturating_sub(reach));
        let last = self
            .changes
            .partition_point(|&c| c <= wall_ms.saturating_add(reach));
        let mut earliest: Option<(i64, i32)> = None;
        let mut latest: Option<(i64, i32)> = None;
        for i in first..=last {
            let Some((start, end, offset)) = self.period(i) else {
                continue;
            };
            let utc = wall_ms.saturating_sub(i64::from(offset) * SECOND_MS);
            if start <= utc && utc < end {
                if earliest.is_none_or(|(e, _)| utc < e) {
                    earliest = Some((utc, offset));
                }
                if latest.is_none_or(|(l, _)| utc > l) {
                    latest = Some((utc, offset));
                }
            }
        }
        if let (Some((utc_ms, offset_seconds)), Some((later, later_offset))) = (earliest, latest) {
            let wall = if later != utc_ms {
                WallTime::Repeated {
                    later_utc_ms: later,
                    later_offset_seconds: later_offset,
                }
            } else {
                WallTime::Unique
            };
            return Resolved {
                utc_ms,
                offset_seconds,
                wall,
            };
        }
        // A gap: clocks jumped from `before` to `after` over this wall time. Read it with
        // the offset before the jump, which lands as far after the change as the wall time
        // is into the gap.
        for i in first..last {
            let (Some(&at), Some(&before), Some(&after)) = (
                self.changes.get(i),
                self.offsets.get(i),
                self.offsets.get(i + 1),
            ) else {
                continue;
            };
            let gap_start = at.saturating_add(i64::from(before) * SECOND_MS);
            let gap_end = at.saturating_add(i64::from(after) * SECOND_MS);
            if gap_start <= wall_ms && wall_ms < gap_end {
                return Resolved {
                    utc_ms: wall_ms.saturating_sub(i64::from(before) * SECOND_MS),
                    offset_seconds: after,
                    wall: WallTime::Skipped {
                        skipped_from_utc_ms: at,
                    },
                };
            }
        }
        // Not reached for a table built as above; stay total all the same.
        let offset_seconds = self.offset_seconds_at(wall_ms);
        Resolved {
            utc_ms: wall_ms.saturating_sub(i64::from(offset_seconds) * SECOND_MS),
            offset_seconds,
            wall: WallTime::Unique,
        }
    }
}

/// How a wall time maps to instants in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WallTime {
    /// It occurs once.
    Unique,
    /// Clocks were turned forward over it, so it never shows on a clock: the instant taken
    /// is as far after the change as the wall time is into the gap.
    Skipped {
        /// The change that skipped it, epoch ms.
        skipped_from_utc_ms: i64,
    },
    /// Clocks were turned back over it, so it shows twice: the earlier instant is taken.
    Repeated {
        /// The other, later instant, epoch ms.
        later_utc_ms: i64,
        /// The offset at the later instant, seconds east of UTC.
        later_offset_seconds: i32,
    },
}

/// A wall time read in a zone: the instant taken and the offset in force there, which the
/// form shows beside the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Resolved {
    /// The instant, epoch ms.
    pub utc_ms: i64,
    /// The offset in force at that instant, seconds east of UTC.
    pub offset_seconds: i32,
    /// Whether the wall time was unique, skipped or repeated.
    pub wall: WallTime,
}

/// The zone times are shown and entered in. The API serves UTC epoch values; the user
/// chooses how to see them, and the zone is always named on screen. Cloning a named zone
/// shares its table.
#[derive(Clone, Debug, PartialEq, Eq, Default, Hash)]
pub enum Zone {
    /// Coordinated Universal Time.
    #[default]
    Utc,
    /// A fixed offset, in minutes east of UTC (UTC+08:00 is 480).
    Fixed {
        /// Minutes east of UTC.
        offset_minutes: i32,
    },
    /// A zone with rules, such as `America/New_York` (also the browser's own zone).
    Named(Arc<ZoneRules>),
}

impl Zone {
    /// A zone for an offset in minutes east of UTC, or `None` beyond ±14:00. Zero is
    /// [`Zone::Utc`].
    pub fn from_offset(offset_minutes: i32) -> Option<Zone> {
        if offset_minutes == 0 {
            Some(Zone::Utc)
        } else if offset_minutes.abs() <= MAX_OFFSET_MINUTES {
            Some(Zone::Fixed { offset_minutes })
        } else {
            None
        }
    }

    /// A zone with these rules.
    pub fn named(rules: ZoneRules) -> Zone {
        Zone::Named(Arc::new(rules))
    }

    /// `"UTC"`, `"UTC+08:00"` / `"UTC-05:30"`, or the zone's name (`"America/New_York"`):
    /// what the page shows next to every time.
    pub fn name(&self) -> String {
        match self {
            Zone::Utc => "UTC".to_string(),
            Zone::Fixed { offset_minutes } => {
                format!("UTC{}", format_offset(offset_minutes.saturating_mul(60)))
            }
            Zone::Named(rules) => rules.name().to_string(),
        }
    }

    /// The name with the offset in force at `utc_ms`, for the zone picker and labels:
    /// `"America/New_York (UTC-05:00)"`; for UTC and fixed offsets just [`Zone::name`].
    pub fn label_at(&self, utc_ms: i64) -> String {
        match self {
            Zone::Named(rules) => zone_label(rules.name(), rules.offset_seconds_at(utc_ms)),
            _ => self.name(),
        }
    }

    /// The offset in force at an instant (epoch ms), in seconds east of UTC.
    pub fn offset_seconds_at(&self, utc_ms: i64) -> i32 {
        match self {
            Zone::Utc => 0,
            Zone::Fixed { offset_minutes } => offset_minutes.saturating_mul(60),
            Zone::Named(rules) => rules.offset_seconds_at(utc_ms),
        }
    }

    /// The wall time of an instant, as milliseconds since 1970-01-01T00:00 *on the zone's
    /// clock* (the instant plus its offset; saturating at the ends of `i64`).
    pub fn wall_ms(&self, utc_ms: i64) -> i64 {
        utc_ms.saturating_add(i64::from(self.offset_seconds_at(utc_ms)) * SECOND_MS)
    }

    /// The instant of a wall time (milliseconds since 1970-01-01T00:00 on the zone's
    /// clock), by the module's rule: a repeated wall time is the earlier instant, a skipped
    /// one moves forward by the gap.
    pub fn resolve(&self, wall_ms: i64) -> Resolved {
        match self {
            Zone::Named(rules) => rules.resolve(wall_ms),
            _ => {
                let offset_seconds = self.offset_seconds_at(0);
                Resolved {
                    utc_ms: wall_ms.saturating_sub(i64::from(offset_seconds) * SECOND_MS),
                    offset_seconds,
                    wall: WallTime::Unique,
                }
            }
        }
    }

    /// The end of the period of constant offset that contains `utc_ms` (the next change,
    /// epoch ms); `None` when the offset never changes after it.
    pub fn next_change_after(&self, utc_ms: i64) -> Option<i64> {
        match self {
            Zone::Named(rules) => rules.next_change_after(utc_ms),
            _ => None,
        }
    }

    /// The start of the period of constant offset that contains `utc_ms` (the last change
    /// at or before it, epoch ms); `None` when the offset never changed before it.
    pub fn last_change_at_or_before(&self, utc_ms: i64) -> Option<i64> {
        match self {
            Zone::Named(rules) => {
                let i = rules.changes.partition_point(|&c| c <= utc_ms);
                i.checked_sub(1).and_then(|p| rules.changes.get(p).copied())
            }
            _ => None,
        }
    }
}

/// `"America/New_York (UTC-05:00)"`: a zone name with an offset in seconds east of UTC.
pub fn zone_label(name: &str, offset_seconds: i32) -> String {
    format!("{name} (UTC{})", format_offset(offset_seconds))
}

/// One entry of the zone picker: a zone name and its offset now.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ZoneChoice {
    /// IANA name, e.g. `"America/New_York"`.
    pub name: String,
    /// Offset in force now, seconds east of UTC.
    pub offset_seconds: i32,
}

impl ZoneChoice {
    /// `"America/New_York (UTC-05:00)"`.
    pub fn label(&self) -> String {
        zone_label(&self.name, self.offset_seconds)
    }

    /// Whether the choice fits what was typed in the picker: every word of `needle` (split
    /// at spaces) appears, ignoring case, in the name (where `_` and `/` count as spaces,
    /// so `"new york"` finds `America/New_York`) or in the offset written as `+8`, `+08`,
    /// `+0800` or `+08:00` (`"utc+8"` works too). An empty needle fits everything.
    pub fn matches(&self, needle: &str) -> bool {
        let name: String = self
            .name
            .chars()
            .map(|c| match c {
                '_' | '/' => ' ',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        let sign = if self.offset_seconds < 0 { '-' } else { '+' };
        let a = self.offset_seconds.unsigned_abs();
        let (h, m) = (a / 3600, a / 60 % 60);
        let offsets = [
            format!("{sign}{h}"),
            format!("{sign}{h:02}"),
            format!("{sign}{h:02}{m:02}"),
            format!("{sign}{h:02}:{m:02}"),
            format!("{sign}{h}:{m:02}"),
        ];
        needle.split_whitespace().all(|word| {
            let word = word.to_lowercase().replace(['_', '/'], " ");
            let word = word.trim();
            let offset_word = strip_prefix_ci(word, "utc")
                .or_else(|| strip_prefix_ci(word, "gmt"))
                .unwrap_or(word);
            word.split_whitespace().all(|w| name.contains(w))
                || (offset_word.starts_with(['+', '-'])
                    && offsets.iter().any(|o| o.starts_with(offset_word)))
        })
    }
}

/// The zone picker's list: `(name, offset now in seconds)` pairs sorted by offset, then
/// name, duplicates dropped.
pub fn zone_choices(zones: impl IntoIterator<Item = (String, i32)>) -> Vec<ZoneChoice> {
    let mut list: Vec<ZoneChoice> = zones
        .into_iter()
        .map(|(name, offset_seconds)| ZoneChoice {
            name,
            offset_seconds,
        })
        .collect();
    list.sort_by(|a, b| (a.offset_seconds, &a.name).cmp(&(b.offset_seconds, &b.name)));
    list.dedup_by(|a, b| a.name == b.name);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_to_what_they_name() {
        assert_eq!(ZoneSpec::parse("UTC"), Ok(ZoneSpec::Utc));
        assert_eq!(ZoneSpec::parse(" z "), Ok(ZoneSpec::Utc));
        assert_eq!(ZoneSpec::parse("Local"), Ok(ZoneSpec::Local));
        let cst = Ok(ZoneSpec::Fixed {
            offset_minutes: 480,
        });
        for s in ["+08:00", "+0800", "+8", "+08", "UTC+08:00", "gmt +8"] {
            assert_eq!(ZoneSpec::parse(s), cst, "{s}");
        }
        assert_eq!(
            ZoneSpec::parse("-05:30"),
            Ok(ZoneSpec::Fixed {
                offset_minutes: -330
            })
        );
        assert_eq!(ZoneSpec::parse("+00:00"), Ok(ZoneSpec::Utc));
        for name in [
            "America/New_York",
            "Asia/Shanghai",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+5",
            "America/Port-au-Prince",
            "EST5EDT",
            "GMT0",
        ] {
            assert_eq!(ZoneSpec::parse(name), Ok(ZoneSpec::Named(name.into())));
        }
    }

    #[test]
    fn bad_settings_say_why_and_never_panic() {
        // The crash of issue #15: a four-byte string split at byte 2, inside 'é'.
        assert_eq!(ZoneSpec::parse("+1é1"), Err(ZoneError::BadOffset));
        assert_eq!(ZoneSpec::parse("UTC+1é1"), Err(ZoneError::BadOffset));
        assert_eq!(ZoneSpec::parse("ée"), Err(ZoneError::BadName));
        assert_eq!(ZoneSpec::parse("utcé"), Err(ZoneError::BadName));
        assert_eq!(ZoneSpec::parse(""), Err(ZoneError::Empty));
        assert_eq!(ZoneSpec::parse("+25:00"), Err(ZoneError::OffsetOutOfRange));
        for bad in ["+8:75", "+08:00:00", "+", "+123", "08:00", "+８"] {
            assert!(ZoneSpec::parse(bad).is_err(), "{bad}");
        }
        for bad in [
            "Mars/",
            "/UTC",
            "America//New_York",
            "Asia/Shang hai",
            "../etc",
        ] {
            assert_eq!(ZoneSpec::parse(bad), Err(ZoneError::BadName), "{bad}");
        }
        assert!(ZoneError::BadOffset.to_string().contains("+08:00"));
    }

    #[test]
    fn canonical_settings_read_back() {
        for s in ["UTC", "+05:45", "-03:30", "local", "Pacific/Chatham"] {
            let spec = ZoneSpec::parse(s).expect("valid");
            assert_eq!(spec.setting(), s);
            assert_eq!(ZoneSpec::parse(&spec.setting()), Ok(spec));
        }
    }

    #[test]
    fn the_browsers_offset_text_gives_the_offset() {
        // As Chromium writes 2024-07-01T12:00Z in New York, Kolkata, Kathmandu and UTC.
        assert_eq!(offset_from_gmt_text("7/1/2024, GMT-04:00"), Some(-4 * 3600));
        assert_eq!(offset_from_gmt_text("7/1/2024, GMT+05:30"), Some(19_800));
        assert_eq!(offset_from_gmt_text("7/1/2024, GMT+05:45"), Some(20_700));
        assert_eq!(offset_from_gmt_text("7/1/2024, GMT+00:00"), Some(0));
        assert_eq!(offset_from_gmt_text("7/1/2024, GMT"), Some(0));
        assert_eq!(offset_from_gmt_text("7/1/2024, GMT+14"), Some(14 * 3600));
        assert_eq!(
            offset_from_gmt_text("7/1/2024,\u{202f}GMT+08:00"),
            Some(8 * 3600)
        );
        // Liberia until 1972, with seconds.
        assert_eq!(
            offset_from_gmt_text("12/31/1969, GMT-00:44:30"),
            Some(-2670)
        );
        for bad in [
            "",
            "7/1/2024",
            "7/1/2024, UTC+01:00",
            "GMT-04:00x",
            "GMT+01:00 ",
            "GMT+",
            "GMT+1é1",
            "GMT+05:60",
            "GMT+05:30:60",
            "GMT+05:30:00:00",
            "GMT+99:00",
            "GMT 05:00",
            "GMT+٥",
        ] {
            assert_eq!(offset_from_gmt_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn offsets_are_written_as_iso_8601() {
        assert_eq!(format_offset(8 * 3600), "+08:00");
        assert_eq!(format_offset(-(5 * 3600 + 30 * 60)), "-05:30");
        assert_eq!(format_offset(0), "+00:00");
        assert_eq!(format_offset(-(44 * 60 + 30)), "-00:44:30");
    }

    /// A zone switching between -5 h and -4 h at fixed instants: enough to test the
    /// table logic without a database (the real zones are tested in tests/zones.rs).
    fn toy() -> ZoneRules {
        // 2024-03-10T07:00Z to -4 h, 2024-11-03T06:00Z back to -5 h.
        ZoneRules::from_changes(
            "Toy/Zone",
            -5 * 3600,
            &[
                (1_710_054_000_000, -4 * 3600),
                (1_730_613_600_000, -5 * 3600),
            ],
        )
        .expect("valid")
    }

    #[test]
    fn building_finds_each_change_to_the_second() {
        let truth = toy();
        let mut calls = 0;
        let built = ZoneRules::build("Toy/Zone", 1_700_000_000_000, 1_740_000_000_000, |t| {
            calls += 1;
            Some(truth.offset_seconds_at(t))
        })
        .expect("builds");
        assert_eq!(built, truth);
        assert!(calls < 120, "{calls} calls");
        // An offset with seconds moves the search to whole seconds.
        let odd =
            ZoneRules::from_changes("Odd", -(44 * 60 + 30), &[(63_072_030_000, 0)]).expect("valid");
        let built = ZoneRules::build("Odd", 0, 100_000_000_000, |t| {
            Some(odd.offset_seconds_at(t))
        })
        .expect("builds");
        assert_eq!(
            built.changes().collect::<Vec<_>>(),
            vec![(63_072_030_000, 0)]
        );
    }

    #[test]
    fn building_refuses_what_is_not_a_zone() {
        assert_eq!(
            ZoneRules::build("X", 10, 10, |_| Some(0)),
            Err(RulesError::BadRange)
        );
        assert_eq!(
            ZoneRules::build("X", 0, i64::MAX, |_| Some(0)),
            Err(RulesError::BadRange)
        );
        assert_eq!(
            ZoneRules::build("X", 0, 1_000_000_000, |t| (t < 5_000_000).then_some(0)),
            Err(RulesError::NoOffset { at_ms: 518_400_000 })
        );
        assert!(matches!(
            ZoneRules::build("X", 0, 1_000_000_000, |_| Some(100 * 3600)),
            Err(RulesError::OffsetOutOfRange { .. })
        ));
        // Flipping every week: refused once the table is absurd, not after hours.
        let flips = ZoneRules::build("X", 0, MAX_TABLE_SPAN_MS - 1, |t| {
            Some(if (t / (7 * DAY_MS)) % 2 == 0 { 0 } else { 3600 })
        });
        assert_eq!(flips, Err(RulesError::TooManyChanges));
    }

    #[test]
    fn wall_times_follow_the_written_rule() {
        let z = Zone::named(toy());
        let wall = |utc: i64| z.wall_ms(utc);
        // 2024-03-10 02:30 does not exist: it moves forward to 03:30 EDT (07:30Z).
        let skipped = 1_710_037_800_000; // 2024-03-10T02:30 as a wall time
        let r = z.resolve(skipped);
        assert_eq!(r.utc_ms, 1_710_055_800_000);
        assert_eq!(r.offset_seconds, -4 * 3600);
        assert_eq!(
            r.wall,
            WallTime::Skipped {
                skipped_from_utc_ms: 1_710_054_000_000
            }
        );
        // 2024-11-03 01:30 occurs twice: the earlier (EDT, 05:30Z) is taken.
        let repeated = 1_730_597_400_000; // 2024-11-03T01:30 as a wall time
        let r = z.resolve(repeated);
        assert_eq!(r.utc_ms, 1_730_611_800_000);
        assert_eq!(r.offset_seconds, -4 * 3600);
        assert_eq!(
            r.wall,
            WallTime::Repeated {
                later_utc_ms: 1_730_615_400_000,
                later_offset_seconds: -5 * 3600
            }
        );
        // Unique times round-trip.
        for utc in [1_700_000_000_000, 1_720_000_000_000, 1_735_000_000_000] {
            let r = z.resolve(wall(utc));
            assert_eq!((r.utc_ms, r.wall), (utc, WallTime::Unique));
        }
        // Fixed zones: always unique.
        let cst = Zone::from_offset(480).expect("valid");
        assert_eq!(cst.resolve(8 * 3_600_000).utc_ms, 0);
    }

    #[test]
    fn names_and_labels() {
        let z = Zone::named(toy());
        assert_eq!(z.name(), "Toy/Zone");
        assert_eq!(z.label_at(1_720_000_000_000), "Toy/Zone (UTC-04:00)");
        assert_eq!(z.label_at(1_700_000_000_000), "Toy/Zone (UTC-05:00)");
        assert_eq!(Zone::Utc.label_at(0), "UTC");
        assert_eq!(
            Zone::from_offset(-330).map(|z| z.name()),
            Some("UTC-05:30".into())
        );
    }

    #[test]
    fn the_picker_list_is_sorted_and_searchable() {
        let list = zone_choices([
            ("Europe/Berlin".to_string(), 3600),
            ("America/New_York".to_string(), -5 * 3600),
            ("Asia/Kolkata".to_string(), 19_800),
            ("Asia/Shanghai".to_string(), 8 * 3600),
            ("Asia/Shanghai".to_string(), 8 * 3600),
        ]);
        let names: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "America/New_York",
                "Europe/Berlin",
                "Asia/Kolkata",
                "Asia/Shanghai"
            ]
        );
        assert_eq!(list[0].label(), "America/New_York (UTC-05:00)");
        let find = |needle: &str| -> Vec<&str> {
            list.iter()
                .filter(|c| c.matches(needle))
                .map(|c| c.name.as_str())
                .collect()
        };
        assert_eq!(find("new york"), ["America/New_York"]);
        assert_eq!(find("NEW_YORK"), ["America/New_York"]);
        assert_eq!(find("asia"), ["Asia/Kolkata", "Asia/Shanghai"]);
        assert_eq!(find("+8"), ["Asia/Shanghai"]);
        assert_eq!(find("UTC+05:30"), ["Asia/Kolkata"]);
        assert_eq!(find("-05"), ["America/New_York"]);
        assert_eq!(find(""), names);
        assert!(find("mars").is_empty());
    }
}
