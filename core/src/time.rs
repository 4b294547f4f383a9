//! Time zones, epoch-millisecond timestamps, the browser's `datetime-local` format and
//! durations. Civil-date math is done here (no chrono) so the crate stays small for wasm and
//! never reads the system clock: callers pass "now" in.

use std::fmt::Write as _;

/// Milliseconds in a minute, hour and day.
const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// 2000-01-01T00:00:00Z: anything earlier is not a plausible call time.
pub const MIN_CALL_TIME_MS: i64 = 946_684_800_000;
/// 2100-01-01T00:00:00Z: anything from here on is not a plausible call time.
pub const MAX_CALL_TIME_MS: i64 = 4_102_444_800_000;

/// Largest UTC offset in use anywhere (UTC+14:00), so typos like "+80:00" are rejected.
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// The zone times are shown and entered in. The API serves UTC epoch values; the user
/// chooses how to see them, and the zone is always named on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Zone {
    /// Coordinated Universal Time.
    #[default]
    Utc,
    /// A fixed offset, in minutes east of UTC (UTC+08:00 is 480).
    Fixed {
        /// Minutes east of UTC.
        offset_minutes: i32,
    },
}

impl Zone {
    /// Reads `"UTC"`, `"Z"`, `"GMT"`, `"local"` (which becomes `local_offset_minutes`,
    /// minutes east of UTC, as the browser reports it negated in `getTimezoneOffset`), or an
    /// offset such as `"+08:00"`, `"-05:30"`, `"+0800"`, `"+8"`, optionally prefixed by
    /// `"UTC"`/`"GMT"`. A zero offset is normalised to [`Zone::Utc`].
    pub fn parse(s: &str, local_offset_minutes: i32) -> Option<Zone> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("local") {
            return Zone::from_offset(local_offset_minutes);
        }
        if s.eq_ignore_ascii_case("utc")
            || s.eq_ignore_ascii_case("z")
            || s.eq_ignore_ascii_case("gmt")
        {
            return Some(Zone::Utc);
        }
        let rest = strip_prefix_ci(s, "utc")
            .or_else(|| strip_prefix_ci(s, "gmt"))
            .unwrap_or(s)
            .trim_start();
        let (sign, rest) = match rest.as_bytes().first()? {
            b'+' => (1, &rest[1..]),
            b'-' => (-1, &rest[1..]),
            _ => return None,
        };
        let (h, m) = match rest.split_once(':') {
            Some((h, m)) => (h, m),
            None if rest.len() == 4 => rest.split_at(2),
            None => (rest, "0"),
        };
        if h.is_empty() || h.len() > 2 || m.is_empty() || m.len() > 2 {
            return None;
        }
        let h: i32 = parse_digits(h)?;
        let m: i32 = parse_digits(m)?;
        if m >= 60 {
            return None;
        }
        Zone::from_offset(sign * (h * 60 + m))
    }

    /// A zone for an offset in minutes east of UTC, or `None` beyond ±14:00.
    pub fn from_offset(offset_minutes: i32) -> Option<Zone> {
        if offset_minutes == 0 {
            Some(Zone::Utc)
        } else if offset_minutes.abs() <= MAX_OFFSET_MINUTES {
            Some(Zone::Fixed { offset_minutes })
        } else {
            None
        }
    }

    /// `"UTC"` or `"UTC+08:00"` / `"UTC-05:30"`: what the page shows next to every time.
    pub fn name(&self) -> String {
        let off = self.offset_minutes();
        if off == 0 {
            return "UTC".to_string();
        }
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.unsigned_abs();
        format!("UTC{sign}{:02}:{:02}", a / 60, a % 60)
    }

    /// Minutes east of UTC.
    pub fn offset_minutes(&self) -> i32 {
        match self {
            Zone::Utc => 0,
            Zone::Fixed { offset_minutes } => *offset_minutes,
        }
    }

    fn offset_ms(&self) -> i64 {
        i64::from(self.offset_minutes()) * MINUTE_MS
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

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

fn civil(ms: i64, zone: Zone) -> Civil {
    let local = ms.saturating_add(zone.offset_ms());
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

/// `"2022-07-18 08:00:00"`: an instant as wall-clock time in `zone`.
pub fn format_ms(ms: i64, zone: Zone) -> String {
    let mut s = String::with_capacity(19);
    format_ms_into(ms, zone, &mut s);
    s
}

/// [`format_ms`] appending to a buffer, so loops over many records reuse one allocation.
pub fn format_ms_into(ms: i64, zone: Zone, out: &mut String) {
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

/// `"2022-07-18T08:00"`, the value of an HTML `datetime-local` input; `":SS"` is added only
/// when the seconds are not zero, as browsers do.
pub fn format_input(ms: i64, zone: Zone) -> String {
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
/// `".sss"`; a space is accepted for `T`) as wall-clock time in `zone`. `None` when
/// incomplete or not a real date.
pub fn parse_input(s: &str, zone: Zone) -> Option<i64> {
    let s = s.trim();
    let (date, time) = s.split_once(['T', 't', ' '])?;
    let mut d = date.split('-');
    let (y, mo, da) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || y.len() < 4 || mo.len() != 2 || da.len() != 2 {
        return None;
    }
    let year: i64 = parse_digits(y)?;
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
    let local = days
        .checked_mul(DAY_MS)?
        .checked_add(hour * HOUR_MS + minute * MINUTE_MS + second * 1000 + frac)?;
    local.checked_sub(zone.offset_ms())
}

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

/// Quick time ranges offered next to the Begin/End fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// From midnight today (in the zone) until now.
    Today,
    /// The last 24 hours.
    Last24Hours,
    /// The last 7 days (sibling interfaces cap a query at 7 days).
    Last7Days,
}

/// `(begin, end)` epoch ms of a preset ending at `now_ms`.
pub fn preset_range(p: Preset, now_ms: i64, zone: Zone) -> (i64, i64) {
    let begin = match p {
        Preset::Today => {
            let off = zone.offset_ms();
            let local = now_ms.saturating_add(off);
            local
                .saturating_sub(local.rem_euclid(DAY_MS))
                .saturating_sub(off)
        }
        Preset::Last24Hours => now_ms.saturating_sub(DAY_MS),
        Preset::Last7Days => now_ms.saturating_sub(7 * DAY_MS),
    };
    (begin, now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CST: Zone = Zone::Fixed {
        offset_minutes: 480,
    };

    #[test]
    fn zone_parsing_accepts_config_spellings() {
        assert_eq!(Zone::parse("UTC", 60), Some(Zone::Utc));
        assert_eq!(Zone::parse("z", 60), Some(Zone::Utc));
        assert_eq!(Zone::parse("local", 480), Some(CST));
        assert_eq!(Zone::parse("Local", 0), Some(Zone::Utc));
        assert_eq!(Zone::parse("+08:00", 0), Some(CST));
        assert_eq!(Zone::parse("+0800", 0), Some(CST));
        assert_eq!(Zone::parse("+8", 0), Some(CST));
        assert_eq!(Zone::parse("UTC+08:00", 0), Some(CST));
        assert_eq!(
            Zone::parse("-05:30", 0),
            Some(Zone::Fixed {
                offset_minutes: -330
            })
        );
        assert_eq!(Zone::parse("+00:00", 0), Some(Zone::Utc));
        for bad in [
            "",
            "Mars",
            "08:00",
            "+8:75",
            "+25:00",
            "+08:00:00",
            "+",
            "+123",
        ] {
            assert_eq!(Zone::parse(bad, 0), None, "{bad}");
        }
        assert_eq!(Zone::parse("local", 20 * 60), None);
    }

    #[test]
    fn zone_names_say_the_offset() {
        assert_eq!(Zone::Utc.name(), "UTC");
        assert_eq!(CST.name(), "UTC+08:00");
        assert_eq!(
            Zone::Fixed {
                offset_minutes: -330
            }
            .name(),
            "UTC-05:30"
        );
    }

    #[test]
    fn documented_example_date_formats_in_zones() {
        assert_eq!(
            format_ms(1_658_102_400_000, Zone::Utc),
            "2022-07-18 00:00:00"
        );
        assert_eq!(format_ms(1_658_102_400_000, CST), "2022-07-18 08:00:00");
        let west = Zone::Fixed {
            offset_minutes: -300,
        };
        assert_eq!(format_ms(1_658_102_400_000, west), "2022-07-17 19:00:00");
        assert_eq!(
            format_ms(1_658_102_400_999, Zone::Utc),
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
        assert_eq!(format_input(1_658_102_400_000, CST), "2022-07-18T08:00");
        assert_eq!(
            format_input(1_658_102_407_000, Zone::Utc),
            "2022-07-18T00:00:07"
        );
        assert_eq!(
            parse_input("2022-07-18T08:00", CST),
            Some(1_658_102_400_000)
        );
        assert_eq!(
            parse_input("2022-07-18T00:00:07", Zone::Utc),
            Some(1_658_102_407_000)
        );
        assert_eq!(
            parse_input("2022-07-18T00:00:07.250", Zone::Utc),
            Some(1_658_102_407_250)
        );
        assert_eq!(
            parse_input("2022-07-18 00:00", Zone::Utc),
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
            assert_eq!(parse_input(bad, Zone::Utc), None, "{bad}");
        }
        assert_eq!(
            parse_input("2024-02-29T00:00", Zone::Utc),
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
            let _ = format_ms(ms, CST);
            let _ = format_input(
                ms,
                Zone::Fixed {
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
            preset_range(Preset::Today, now, CST),
            (1_658_073_600_000, now)
        );
        assert_eq!(format_ms(1_658_073_600_000, CST), "2022-07-18 00:00:00");
        assert_eq!(
            preset_range(Preset::Today, now, Zone::Utc).0,
            1_658_102_400_000
        );
        let west = Zone::Fixed {
            offset_minutes: -300,
        };
        assert_eq!(
            format_ms(preset_range(Preset::Today, now, west).0, west),
            "2022-07-17 00:00:00"
        );
        assert_eq!(
            preset_range(Preset::Last24Hours, now, CST),
            (now - DAY_MS, now)
        );
        assert_eq!(
            preset_range(Preset::Last7Days, now, CST),
            (now - 7 * DAY_MS, now)
        );
    }
}
