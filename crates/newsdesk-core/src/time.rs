//! Times as editors write them: RFC 3339 and the portal's own forms, read in the site's zone.
//!
//! A publish time is an instant with second precision, always carrying the site's offset
//! (`+08:00`, never `Z`). A source time (来源时间) may be a date alone, because newspapers
//! often say only the day; it then keeps date precision instead of inventing a midnight.

use std::fmt;
use std::ops::RangeInclusive;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, SecondsFormat, TimeZone, Timelike,
    Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Invalid, Result};

/// The years a publish or source time may fall in, as the site's zone shows it. Before 1901
/// the zones ran on local mean time (Shanghai's +08:05:43), which RFC 3339 cannot write, and no
/// news portal dates an article after 2200: a time outside is a typo, refused at every entry.
pub const YEARS: RangeInclusive<i32> = 1901..=2200;

/// `t` when it lies within [`YEARS`] and on a whole-minute offset (so that RFC 3339 writes it
/// back exactly); otherwise the refusal that names what was written.
pub fn within_range(t: DateTime<FixedOffset>, written: &str) -> Result<DateTime<FixedOffset>> {
    if YEARS.contains(&t.year()) && t.offset().local_minus_utc() % 60 == 0 {
        Ok(t)
    } else {
        Err(Invalid::TimeOutOfRange(written.to_string()).into())
    }
}

fn date_within_range(d: NaiveDate, written: &str) -> Result<NaiveDate> {
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(Invalid::TimeOutOfRange(written.to_string()).into())
    }
}

/// Reads an IANA zone name such as `Asia/Shanghai`.
pub fn parse_zone(name: &str) -> Result<Tz> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| Invalid::TimeZone(name.to_string()).into())
}

/// The instant as the site's zone shows it, to the second.
pub fn in_zone(instant: DateTime<Utc>, zone: Tz) -> DateTime<FixedOffset> {
    let local = instant.with_timezone(&zone);
    let fixed = local.with_timezone(&local.offset().fix());
    fixed.with_nanosecond(0).unwrap_or(fixed)
}

/// RFC 3339 with the offset written out, seconds precision: `2021-09-13T02:43:08+08:00`.
pub fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The portal's way of showing a publish time: `2021/9/13 2:43:08`.
pub fn portal_format(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y/%-m/%-d %-H:%M:%S").to_string()
}

/// A date, possibly with a time of day, taken apart from what the editor wrote.
struct Written {
    date: NaiveDate,
    time: Option<NaiveTime>,
}

fn parse_written(input: &str) -> Option<Written> {
    // Fold the Chinese and full-width forms into one shape: `Y-M-D H:M:S`.
    let mut s = String::with_capacity(input.len());
    for c in input.trim().chars() {
        match c {
            '年' | '月' | '/' | '.' | '／' => s.push('-'),
            '日' | '号' | 'T' | 't' => s.push(' '),
            '：' | '时' | '分' => s.push(':'),
            '秒' => {}
            '０'..='９' => s.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            c => s.push(c),
        }
    }
    let s = s.trim().trim_end_matches(':');
    let (date_part, time_part) = match s.split_once(char::is_whitespace) {
        Some((d, t)) => (d.trim_end_matches('-'), Some(t.trim())),
        None => (s.trim_end_matches('-'), None),
    };
    let mut ymd = date_part.split('-');
    let (y, m, d) = (ymd.next()?, ymd.next()?, ymd.next()?);
    if ymd.next().is_some() || y.len() != 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    let time = match time_part.filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => {
            let mut hms = t.trim_end_matches(':').split(':');
            let h: u32 = hms.next()?.trim().parse().ok()?;
            let m: u32 = hms.next()?.trim().parse().ok()?;
            let sec: u32 = match hms.next() {
                Some(x) => x.trim().parse().ok()?,
                None => 0,
            };
            if hms.next().is_some() {
                return None;
            }
            Some(NaiveTime::from_hms_opt(h, m, sec)?)
        }
    };
    Some(Written { date, time })
}

fn local_instant(naive: NaiveDateTime, zone: Tz, input: &str) -> Result<DateTime<FixedOffset>> {
    // In a DST gap there is no such wall time; in a fold the earlier one is what people mean.
    let local = zone
        .from_local_datetime(&naive)
        .earliest()
        .ok_or_else(|| Invalid::TimeSkipped {
            value: input.to_string(),
            zone: zone.name().to_string(),
        })?;
    Ok(in_zone(local.with_timezone(&Utc), zone))
}

/// Where a day begins in `zone`: at midnight, or where the clocks land when they jump over
/// midnight (Cairo, Havana and Santiago have moved them at 00:00).
fn start_of_day(date: NaiveDate, zone: Tz, input: &str) -> Result<DateTime<FixedOffset>> {
    let midnight = date.and_time(NaiveTime::MIN);
    // Gaps last at most a few hours; the first wall time after one is the day's start.
    (0..=16)
        .map(|quarter| midnight + chrono::Duration::minutes(15 * quarter))
        .find_map(|t| zone.from_local_datetime(&t).earliest())
        .map(|local| in_zone(local.with_timezone(&Utc), zone))
        .ok_or_else(|| Invalid::Time(input.to_string()).into())
}

/// Reads a publish time. A date alone means the start of that day in the site's zone: 00:00:00,
/// or where the clocks land when they skip midnight.
pub fn parse_instant(input: &str, zone: Tz) -> Result<DateTime<FixedOffset>> {
    let trimmed = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(trimmed) {
        within_range(t, input)?;
        return within_range(in_zone(t.with_timezone(&Utc), zone), input);
    }
    let w = parse_written(trimmed).ok_or_else(|| Invalid::Time(input.to_string()))?;
    date_within_range(w.date, input)?;
    let instant = match w.time {
        Some(t) => local_instant(w.date.and_time(t), zone, input)?,
        None => start_of_day(w.date, zone, input)?,
    };
    within_range(instant, input)
}

/// A time as an editor typed it (any form [`SourceTime::parse`] reads), as the window's date
/// boxes hold it: the wall time in the site's zone, `YYYY-MM-DDTHH:MM:SS`, or `YYYY-MM-DD` for
/// a date alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TimeReading {
    pub value: String,
    pub date_only: bool,
}

impl TimeReading {
    pub fn of(input: &str, zone: Tz) -> Result<TimeReading> {
        Ok(match SourceTime::parse(input, zone)? {
            SourceTime::Date(d) => TimeReading {
                value: d.format("%Y-%m-%d").to_string(),
                date_only: true,
            },
            SourceTime::Instant(t) => TimeReading {
                value: t.with_timezone(&zone).format("%Y-%m-%dT%H:%M:%S").to_string(),
                date_only: false,
            },
        })
    }
}

/// When the original appeared: a calendar date, or an instant when the time is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceTime {
    Date(NaiveDate),
    Instant(DateTime<FixedOffset>),
}

impl SourceTime {
    /// Reads a source time; a date alone keeps date precision.
    pub fn parse(input: &str, zone: Tz) -> Result<SourceTime> {
        let trimmed = input.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(trimmed) {
            within_range(t, input)?;
            return Ok(SourceTime::Instant(within_range(
                in_zone(t.with_timezone(&Utc), zone),
                input,
            )?));
        }
        let w = parse_written(trimmed).ok_or_else(|| Invalid::Time(input.to_string()))?;
        date_within_range(w.date, input)?;
        match w.time {
            None => Ok(SourceTime::Date(w.date)),
            Some(t) => Ok(SourceTime::Instant(within_range(
                local_instant(w.date.and_time(t), zone, input)?,
                input,
            )?)),
        }
    }

    /// The same time when it lies within [`YEARS`], else the refusal.
    pub fn within_range(self) -> Result<SourceTime> {
        match self {
            SourceTime::Date(d) => date_within_range(d, &self.to_string()).map(SourceTime::Date),
            SourceTime::Instant(t) => within_range(t, &self.to_string()).map(SourceTime::Instant),
        }
    }

    /// The calendar date in the site's zone, which is what a date-only time is compared by.
    pub fn date_in(&self, zone: Tz) -> NaiveDate {
        match self {
            SourceTime::Date(d) => *d,
            SourceTime::Instant(t) => t.with_timezone(&zone).date_naive(),
        }
    }

    pub fn is_date_only(&self) -> bool {
        matches!(self, SourceTime::Date(_))
    }

    /// Whether the original appeared after `publish`. A date-only time is after only when its
    /// day is later, so a repost on the same day is fine.
    pub fn is_after(&self, publish: &DateTime<FixedOffset>, zone: Tz) -> bool {
        match self {
            SourceTime::Date(d) => *d > publish.with_timezone(&zone).date_naive(),
            SourceTime::Instant(t) => t > publish,
        }
    }

    /// Re-expresses an instant in another zone (when the site's zone changes); dates stay.
    pub fn in_zone(self, zone: Tz) -> SourceTime {
        match self {
            SourceTime::Date(d) => SourceTime::Date(d),
            SourceTime::Instant(t) => SourceTime::Instant(in_zone(t.with_timezone(&Utc), zone)),
        }
    }
}

impl fmt::Display for SourceTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceTime::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            SourceTime::Instant(t) => f.write_str(&rfc3339(t)),
        }
    }
}

impl Serialize for SourceTime {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SourceTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let t = match DateTime::parse_from_rfc3339(&s) {
            Ok(t) => SourceTime::Instant(t),
            Err(_) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map(SourceTime::Date)
                .map_err(|_| serde::de::Error::custom(format!("not RFC 3339 or YYYY-MM-DD: {s}")))?,
        };
        t.within_range().map_err(out_of_range)
    }
}

/// A refusal as serde reports it, in the words of the English message (a JSON line's error
/// names the field; the import wraps it with its line number).
fn out_of_range<E: serde::de::Error>(e: crate::error::Error) -> E {
    E::custom(e.message(crate::lang::Lang::En))
}

/// Serde for instants that must keep their offset and second precision.
pub mod instant_serde {
    use super::*;

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&rfc3339(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<DateTime<FixedOffset>, D::Error> {
        let s = String::deserialize(d)?;
        read(&s)
    }

    /// An RFC 3339 instant within [`YEARS`](super::YEARS).
    pub(crate) fn read<E: serde::de::Error>(s: &str) -> std::result::Result<DateTime<FixedOffset>, E> {
        let t = DateTime::parse_from_rfc3339(s).map_err(E::custom)?;
        within_range(t, s).map_err(out_of_range)
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            t: &Option<DateTime<FixedOffset>>,
            s: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_str(&rfc3339(t)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> std::result::Result<Option<DateTime<FixedOffset>>, D::Error> {
            Option::<String>::deserialize(d)?.map(|s| read(&s)).transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SH: Tz = chrono_tz::Asia::Shanghai;

    #[test]
    fn portal_forms_read_in_the_site_zone() {
        for (input, want) in [
            ("2021/9/13 2:43:08", "2021-09-13T02:43:08+08:00"),
            ("2021-09-13 02:43", "2021-09-13T02:43:00+08:00"),
            ("2020-08-12", "2020-08-12T00:00:00+08:00"),
            ("2021年9月13日", "2021-09-13T00:00:00+08:00"),
            ("2021年9月13日 10:30", "2021-09-13T10:30:00+08:00"),
            ("2021-09-12T18:43:08Z", "2021-09-13T02:43:08+08:00"),
            (" 2021/9/13 2:43:08\r\n", "2021-09-13T02:43:08+08:00"),
        ] {
            assert_eq!(rfc3339(&parse_instant(input, SH).unwrap()), want, "reading {input:?}");
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in ["2021-02-30", "2021/13/1", "2021-09-13 25:00", "昨天", "", "13/9/2021"] {
            assert!(parse_instant(bad, SH).is_err(), "{bad:?} must be refused, not guessed");
        }
    }

    #[test]
    fn a_date_alone_keeps_date_precision_as_source_time() {
        let t = SourceTime::parse("2020-08-12", SH).unwrap();
        assert_eq!(t, SourceTime::Date(NaiveDate::from_ymd_opt(2020, 8, 12).unwrap()));
        assert_eq!(t.to_string(), "2020-08-12");
        let same_day = parse_instant("2020-08-12 00:30", SH).unwrap();
        assert!(!t.is_after(&same_day, SH), "the same calendar day is not after");
    }

    #[test]
    fn a_wall_time_the_clocks_skip_says_so_and_a_day_starts_where_they_land() {
        let ny = chrono_tz::America::New_York;
        let e = parse_instant("2021-03-14 02:30", ny).unwrap_err();
        assert!(
            matches!(&e, crate::Error::Invalid(Invalid::TimeSkipped { zone, .. }) if zone == "America/New_York"),
            "a DST gap is not a misspelt time: {e:?}"
        );
        assert!(
            e.to_wire(crate::Lang::Zh).message.contains("时钟拨快"),
            "the message says why"
        );
        assert_eq!(
            rfc3339(&parse_instant("2021-03-14 03:30", ny).unwrap()),
            "2021-03-14T03:30:00-04:00"
        );
        assert_eq!(
            rfc3339(&parse_instant("2021-11-07 01:30", ny).unwrap()),
            "2021-11-07T01:30:00-04:00",
            "in a fold the earlier time is meant"
        );
        // Cairo moved its clocks from 00:00 to 01:00 on 2023-04-28: the day began at 01:00, and a
        // date alone (which means the start of the day) was refused as unreadable before.
        let cairo = chrono_tz::Africa::Cairo;
        assert_eq!(
            rfc3339(&parse_instant("2023-04-28", cairo).unwrap()),
            "2023-04-28T01:00:00+03:00"
        );
        assert!(
            parse_instant("2023-04-28 00:30", cairo).is_err(),
            "a skipped time stays refused"
        );
    }

    #[test]
    fn portal_format_has_no_padding() {
        let t = parse_instant("2021-09-13T02:43:08+08:00", SH).unwrap();
        assert_eq!(portal_format(&t), "2021/9/13 2:43:08");
    }
}
