//! Epoch-millisecond timestamps shown and read in a [`Zone`], the browser's `datetime-local`
//! format, durations, and the quick ranges on the zone's calendar ([`preset_range`]).
//! Civil-date math is done here (no chrono) so the crate stays small for wasm and never
//! reads the system clock: callers pass "now" in. Zones and their rules are in
//! [`crate::zone`].

use std::fmt::Write as _;

/// Milliseconds in a minute, hour and day.
const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// 2000-01-01T00:00:00Z: anything earlier is not a plausible call time.
pub const MIN_CALL_TIME_MS: i64 = 946_684_800_000;
/// 2100-01-01T00:00:00Z: anything from here on is not a plausible call time.
pub const MAX_CALL_TIME_MS: i64 = 4_102_444_800_000;
/// The years a search's times may be typed in, on the zone's clock: those of
/// [`MIN_CALL_TIME_MS`] to [`MAX_CALL_TIME_MS`].
pub const CALL_YEARS: std::ops::RangeInclusive<i64> = 2000..=2099;

pub use crate::zone::{format_offset, Resolved, WallTime, Zone};

/// Parses a non-empty run of ASCII digits (no sign, no spaces) that fits the type.
fn parse_digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A timestamp field of a record: an instant, or the raw text when it is not a plausible
/// epoch-milliseconds value (the API's own example returns `"100010"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallTime {
    /// Epoch milliseconds (UTC).
    At(i64),
    /// Not a plausible timestamp: shown as received.
    Raw(String),
}

/// Reads epoch-milliseconds text. Anything that is not an integer between 2000-01-01 and
/// 2100-01-01 stays [`CallTime::Raw`]: showing 1970-01-01 00:01:40 for `"100010"` would be
/// a wrong date, which is worse than the raw value.
pub fn parse_call_time(raw: &str) -> CallTime {
    match call_time_ms(raw) {
        Some(ms) => CallTime::At(ms),
        None => CallTime::Raw(raw.to_string()),
    }
}

/// [`parse_call_time`] without allocating: the instant, or `None` when it would be raw.
pub fn call_time_ms(raw: &str) -> Option<i64> {
    let t = raw.trim();
    // Numbers from JSON may arrive as "1658102400000.0" when the server sent a float.
    let t = t.strip_suffix(".0").unwrap_or(t);
    let ms: i64 = parse_digits(t)?;
    (MIN_CALL_TIME_MS..MAX_CALL_TIME_MS)
        .contains(&ms)
        .then_some(ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Both fit u32: day is 1..=31 and month 1..=12 by construction.
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Wall-clock fields of an instant in a zone.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
}

fn civil(ms: i64, zone: &Zone) -> Civil {
    civil_of_wall(zone.wall_ms(ms))
}

/// Wall-clock fields of a wall time (ms since 1970-01-01T00:00 on the zone's clock).
fn civil_of_wall(local: i64) -> Civil {
    let days = local.div_euclid(DAY_MS);
    let in_day = local.rem_euclid(DAY_MS) / 1000;
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: in_day / 3600,
        minute: in_day / 60 % 60,
        second: in_day % 60,
    }
}

/// `"2022-07-18 08:00:00"`: an instant as wall-clock time in `zone`, with the offset in
/// force at that instant.
pub fn format_ms(ms: i64, zone: &Zone) -> String {
    let mut s = String::with_capacity(19);
    format_ms_into(ms, zone, &mut s);
    s
}

/// [`format_ms`] appending to a buffer, so loops over many records reuse one allocation.
pub fn format_ms_into(ms: i64, zone: &Zone, out: &mut String) {
    let c = civil(ms, zone);
    if (0..=9999).contains(&c.year) {
        // The common case, written digit by digit: this runs for every cell of an export.
        let y = c.year as u32;
        let two = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
        let [y1, y2] = two(y / 100);
        let [y3, y4] = two(y % 100);
        let [mo1, mo2] = two(c.month);
        let [d1, d2] = two(c.day);
        let [h1, h2] = two(c.hour as u32);
        let [mi1, mi2] = two(c.minute as u32);
        let [s1, s2] = two(c.second as u32);
        let bytes = [
            y1, y2, y3, y4, b'-', mo1, mo2, b'-', d1, d2, b' ', h1, h2, b':', mi1, mi2, b':', s1,
            s2,
        ];
        out.extend(bytes.iter().map(|&b| char::from(b)));
    } else {
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        );
    }
}

/// `"2024-07-01 08:00:00 -04:00"`: [`format_ms`] followed by the offset in force at that
/// instant ([`format_offset`]), for the record detail and exports that span an offset
/// change.
pub fn format_ms_with_offset(ms: i64, zone: &Zone) -> String {
    let mut s = String::with_capacity(26);
    format_ms_with_offset_into(ms, zone, &mut s);
    s
}

/// [`format_ms_with_offset`] appending to a buffer.
pub fn format_ms_with_offset_into(ms: i64, zone: &Zone, out: &mut String) {
    format_ms_into(ms, zone, out);
    out.push(' ');
    out.push_str(&format_offset(zone.offset_seconds_at(ms)));
}

/// `"2022-07-18T08:00"`, the value of an HTML `datetime-local` input; `":SS"` is added only
/// when the seconds are not zero, as browsers do.
pub fn format_input(ms: i64, zone: &Zone) -> String {
    let c = civil(ms, zone);
    let mut s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute
    );
    if c.second != 0 {
        let _ = write!(s, ":{:02}", c.second);
    }
    s
}

/// Reads a `datetime-local` value (`"YYYY-MM-DDTHH:MM"`, optionally `":SS"` and
/// `".sss"`; a space is accepted for `T`) as wall-clock time in `zone`, the instant in
/// epoch ms. A wall time that occurs twice is the earlier instant; one that a change to
/// daylight saving skipped moves forward by the gap ([`crate::zone`]).
/// `None` when incomplete or not a real date (years 0 to 275760, as browsers allow).
pub fn parse_input(s: &str, zone: &Zone) -> Option<i64> {
    parse_input_resolved(s, zone).map(|r| r.utc_ms)
}

/// [`parse_input`] telling also the offset it took and whether the wall time was skipped
/// or repeated, for the note beside the field.
pub fn parse_input_resolved(s: &str, zone: &Zone) -> Option<Resolved> {
    parse_wall(s).map(|wall| zone.resolve(wall))
}

/// A `datetime-local` value as a wall time: ms since 1970-01-01T00:00 on the zone's clock.
fn parse_wall(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = s.split_once(['T', 't', ' '])?;
    let mut d = date.split('-');
    let (y, mo, da) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || !(4..=6).contains(&y.len()) || mo.len() != 2 || da.len() != 2 {
        return None;
    }
    let year: i64 = parse_digits(y)?;
    if year > MAX_INPUT_YEAR {
        return None;
    }
    let month: u32 = parse_digits(mo)?;
    let day: u32 = parse_digits(da)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let (time, frac) = match time.split_once('.') {
        Some((t, f)) if !f.is_empty() && f.len() <= 3 => {
            let digits: i64 = parse_digits(f)?;
            // ".5" is 500 ms, ".05" 50 ms.
            (t, digits * 10_i64.pow(3 - f.len() as u32))
        }
        Some(_) => return None,
        None => (time, 0),
    };
    let has_fraction = time.len() != s.len() - date.len() - 1;
    let mut t = time.split(':');
    let (h, mi) = (t.next()?, t.next()?);
    let sec = t.next();
    if t.next().is_some()
        || h.len() != 2
        || mi.len() != 2
        || sec.is_some_and(|x| x.len() != 2)
        || (has_fraction && sec.is_none())
    {
        return None;
    }
    let hour: i64 = parse_digits(h)?;
    let minute: i64 = parse_digits(mi)?;
    let second: i64 = match sec {
        Some(x) => parse_digits(x)?,
        None => 0,
    };
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    days.checked_mul(DAY_MS)?
        .checked_add(hour * HOUR_MS + minute * MINUTE_MS + second * 1000 + frac)
}

/// The last year a `datetime-local` input accepts (HTML's limit).
const MAX_INPUT_YEAR: i64 = 275_760;

/// `"0:45"`, `"12:03"`, `"1:02:03"`: a duration in minutes:seconds, with hours when there
/// are any. Milliseconds are truncated; a negative duration gets a leading minus.
pub fn format_duration(ms: i64) -> String {
    let mut s = String::with_capacity(8);
    format_duration_into(ms, &mut s);
    s
}

/// [`format_duration`] appending to a buffer.
pub fn format_duration_into(ms: i64, out: &mut String) {
    if ms < 0 {
        out.push('-');
    }
    let total = ms.unsigned_abs() / 1000;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let _ = if h > 0 {
        write!(out, "{h}:{m:02}:{s:02}")
    } else {
        write!(out, "{m}:{s:02}")
    };
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Weekday {
    /// Monday, the first day of the week by default (ISO 8601).
    #[default]
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Monday to Sunday.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The English name in lower case, as `config.json`'s `weekStart` spells it:
    /// `"monday"`.
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "monday",
            Weekday::Tuesday => "tuesday",
            Weekday::Wednesday => "wednesday",
            Weekday::Thursday => "thursday",
            Weekday::Friday => "friday",
            Weekday::Saturday => "saturday",
            Weekday::Sunday => "sunday",
        }
    }

    /// Reads an English day name, ignoring case and surrounding spaces: `"Sunday"`.
    pub fn parse(s: &str) -> Option<Weekday> {
        let s = s.trim();
        Weekday::ALL
            .into_iter()
            .find(|d| s.eq_ignore_ascii_case(d.name()))
    }

    /// The day of the week of a day number (days since 1970-01-01, a Thursday).
    pub fn of_day(days: i64) -> Weekday {
        let i = (days + 3).rem_euclid(7);
        Weekday::ALL.into_iter().nth(i as usize).unwrap_or_default()
    }

    /// 0 for Monday to 6 for Sunday.
    fn index(self) -> i64 {
        self as i64
    }
}

/// Quick time ranges offered next to the Begin/End fields, on the zone's calendar. Each is
/// `(begin, end)` with the end **exclusive**: the first instant after the range (so
/// Yesterday ends at 00:00 today, and the form shows `00:00`); ranges that reach the
/// present end at "now". A day is from one local midnight to the next, so it is 23 or 25
/// hours long across a change of offset; a midnight that a change skips is the first
/// instant after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// From midnight today until now.
    Today,
    /// From midnight yesterday until midnight today.
    Yesterday,
    /// From midnight of this week's first day (see [`Weekday`]) until now.
    ThisWeek,
    /// The seven calendar days before this week.
    LastWeek,
    /// From midnight of the 1st of this month until now.
    ThisMonth,
    /// The previous calendar month.
    LastMonth,
    /// The last 24 hours (always 24 × 3,600 s, whatever the clocks did).
    Last24Hours,
    /// The last 7 × 24 hours (sibling interfaces cap a query at 7 days).
    Last7Days,
}

impl Preset {
    /// Every preset, in the order the form offers them.
    pub const ALL: [Preset; 8] = [
        Preset::Today,
        Preset::Yesterday,
        Preset::ThisWeek,
        Preset::LastWeek,
        Preset::ThisMonth,
        Preset::LastMonth,
        Preset::Last24Hours,
        Preset::Last7Days,
    ];
}

/// The first instant of a day (days since 1970-01-01 on the zone's calendar), epoch ms.
fn day_start(days: i64, zone: &Zone) -> i64 {
    zone.resolve(days.saturating_mul(DAY_MS)).utc_ms
}

/// `(begin, end)` epoch ms of a preset at `now_ms` in `zone`, weeks starting on
/// `week_start`; the end is exclusive (see [`Preset`]).
pub fn preset_range(p: Preset, now_ms: i64, zone: &Zone, week_start: Weekday) -> (i64, i64) {
    let today = zone.wall_ms(now_ms).div_euclid(DAY_MS);
    let week = today - (today + 3 - week_start.index()).rem_euclid(7);
    let (year, month, _) = civil_from_days(today);
    let month_start = days_from_civil(year, month, 1);
    let (py, pm) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let day = |d: i64| day_start(d, zone);
    match p {
        Preset::Today => (day(today), now_ms),
        Preset::Yesterday => (day(today - 1), day(today)),
        Preset::ThisWeek => (day(week), now_ms),
        Preset::LastWeek => (day(week - 7), day(week)),
        Preset::ThisMonth => (day(month_start), now_ms),
        Preset::LastMonth => (day(days_from_civil(py, pm, 1)), day(month_start)),
        Preset::Last24Hours => (now_ms.saturating_sub(DAY_MS), now_ms),
        Preset::Last7Days => (now_ms.saturating_sub(7 * DAY_MS), now_ms),
    }
}

/// `(begin, end)` epoch ms of a calendar day in `zone`, end exclusive; `None` when the date
/// is not real. `(2024, 3, 10)` in `America/New_York` is 23 hours long.
pub fn day_range(year: i64, month: u32, day: u32, zone: &Zone) -> Option<(i64, i64)> {
    let real = (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    if !real || year.abs() > MAX_INPUT_YEAR {
        return None;
    }
    let d = days_from_civil(year, month, day);
    Some((day_start(d, zone), day_start(d + 1, zone)))
}

/// The calendar day (days since 1970-01-01) an instant falls on in `zone`.
pub fn day_of(ms: i64, zone: &Zone) -> i64 {
    zone.wall_ms(ms).div_euclid(DAY_MS)
}

/// The first instant of a calendar day (days since 1970-01-01) in `zone`, epoch ms.
pub fn start_of_day(days: i64, zone: &Zone) -> i64 {
    day_start(days, zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CST: Zone = Zone::Fixed {
        offset_minutes: 480,
    };

    #[test]
    fn documented_example_date_formats_in_zones() {
        assert_eq!(
            format_ms(1_658_102_400_000, &Zone::Utc),
            "2022-07-18 00:00:00"
        );
        assert_eq!(format_ms(1_658_102_400_000, &CST), "2022-07-18 08:00:00");
        let west = Zone::Fixed {
            offset_minutes: -300,
        };
        assert_eq!(format_ms(1_658_102_400_000, &west), "2022-07-17 19:00:00");
        assert_eq!(
            format_ms(1_658_102_400_999, &Zone::Utc),
            "2022-07-18 00:00:00"
        );
    }

    #[test]
    fn example_call_begin_stays_raw() {
        assert_eq!(parse_call_time("100010"), CallTime::Raw("100010".into()));
        assert_eq!(
            parse_call_time("1658102400000"),
            CallTime::At(1_658_102_400_000)
        );
        assert_eq!(
            parse_call_time(" 1658102400000 "),
            CallTime::At(1_658_102_400_000)
        );
        assert_eq!(
            parse_call_time("1658102400000.0"),
            CallTime::At(1_658_102_400_000)
        );
        // Seconds instead of milliseconds would land in 1970: keep raw, never a wrong date.
        assert_eq!(
            parse_call_time("1658102400"),
            CallTime::Raw("1658102400".into())
        );
        for raw in [
            "",
            "abc",
            "-1658102400000",
            "99999999999999999999",
            "4102444800000",
        ] {
            assert_eq!(parse_call_time(raw), CallTime::Raw(raw.into()), "{raw}");
        }
        assert_eq!(
            parse_call_time("946684800000"),
            CallTime::At(MIN_CALL_TIME_MS)
        );
    }

    #[test]
    fn datetime_local_round_trip() {
        assert_eq!(format_input(1_658_102_400_000, &CST), "2022-07-18T08:00");
        assert_eq!(
            format_input(1_658_102_407_000, &Zone::Utc),
            "2022-07-18T00:00:07"
        );
        assert_eq!(
            parse_input("2022-07-18T08:00", &CST),
            Some(1_658_102_400_000)
        );
        assert_eq!(
            parse_input("2022-07-18T00:00:07", &Zone::Utc),
            Some(1_658_102_407_000)
        );
        assert_eq!(
            parse_input("2022-07-18T00:00:07.250", &Zone::Utc),
            Some(1_658_102_407_250)
        );
        assert_eq!(
            parse_input("2022-07-18 00:00", &Zone::Utc),
            Some(1_658_102_400_000)
        );
        for bad in [
            "",
            "2022-07-18",
            "2022-07-18T",
            "2022-02-30T00:00",
            "2023-02-29T00:00",
            "2022-13-01T00:00",
            "2022-07-18T24:00",
            "2022-07-18T8:00",
            "2022-07-18T08:60",
            "22-07-18T08:00",
            "2022-07-18T08:00:00:00",
            "2022-07-18T08:00.5",
            "２０２２-07-18T08:00",
        ] {
            assert_eq!(parse_input(bad, &Zone::Utc), None, "{bad}");
        }
        assert_eq!(
            parse_input("2024-02-29T00:00", &Zone::Utc),
            Some(1_709_164_800_000)
        );
    }

    #[test]
    fn civil_math_matches_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for d in (-800_000..800_000).step_by(997) {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        for ms in [i64::MIN, i64::MAX, 0, -1] {
            let _ = format_ms(ms, &CST);
            let _ = format_input(
                ms,
                &Zone::Fixed {
                    offset_minutes: -840,
                },
            );
            let _ = format_duration(ms);
        }
    }

    #[test]
    fn durations_read_like_a_clock() {
        assert_eq!(format_duration(45_000), "0:45");
        assert_eq!(format_duration(45_999), "0:45");
        assert_eq!(format_duration(723_000), "12:03");
        assert_eq!(format_duration(3_723_000), "1:02:03");
        assert_eq!(format_duration(0), "0:00");
        assert_eq!(format_duration(-5_000), "-0:05");
    }

    #[test]
    fn presets_end_now_and_today_starts_at_local_midnight() {
        // 2022-07-18 01:30 UTC is 09:30 in UTC+08:00.
        let now = 1_658_107_800_000;
        assert_eq!(
            preset_range(Preset::Today, now, &CST, Weekday::Monday),
            (1_658_073_600_000, now)
        );
        assert_eq!(format_ms(1_658_073_600_000, &CST), "2022-07-18 00:00:00");
        assert_eq!(
            preset_range(Preset::Today, now, &Zone::Utc, Weekday::Monday).0,
            1_658_102_400_000
        );
        let west = Zone::Fixed {
            offset_minutes: -300,
        };
        assert_eq!(
            format_ms(
                preset_range(Preset::Today, now, &west, Weekday::Monday).0,
                &west
            ),
            "2022-07-17 00:00:00"
        );
        assert_eq!(
            preset_range(Preset::Last24Hours, now, &CST, Weekday::Monday),
            (now - DAY_MS, now)
        );
        assert_eq!(
            preset_range(Preset::Last7Days, now, &CST, Weekday::Monday),
            (now - 7 * DAY_MS, now)
        );
    }

    #[test]
    fn calendar_presets_in_a_fixed_zone() {
        // Wednesday 2024-05-15 10:00 in UTC+08:00.
        let now = 1_715_738_400_000;
        let at = |p: Preset, start: Weekday| {
            let (b, e) = preset_range(p, now, &CST, start);
            (format_ms(b, &CST), format_ms(e, &CST))
        };
        let now_text = "2024-05-15 10:00:00".to_string();
        let day = |d: &str| format!("{d} 00:00:00");
        assert_eq!(
            at(Preset::Yesterday, Weekday::Monday),
            (day("2024-05-14"), day("2024-05-15"))
        );
        assert_eq!(
            at(Preset::ThisWeek, Weekday::Monday),
            (day("2024-05-13"), now_text.clone())
        );
        assert_eq!(
            at(Preset::ThisWeek, Weekday::Sunday),
            (day("2024-05-12"), now_text.clone())
        );
        assert_eq!(
            at(Preset::ThisWeek, Weekday::Wednesday),
            (day("2024-05-15"), now_text.clone())
        );
        assert_eq!(
            at(Preset::LastWeek, Weekday::Monday),
            (day("2024-05-06"), day("2024-05-13"))
        );
        assert_eq!(
            at(Preset::LastWeek, Weekday::Sunday),
            (day("2024-05-05"), day("2024-05-12"))
        );
        assert_eq!(
            at(Preset::ThisMonth, Weekday::Monday),
            (day("2024-05-01"), now_text)
        );
        assert_eq!(
            at(Preset::LastMonth, Weekday::Monday),
            (day("2024-04-01"), day("2024-05-01"))
        );
        // January's last month is December of the year before.
        let jan = 1_705_284_000_000; // 2024-01-15T02:00Z
        let (b, e) = preset_range(Preset::LastMonth, jan, &Zone::Utc, Weekday::Monday);
        assert_eq!(format_ms(b, &Zone::Utc), "2023-12-01 00:00:00");
        assert_eq!(format_ms(e, &Zone::Utc), "2024-01-01 00:00:00");
    }

    #[test]
    fn weekdays_read_config_spellings() {
        assert_eq!(Weekday::parse("Sunday"), Some(Weekday::Sunday));
        assert_eq!(Weekday::parse(" monday "), Some(Weekday::Monday));
        assert_eq!(Weekday::parse("SATURDAY"), Some(Weekday::Saturday));
        for bad in ["", "Funday", "sun", "sundays", "日"] {
            assert_eq!(Weekday::parse(bad), None, "{bad}");
        }
        assert_eq!(Weekday::of_day(0), Weekday::Thursday);
        assert_eq!(Weekday::of_day(-1), Weekday::Wednesday);
        // 2024-07-01 was a Monday.
        assert_eq!(
            Weekday::of_day(days_from_civil(2024, 7, 1)),
            Weekday::Monday
        );
    }

    #[test]
    fn huge_years_are_refused_not_overflowed() {
        for s in [
            "9999999999999999999-01-01T00:00",
            "275761-01-01T00:00",
            "1234567-01-01T00:00",
        ] {
            assert_eq!(parse_input(s, &Zone::Utc), None, "{s}");
        }
        assert!(parse_input("275760-09-13T00:00", &Zone::Utc).is_some());
        assert_eq!(day_range(2024, 2, 30, &Zone::Utc), None);
        assert_eq!(day_range(i64::MAX, 1, 1, &Zone::Utc), None);
    }

    #[test]
    fn times_with_their_offset() {
        assert_eq!(
            format_ms_with_offset(1_658_102_400_000, &CST),
            "2022-07-18 08:00:00 +08:00"
        );
        assert_eq!(
            format_ms_with_offset(1_658_102_400_000, &Zone::Utc),
            "2022-07-18 00:00:00 +00:00"
        );
    }
}
