//! The date forms portals print, found inside a line and read in the site zone through the
//! core's parser (so its 1901–2200 range and its zone rules hold here too).

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use newsdesk_core::time::{SourceTime, in_zone};
use regex::Regex;

/// A date found in a (folded) line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub time: SourceTime,
    /// Byte range in the folded line.
    pub start: usize,
    pub end: usize,
    /// The year was not written and came from `now`.
    pub year_inferred: bool,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

const TIME: &str = r"(?:\s*(?:@|at|,)?\s*(?P<h>\d{1,2})\s*[:时]\s*(?P<mi>\d{2})(?:\s*[:分]\s*(?P<s>\d{2})秒?)?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)?";

/// The forms, most specific first; each names its parts y, m, d (mon for a month name).
static FORMS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let en_month = r"(?P<mon>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)";
    [
        // 2021年9月13日 10:20 · 2021/9/13 2:43:08 · 2021-09-13 · 2021.09.13
        format!(r"(?P<y>(?:19|20|21)\d{{2}})\s*[年/\-.]\s*(?P<m>\d{{1,2}})\s*[月/\-.]\s*(?P<d>\d{{1,2}})(?:\s*[日号])?{TIME}"),
        // 08.02.2016 22:15: day first, as European and some e-paper pages print it
        format!(r"(?:^|[^\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>(?:19|20|21)\d{{2}}){TIME}"),
        // Mon, Sep 28, 2020 @ 8:40 PM · September 28, 2020
        format!(r"(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?{en_month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20|21)\d{{2}}){TIME}"),
        // Thursday, 23 July 2020 02:50 · 28 Sep 2020
        format!(r"(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+|^|[^\d])(?P<d>\d{{1,2}})\s+{en_month}\s+(?P<y>(?:19|20|21)\d{{2}}){TIME}"),
        // 9月13日 10:20 (the year from context)
        format!(r"(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]{TIME}"),
        // 09-13 10:20 (the year from context; the time is required, or 3-4 is a score)
        r"(?:^|[^\d\-/])(?P<m>\d{1,2})-(?P<d>\d{1,2})\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?".to_string(),
    ]
    .iter()
    .map(|re| Regex::new(re).expect("the date forms are valid"))
    .collect()
});

fn month_of(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    MONTHS.iter().position(|m| lower.starts_with(m)).map(|i| i as u32 + 1)
}

/// The first date in `folded`, read in `zone`; a year left out is the latest one that does not
/// put the date after `now`.
pub fn find_date(folded: &str, zone: Tz, now: DateTime<Utc>) -> Option<FoundDate> {
    let mut best: Option<FoundDate> = None;
    for re in FORMS.iter() {
        for caps in re.captures_iter(folded) {
            let Some(found) = read(folded, &caps, zone, now) else {
                continue;
            };
            if best.as_ref().is_none_or(|b| found.start < b.start) {
                best = Some(found);
            }
            break;
        }
    }
    best
}

fn read(folded: &str, caps: &regex::Captures, zone: Tz, now: DateTime<Utc>) -> Option<FoundDate> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = num("m").or_else(|| caps.name("mon").and_then(|m| month_of(m.as_str())))?;
    let day = num("d")?;
    let today = in_zone(now, zone).date_naive();
    let (year, year_inferred) = match num("y") {
        Some(y) => (y as i32, false),
        None => {
            let this = NaiveDate::from_ymd_opt(today.year(), month, day)?;
            (if this > today { today.year() - 1 } else { today.year() }, true)
        }
    };
    NaiveDate::from_ymd_opt(year, month, day)?;
    let whole = caps.get(0)?;
    let start = caps
        .name("y")
        .into_iter()
        .chain(caps.name("m"))
        .chain(caps.name("mon"))
        .chain(caps.name("d"))
        .map(|m| m.start())
        .min()
        .unwrap_or(whole.start());
    let written = match num("h") {
        Some(mut h) => {
            let minute = num("mi")?;
            let second = num("s").unwrap_or(0);
            if let Some(ampm) = caps.name("ampm") {
                let pm = ampm.as_str().to_ascii_lowercase().starts_with('p');
                if h == 12 {
                    h = 0;
                }
                if pm {
                    h += 12;
                }
            }
            format!("{year:04}-{month:02}-{day:02} {h:02}:{minute:02}:{second:02}")
        }
        None => format!("{year:04}-{month:02}-{day:02}"),
    };
    let time = SourceTime::parse(&written, zone).ok()?;
    let end = whole.end();
    // A trailing separator the time pattern swallowed is not part of the date.
    let end = folded[..end].trim_end_matches([' ', ',', '@']).len();
    Some(FoundDate {
        time,
        start,
        end,
        year_inferred,
    })
}

/// A time as page markup writes it (a meta tag's `content`, JSON-LD's `datePublished`, a
/// `<time datetime>`): RFC 3339 with its offset (kept as the instant it names), ISO 8601
/// without one (read in `zone`), or any form [`find_date`] reads.
pub fn markup_time(value: &str, zone: Tz, now: DateTime<Utc>) -> Option<SourceTime> {
    let value = value.trim();
    if let Ok(t) = SourceTime::parse(value, zone) {
        return Some(t);
    }
    // 2021-09-13T10:20:00 (no offset), 2021-09-13T10:20:00.000
    let spaced = value.replacen('T', " ", 1);
    let spaced = spaced.split('.').next().unwrap_or(&spaced);
    if let Ok(t) = SourceTime::parse(spaced, zone) {
        return Some(t);
    }
    find_date(&crate::fold::Folded::new(value).text, zone, now).map(|d| d.time)
}

/// A day in a page's address, as most Chinese CMSs write one into it: `/2019/0508/575889.html`,
/// `/202306/27/content_1.html`, `/201802/t20180223_2858994.shtml`, `/2018-09-14/32018.html`,
/// `/2019/05/08/`. Only the path is read; a day after `now` or out of range is none.
static ADDRESS_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[/_\-.t])(?P<y>(?:19|20)\d{2})[-_/]?(?P<m>0[1-9]|1[0-2])[-_/]?(?P<d>0[1-9]|[12]\d|3[01])(?:[/_\-.]|$)",
    )
    .expect("the address form is valid")
});

/// The day in a page's address ([`ADDRESS_DAY`]), a date alone.
pub fn date_in_address(url: &str, zone: Tz, now: DateTime<Utc>) -> Option<SourceTime> {
    let after_host = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("", |j| &url[i + 3 + j..]),
        None => url,
    };
    let path = after_host.split(['?', '#']).next().unwrap_or("");
    let today = in_zone(now, zone).date_naive();
    let caps = ADDRESS_DAY.captures(path)?;
    let num = |n: &str| caps.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(num("y")? as i32, num("m")?, num("d")?)?;
    if date > today {
        return None;
    }
    SourceTime::Date(date).within_range().ok()
}
