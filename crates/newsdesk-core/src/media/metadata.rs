//! What a photo file says about itself: EXIF orientation, time and camera; IPTC and XMP captions.
//!
//! EXIF is read by kamadak-exif (JPEG's APP1, PNG's eXIf, WebP's EXIF chunk, the last two with or
//! without the `Exif\0\0` header). XMP is read from the `<rdf:RDF>` packet
//! wherever the format keeps it (a JPEG's APP1, a PNG's iTXt, a WebP's chunk), taking
//! `dc:description`, `photoshop:Credit` and `dc:creator`. IPTC-IIM is read from a JPEG's APP13
//! (2:120 caption, 2:80 by-line); its text is UTF-8 when declared or valid, else GB18030, the
//! encoding Chinese desks' older tools write. None of this is ever copied into a rendition.

use std::io::Cursor;

use exif::{In, Tag, Value};
use quick_xml::events::Event;

use super::decode::Format;

/// The metadata the store keeps or prefills, all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Embedded {
    /// EXIF orientation, 1–8 (1 when absent or invalid).
    pub orientation: u8,
    pub taken_at: Option<String>,
    pub camera: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The photographer's name as the file's creator/by-line field gives it.
    pub creator: Option<String>,
}

pub(crate) fn read(bytes: &[u8], is_jpeg: bool) -> Embedded {
    let mut found = Embedded {
        orientation: 1,
        ..Embedded::default()
    };
    read_exif(bytes, &mut found);
    let (xmp, iptc) = if is_jpeg {
        jpeg_packets(bytes)
    } else {
        (rdf_packet(bytes), None)
    };
    if let Some(xmp) = xmp {
        read_xmp(xmp, &mut found);
    }
    if let Some(iptc) = iptc {
        read_iptc(iptc, &mut found);
    }
    found
}

fn ascii(field: &exif::Field) -> Option<String> {
    match &field.value {
        Value::Ascii(parts) => parts.first().map(|b| {
            String::from_utf8_lossy(b)
                .trim_matches(|c: char| c == '\0' || c.is_whitespace())
                .to_string()
        }),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// The EXIF data itself, from the TIFF header on, of a PNG (eXIf chunk) or WebP (EXIF chunk).
///
/// Both specs have the chunk start with the TIFF header, but Pillow and some phones put the
/// `Exif\0\0` header of a JPEG's APP1 first; kamadak-exif reads only the first form, so the
/// chunk is found here and the header dropped when present.
fn exif_chunk(bytes: &[u8]) -> Option<&[u8]> {
    let chunk = match Format::sniff(bytes)? {
        Format::Png => png_chunk(bytes, b"eXIf"),
        Format::Webp => riff_chunk(bytes, b"EXIF"),
        Format::Jpeg | Format::Gif => None,
    }?;
    Some(chunk.strip_prefix(b"Exif\0\0").unwrap_or(chunk))
}

/// The data of a PNG's first chunk of `kind` (length, type, data, CRC after the signature).
fn png_chunk<'a>(bytes: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    let mut i = 8;
    while let Some(head) = bytes.get(i..i + 8) {
        let len = u32::from_be_bytes(head[..4].try_into().ok()?) as usize;
        let data = bytes.get(i + 8..(i + 8).checked_add(len)?)?;
        match &head[4..] {
            k if k == kind => return Some(data),
            b"IEND" => return None,
            _ => i += 12 + len,
        }
    }
    None
}

/// The data of a WebP's first RIFF chunk of `kind` (type, little-endian size, data padded to even).
fn riff_chunk<'a>(bytes: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    let mut i = 12;
    while let Some(head) = bytes.get(i..i + 8) {
        let len = u32::from_le_bytes(head[4..].try_into().ok()?) as usize;
        let data = bytes.get(i + 8..(i + 8).checked_add(len)?)?;
        if &head[..4] == kind {
            return Some(data);
        }
        i += 8 + len + (len & 1);
    }
    None
}

fn read_exif(bytes: &[u8], found: &mut Embedded) {
    let exif = match exif_chunk(bytes) {
        Some(raw) => exif::Reader::new().read_raw(raw.to_vec()),
        None => exif::Reader::new().read_from_container(&mut Cursor::new(bytes)),
    };
    let Ok(exif) = exif else { return };
    let field = |tag| exif.get_field(tag, In::PRIMARY);
    if let Some(o) = field(Tag::Orientation).and_then(|f| f.value.get_uint(0))
        && (1..=8).contains(&o)
    {
        found.orientation = o as u8;
    }
    if let Some(raw) = field(Tag::DateTimeOriginal).and_then(|f| match &f.value {
        Value::Ascii(parts) => parts.first().cloned(),
        _ => None,
    }) && let Ok(mut t) = exif::DateTime::from_ascii(&raw)
    {
        if let Some(Value::Ascii(parts)) = field(Tag::OffsetTimeOriginal).map(|f| &f.value)
            && let Some(offset) = parts.first()
        {
            let _ = t.parse_offset(offset);
        }
        let mut text = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year, t.month, t.day, t.hour, t.minute, t.second
        );
        if let Some(minutes) = t.offset {
            let sign = if minutes < 0 { '-' } else { '+' };
            let m = minutes.unsigned_abs();
            text.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
        }
        found.taken_at = Some(text);
    }
    let make = field(Tag::Make).and_then(ascii);
    let model = field(Tag::Model).and_then(ascii);
    found.camera = match (make, model) {
        // Most makers repeat their name in the model (Canon EOS R5, NIKON D850); Apple does not.
        (Some(make), Some(model)) => {
            let brand = make.split_whitespace().next().unwrap_or_default().to_lowercase();
            if model.to_lowercase().starts_with(&brand) {
                Some(model)
            } else {
                Some(format!("{make} {model}"))
            }
        }
        (make, model) => model.or(make),
    };
    if found.creator.is_none() {
        found.creator = field(Tag::Artist).and_then(ascii);
    }
}

/// A JPEG's XMP packet (APP1) and IPTC-IIM block (APP13), from the segments before the image data.
fn jpeg_packets(bytes: &[u8]) -> (Option<&[u8]>, Option<&[u8]>) {
    const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    const PHOTOSHOP: &[u8] = b"Photoshop 3.0\0";
    let (mut xmp, mut iptc) = (None, None);
    let mut i = 2;
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        // Start of scan or end of image: no metadata segments follow.
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let Some(payload) = bytes.get(i + 4..i + 2 + len.max(2)) else {
            break;
        };
        match marker {
            0xE1 if xmp.is_none() => xmp = payload.strip_prefix(XMP).and_then(rdf_packet),
            0xED if iptc.is_none() => iptc = payload.strip_prefix(PHOTOSHOP).and_then(iim_block),
            _ => {}
        }
        i += 2 + len;
    }
    (xmp, iptc)
}

/// The `<rdf:RDF>…</rdf:RDF>` part of an XMP packet, wherever it is in `bytes`.
fn rdf_packet(bytes: &[u8]) -> Option<&[u8]> {
    let start = memchr::memmem::find(bytes, b"<rdf:RDF")?;
    const END: &[u8] = b"</rdf:RDF>";
    let end = start + memchr::memmem::find(&bytes[start..], END)? + END.len();
    Some(&bytes[start..end])
}

/// The IPTC-IIM data (image resource 0x0404) among Photoshop's 8BIM resources.
fn iim_block(mut resources: &[u8]) -> Option<&[u8]> {
    while resources.len() >= 12 && resources.starts_with(b"8BIM") {
        let id = u16::from_be_bytes([resources[4], resources[5]]);
        // The resource's name is a Pascal string padded to an even length.
        let name_len = usize::from(resources[6]);
        let name_total = (1 + name_len + 1) & !1;
        let size_at = 6 + name_total;
        let size = u32::from_be_bytes(resources.get(size_at..size_at + 4)?.try_into().ok()?) as usize;
        let data_at = size_at + 4;
        let data = resources.get(data_at..data_at + size)?;
        if id == 0x0404 {
            return Some(data);
        }
        resources = resources.get(data_at + ((size + 1) & !1)..)?;
    }
    None
}

fn read_iptc(mut iim: &[u8], found: &mut Embedded) {
    let mut utf8_declared = false;
    let (mut caption, mut byline) = (None, None);
    while iim.len() >= 5 && iim[0] == 0x1C {
        let (record, dataset) = (iim[1], iim[2]);
        let len = usize::from(u16::from_be_bytes([iim[3], iim[4]]));
        // Extended lengths (high bit set) only occur for binary data, never for these fields.
        if len & 0x8000 != 0 {
            break;
        }
        let Some(value) = iim.get(5..5 + len) else { break };
        match (record, dataset) {
            // CodedCharacterSet ESC % G declares UTF-8.
            (1, 90) => utf8_declared = value == b"\x1b%G",
            (2, 120) if caption.is_none() => caption = Some(value),
            (2, 80) if byline.is_none() => byline = Some(value),
            _ => {}
        }
        iim = &iim[5 + len..];
    }
    let text = |raw: &[u8]| {
        let s = match std::str::from_utf8(raw) {
            Ok(s) => s.to_string(),
            Err(_) if utf8_declared => String::from_utf8_lossy(raw).into_owned(),
            Err(_) => encoding_rs::GB18030.decode_without_bom_handling(raw).0.into_owned(),
        };
        Some(s.trim().to_string()).filter(|s| !s.is_empty())
    };
    if found.caption.is_none() {
        found.caption = caption.and_then(text);
    }
    if let Some(name) = byline.and_then(text) {
        // The by-line names the photographer; it stands as the credit when XMP gave none.
        found.creator.get_or_insert(name);
    }
}

fn read_xmp(packet: &[u8], found: &mut Embedded) {
    let Ok(text) = std::str::from_utf8(packet) else { return };
    let mut reader = quick_xml::Reader::from_str(text);
    let mut open: Vec<String> = Vec::new();
    let mut buffer = String::new();
    let (mut description, mut credit, mut creator) = (None, None, None);
    let credit_attribute = |e: &quick_xml::events::BytesStart<'_>| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == "photoshop:Credit")
            .and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if credit.is_none() {
                    credit = credit_attribute(&e);
                }
                open.push(e.name().as_ref().to_string());
                buffer.clear();
            }
            Ok(Event::Empty(e)) => {
                if credit.is_none() {
                    credit = credit_attribute(&e);
                }
            }
            Ok(Event::Text(t)) => buffer.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) => buffer.push_str(&t.into_inner()),
            Ok(Event::GeneralRef(r)) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buffer.push(c);
                } else {
                    buffer.push_str(match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Ok(Event::End(_)) => {
                let closed = open.pop().unwrap_or_default();
                let value = Some(buffer.trim().to_string()).filter(|s| !s.is_empty());
                let inside = |name: &str| open.iter().any(|o| o == name);
                if closed == "rdf:li" && inside("dc:description") {
                    description = description.or(value);
                } else if closed == "rdf:li" && inside("dc:creator") {
                    creator = creator.or(value);
                } else if closed == "photoshop:Credit" {
                    credit = credit.or(value);
                }
                buffer.clear();
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    found.caption = found.caption.take().or(description);
    found.credit = found.credit.take().or(credit.filter(|c| !c.trim().is_empty()));
    found.creator = creator.or(found.creator.take());
}
