//! Recognising an image by its bytes and decoding it to 8-bit sRGB, as small as the renditions allow.
//!
//! JPEGs go through jpeg-decoder, whose IDCT can scale by 1/2, 1/4 or 1/8 while decoding: a
//! 6000×4000 photo for a 1600 px rendition decodes straight to 3000×2000, a quarter of the work
//! and memory. PNG, WebP and GIF go through the image crate. The header is read, and its size
//! checked against [`MAX_PIXELS`], before any pixel buffer is allocated.

use std::io::Cursor;

use image::{DynamicImage, ImageError, ImageFormat, ImageReader, Limits, RgbImage};

use super::MAX_PIXELS;
use crate::error::PhotoProblem;

/// The formats the store takes, recognised by their signatures rather than their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl Format {
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Format::Webp)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Format::Gif)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            other => other.name(),
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::Webp => ImageFormat::WebP,
            Format::Gif => ImageFormat::Gif,
        }
    }
}

/// The decoder's own allocations are capped too, so a small file that expands into a huge
/// buffer (a decompression bomb) fails instead of exhausting memory.
const MAX_DECODER_BYTES: u64 = 1 << 30;

fn check_pixels(width: u64, height: u64) -> Result<(), PhotoProblem> {
    if width == 0 || height == 0 {
        return Err(PhotoProblem::Damaged(format!(
            "the header says {width}×{height} pixels"
        )));
    }
    if width * height > MAX_PIXELS {
        return Err(PhotoProblem::TooManyPixels {
            width,
            height,
            limit: MAX_PIXELS,
        });
    }
    Ok(())
}

fn jpeg_problem(e: jpeg_decoder::Error) -> PhotoProblem {
    match e {
        jpeg_decoder::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => PhotoProblem::Truncated,
        jpeg_decoder::Error::Unsupported(f) => PhotoProblem::Unsupported(format!("{f:?}")),
        other => PhotoProblem::Damaged(other.to_string()),
    }
}

fn image_problem(e: ImageError) -> PhotoProblem {
    match e {
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => PhotoProblem::Truncated,
        ImageError::Unsupported(u) => PhotoProblem::Unsupported(u.to_string()),
        ImageError::Limits(l) => PhotoProblem::Unsupported(format!("{l}")),
        ImageError::Decoding(d) => {
            let text = d.to_string();
            // The PNG and GIF decoders report a short file as a decoding error, not as EOF.
            let lower = text.to_lowercase();
            if lower.contains("eof") || lower.contains("end of file") || lower.contains("unexpected end") {
                PhotoProblem::Truncated
            } else {
                PhotoProblem::Damaged(text)
            }
        }
        other => PhotoProblem::Damaged(other.to_string()),
    }
}

fn reader(bytes: &[u8], format: Format) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODER_BYTES);
    reader.limits(limits);
    reader
}

/// The picture's stored size (before orientation), read from its header alone.
pub(crate) fn dimensions(bytes: &[u8], format: Format) -> Result<(u32, u32), PhotoProblem> {
    let (w, h) = match format {
        Format::Jpeg => {
            let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
            d.read_info().map_err(jpeg_problem)?;
            let info = d.info().ok_or(PhotoProblem::Truncated)?;
            (u32::from(info.width), u32::from(info.height))
        }
        _ => reader(bytes, format).into_dimensions().map_err(image_problem)?,
    };
    check_pixels(u64::from(w), u64::from(h))?;
    Ok((w, h))
}

/// Decodes to RGB, in the stored orientation, at least `long_edge` pixels on the long side
/// when the picture has that many (JPEGs may come out smaller than stored: DCT scaling).
pub(crate) fn decode(bytes: &[u8], format: Format, long_edge: u32) -> Result<RgbImage, PhotoProblem> {
    dimensions(bytes, format)?;
    // A decoder bug on hostile input must end as an error for this file, not bring the app down.
    std::panic::catch_unwind(|| match format {
        Format::Jpeg => decode_jpeg(bytes, long_edge),
        _ => {
            let image = reader(bytes, format).decode().map_err(image_problem)?;
            Ok(flatten(image))
        }
    })
    .unwrap_or_else(|_| Err(PhotoProblem::Damaged("the decoder gave up".into())))
}

fn decode_jpeg(bytes: &[u8], long_edge: u32) -> Result<RgbImage, PhotoProblem> {
    let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    d.set_max_decoding_buffer_size(MAX_DECODER_BYTES as usize);
    d.read_info().map_err(jpeg_problem)?;
    let want = u16::try_from(long_edge).unwrap_or(u16::MAX);
    // jpeg-decoder picks the smallest scale at which either side reaches the request, which for
    // a square request is the long side.
    d.scale(want, want).map_err(jpeg_problem)?;
    let pixels = d.decode().map_err(jpeg_problem)?;
    let info = d.info().ok_or(PhotoProblem::Truncated)?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let rgb = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&l| [l, l, l]).collect(),
        jpeg_decoder::PixelFormat::CMYK32 => cmyk_to_rgb(&pixels),
        jpeg_decoder::PixelFormat::L16 => {
            return Err(PhotoProblem::Unsupported("12/16-bit grayscale JPEG".into()));
        }
    };
    RgbImage::from_raw(w, h, rgb).ok_or(PhotoProblem::Truncated)
}

/// jpeg-decoder gives CMYK as ink amounts (it has already undone Adobe's inverted storage, and
/// converted YCCK); without an ICC transform the plain subtractive model is what print desks'
/// proofs expect: a colour is what the paper reflects through the inks.
fn cmyk_to_rgb(cmyk: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(cmyk.len() / 4 * 3);
    for px in cmyk.chunks_exact(4) {
        let white = 255 - u32::from(px[3]);
        for &ink in &px[..3] {
            out.push((((255 - u32::from(ink)) * white + 127) / 255) as u8);
        }
    }
    out
}

/// To 8-bit RGB: 16-bit channels are scaled (not truncated), and transparency is laid on white,
/// the page's background, instead of turning black.
fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut rgb = Vec::with_capacity(w as usize * h as usize * 3);
    for px in rgba.pixels() {
        let a = u32::from(px[3]);
        for &c in &px.0[..3] {
            rgb.push(((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    RgbImage::from_raw(w, h, rgb).expect("the buffer has w×h pixels")
}
