//! Making the web renditions: resize (fast_image_resize, SIMD), turn upright, encode JPEG 4:2:0.
//!
//! Each size is resized from the next larger one (or from the decoded picture), so the large
//! convolution runs once; the resize happens in the stored orientation, which is cheaper than
//! rotating the full picture, and only the small results are turned upright. The JPEG encoder is
//! given pixels alone, so no EXIF, GPS or XMP can reach a rendition.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};
use jpeg_encoder::{ColorType, Encoder, SamplingFactor};

use crate::error::PhotoProblem;

/// One encoded rendition, not yet on disk.
pub(crate) struct Encoded {
    pub long_edge: u32,
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
}

/// Whether EXIF orientation `o` swaps width and height.
pub(crate) fn swaps_sides(o: u8) -> bool {
    (5..=8).contains(&o)
}

/// The size of a picture of `width`×`height` fitted to `long_edge`, never enlarged.
pub(crate) fn fitted(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_edge {
        return (width, height);
    }
    let scale = f64::from(long_edge) / f64::from(long);
    let side = |s: u32| ((f64::from(s) * scale).round() as u32).max(1);
    (side(width), side(height))
}

fn resize(source: &RgbImage, width: u32, height: u32) -> Result<RgbImage, PhotoProblem> {
    if source.dimensions() == (width, height) {
        return Ok(source.clone());
    }
    let (sw, sh) = source.dimensions();
    let src =
        ImageRef::new(sw, sh, source.as_raw(), PixelType::U8x3).map_err(|e| PhotoProblem::Damaged(e.to_string()))?;
    let mut dst = Image::new(width, height, PixelType::U8x3);
    // Lanczos3, as libvips' thumbnail uses: sharp enough for news photos without ringing halos.
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| PhotoProblem::Damaged(e.to_string()))?;
    RgbImage::from_raw(width, height, dst.into_vec()).ok_or_else(|| PhotoProblem::Damaged("resize".into()))
}

fn upright(image: RgbImage, orientation: u8) -> RgbImage {
    match Orientation::from_exif(orientation) {
        Some(Orientation::NoTransforms) | None => image,
        Some(o) => {
            let mut dynamic = DynamicImage::ImageRgb8(image);
            dynamic.apply_orientation(o);
            dynamic.into_rgb8()
        }
    }
}

fn encode(image: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoProblem> {
    let (w, h) = image.dimensions();
    let mut jpeg = Vec::with_capacity(w as usize * h as usize / 4);
    let mut encoder = Encoder::new(&mut jpeg, quality);
    encoder.set_sampling_factor(SamplingFactor::F_2_2);
    // Optimised Huffman tables cost one more pass over the coefficients and save 5–10 %.
    encoder.set_optimized_huffman_tables(true);
    let side = |s: u32| u16::try_from(s).map_err(|_| PhotoProblem::Unsupported(format!("{s} px")));
    encoder
        .encode(image.as_raw(), side(w)?, side(h)?, ColorType::Rgb)
        .map_err(|e| PhotoProblem::Damaged(e.to_string()))?;
    Ok(jpeg)
}

/// Every rendition of a decoded picture, largest first. `stored` is the original's size before
/// orientation (the decoded picture may be smaller, by DCT scaling); `edges` come largest first.
pub(crate) fn make(
    decoded: RgbImage,
    stored: (u32, u32),
    orientation: u8,
    edges: &[u32],
    quality: u8,
) -> Result<Vec<Encoded>, PhotoProblem> {
    let mut resized: Vec<(u32, RgbImage)> = Vec::with_capacity(edges.len());
    for &edge in edges {
        // Sizes are computed from the original, not the decoded picture, so that a rendition's
        // size does not depend on the decoder's scale.
        let (w, h) = fitted(stored.0, stored.1, edge);
        let next = resize(resized.last().map_or(&decoded, |(_, image)| image), w, h)?;
        resized.push((edge, next));
    }
    drop(decoded);
    // The encodes are independent: one thread each (the largest dominates).
    std::thread::scope(|s| {
        let jobs: Vec<_> = resized
            .into_iter()
            .map(|(edge, image)| {
                s.spawn(move || {
                    let image = upright(image, orientation);
                    let (width, height) = image.dimensions();
                    encode(&image, quality).map(|jpeg| Encoded {
                        long_edge: edge,
                        width,
                        height,
                        jpeg,
                    })
                })
            })
            .collect();
        jobs.into_iter()
            .map(|j| {
                j.join()
                    .unwrap_or_else(|_| Err(PhotoProblem::Damaged("the encoder gave up".into())))
            })
            .collect()
    })
}
