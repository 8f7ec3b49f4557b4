//! The photo store on real image files: orientation, metadata, de-duplication, atomicity,
//! captions and credits, bad input, and real-world colour formats.

use std::path::{Path, PathBuf};

use newsdesk_core::error::PhotoProblem;
use newsdesk_core::media::{MediaFolder, Photo, PhotoInput, RenditionSettings, StoredPhotos};
use newsdesk_core::render::markdown_to_html;
use newsdesk_core::{Db, Error, ErrorKind, Lang};

use super::support::{site_db, t};

pub(super) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos")
        .join(name)
}

pub(super) struct Site {
    _dir: tempfile::TempDir,
    pub(super) db: Db,
    pub(super) media: MediaFolder,
    pub(super) db_path: PathBuf,
}

pub(super) fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let db_path = dir.path().join("site.db");
    Site {
        media: MediaFolder::beside(&db_path),
        db,
        db_path,
        _dir: dir,
    }
}

fn sized(media: &MediaFolder, edges: &[u32]) -> MediaFolder {
    media.clone().with_settings(RenditionSettings {
        long_edges: edges.to_vec(),
        quality: 82,
    })
}

fn import(s: &mut Site, name: &str) -> Photo {
    s.db.import_photo(&s.media, &fixture(name), &PhotoInput::default(), t(0))
        .unwrap_or_else(|e| panic!("{name}: {}", e.message(Lang::En)))
}

/// The decoded pixels of a rendition: (width, height, RGB).
fn pixels(media: &MediaFolder, rel: &str) -> (u32, u32, Vec<u8>) {
    let f = std::fs::File::open(media.absolute(rel)).unwrap();
    let mut d = jpeg_decoder::Decoder::new(std::io::BufReader::new(f));
    let px = d.decode().unwrap();
    let info = d.info().unwrap();
    assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24, "{rel} is RGB");
    (u32::from(info.width), u32::from(info.height), px)
}

fn at(img: &(u32, u32, Vec<u8>), x: u32, y: u32) -> [u8; 3] {
    let i = ((y * img.0 + x) * 3) as usize;
    [img.2[i], img.2[i + 1], img.2[i + 2]]
}

fn near(actual: [u8; 3], expected: [u8; 3], tolerance: i32) -> bool {
    actual
        .iter()
        .zip(expected)
        .all(|(&a, e)| (i32::from(a) - i32::from(e)).abs() <= tolerance)
}

const RED: [u8; 3] = [255, 0, 0];
const GREEN: [u8; 3] = [0, 255, 0];
const BLUE: [u8; 3] = [0, 0, 255];
const YELLOW: [u8; 3] = [255, 255, 0];

/// Top-left red, top-right green, bottom-left blue, bottom-right yellow: the fixtures' upright picture.
fn assert_upright(media: &MediaFolder, rel: &str, what: &str) {
    let img = pixels(media, rel);
    let (w, h) = (img.0, img.1);
    let inset = (w / 10).max(2);
    for (x, y, colour, corner) in [
        (inset, inset, RED, "top left"),
        (w - 1 - inset, inset, GREEN, "top right"),
        (inset, h - 1 - inset, BLUE, "bottom left"),
        (w - 1 - inset, h - 1 - inset, YELLOW, "bottom right"),
    ] {
        let got = at(&img, x, y);
        assert!(
            near(got, colour, 48),
            "{what}: the {corner} corner of {rel} is {got:?}, expected about {colour:?}"
        );
    }
}

/// Every file below the media folder.
pub(super) fn files_in(media: &MediaFolder) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(media.root(), &mut out);
    out.sort();
    out
}

pub(super) fn photo_count(db_path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db_path).unwrap();
    conn.query_row("SELECT COUNT(*) FROM photos", [], |r| r.get(0)).unwrap()
}

#[test]
fn every_exif_orientation_comes_out_upright() {
    let mut s = site();
    // 64 px keeps the full decode; 32 px makes the JPEG decoder scale by 1/2 for the second pass.
    s.media = sized(&s.media, &[64, 32]);
    for n in 1..=8 {
        let photo = import(&mut s, &format!("orientation-{n}.jpg"));
        // The stored pixels of 5–8 are 48×64; mirrored ones (2, 4) keep their sides.
        assert_eq!(
            (photo.width, photo.height),
            (64, 48),
            "orientation {n}: the upright size"
        );
        assert_eq!(photo.renditions.len(), 2);
        for r in &photo.renditions {
            let expected = if r.long_edge == 64 { (64, 48) } else { (32, 24) };
            assert_eq!((r.width, r.height), expected, "orientation {n}, {} px", r.long_edge);
            assert_upright(&s.media, &r.path, &format!("orientation {n}"));
        }
    }
    let tiny = import(&mut s, "orientation-6.jpg");
    let half = pixels(&s.media, &tiny.renditions[1].path);
    assert_eq!((half.0, half.1), (32, 24));

    // Each rendition made at 16 px from a 1/4-scale decode is still upright.
    let media16 = sized(&s.media, &[16]);
    let photo = s.db.remake_photo(&media16, &tiny.id).unwrap();
    assert_eq!((photo.renditions[0].width, photo.renditions[0].height), (16, 12));
}

#[test]
fn every_exif_orientation_comes_out_upright_from_webp_and_png_too() {
    let mut s = site();
    s.media = sized(&s.media, &[64]);
    // WebP's EXIF chunk as the spec has it (TIFF header first) and behind the `Exif\0\0` header
    // that Pillow and some phones write; PNG's eXIf chunk in the same two forms.
    for form in ["{n}.webp", "{n}-exif-header.webp", "{n}.png", "{n}-exif-header.png"] {
        for n in 1..=8 {
            let name = format!("orientation-{}", form.replace("{n}", &n.to_string()));
            let photo = import(&mut s, &name);
            assert_eq!((photo.width, photo.height), (64, 48), "{name}: the upright size");
            let r = &photo.renditions[0];
            assert_eq!((r.width, r.height), (64, 48), "{name}: the rendition's size");
            assert_upright(&s.media, &r.path, &name);
            let bytes = std::fs::read(s.media.absolute(&r.path)).unwrap();
            assert!(
                !bytes.windows(5).any(|w| w == b"Exif\0"),
                "{name}: the orientation is applied to the pixels, so the rendition carries no EXIF"
            );
        }
    }
}

#[test]
fn gps_and_every_other_tag_stay_out_of_renditions() {
    let mut s = site();
    let photo = import(&mut s, "gps.jpg");
    let original = std::fs::read(s.media.absolute(&photo.original)).unwrap();
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&original))
        .unwrap();
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some(),
        "the original is kept byte for byte, GPS and all"
    );
    assert_eq!(photo.renditions.len(), 3);
    for r in &photo.renditions {
        let bytes = std::fs::read(s.media.absolute(&r.path)).unwrap();
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(!has(b"Exif\0"), "{}: no EXIF", r.path);
        assert!(!has(b"http://ns.adobe.com"), "{}: no XMP", r.path);
        assert!(!has(b"Photoshop 3.0"), "{}: no IPTC", r.path);
        assert!(!has("陈鋆".as_bytes()), "{}: no caption or credit", r.path);
        assert!(
            exif::Reader::new()
                .read_from_container(&mut std::io::Cursor::new(&bytes))
                .is_err(),
            "{}: nothing an EXIF reader can find",
            r.path
        );
    }
    assert_eq!(photo.taken_at.as_deref(), Some("2021-09-13T02:43:08"));
    assert_eq!(photo.camera.as_deref(), Some("Canon EOS R5"));
    // XMP dc:description ends with the credit, which is split off; photoshop:Credit agrees.
    assert_eq!(
        photo.caption.as_deref(),
        Some("江勇(右三)走访福建省福清市祥兴箱包厂,与企业共渡难关。")
    );
    assert_eq!(photo.credit.as_deref(), Some("陈鋆摄"));
    assert_eq!(photo.photographer.as_deref(), Some("陈鋆"));
}

#[test]
fn iptc_caption_and_by_line_prefill_the_fields() {
    let mut s = site();
    let photo = import(&mut s, "iptc.jpg");
    assert_eq!(photo.caption.as_deref(), Some("遵义会议会址前的游客。"));
    assert_eq!(photo.credit.as_deref(), Some("王小明"));
    assert_eq!(photo.photographer.as_deref(), Some("王小明"));

    // What the editor types wins over the file's own words.
    let input = PhotoInput {
        caption: Some("会址前的游客 (记者 李华 摄)".into()),
        ..PhotoInput::default()
    };
    let again = s.db.import_photo(&s.media, &fixture("iptc.jpg"), &input, t(1)).unwrap();
    assert_eq!(again.id, photo.id);
    assert_eq!(again.caption.as_deref(), Some("会址前的游客"));
    assert_eq!(again.credit.as_deref(), Some("记者 李华 摄"));
    assert_eq!(again.photographer.as_deref(), Some("李华"));
}

#[test]
fn the_same_file_imported_twice_is_stored_once() {
    let mut s = site();
    let first = import(&mut s, "plasma.jpg");
    let files = files_in(&s.media);
    assert_eq!(files.len(), 4, "one original and three renditions: {files:?}");
    assert_eq!(first.id, &first.sha256[..16]);
    assert!(first.original.ends_with(&format!("{}.jpg", first.sha256)));
    assert!(
        first
            .original
            .starts_with(&format!("originals/{}/", &first.sha256[..2]))
    );

    let copy = s._dir.path().join("另一个名字.JPG");
    std::fs::copy(fixture("plasma.jpg"), &copy).unwrap();
    let second =
        s.db.import_photo(&s.media, &copy, &PhotoInput::default(), t(5))
            .unwrap();
    assert_eq!(second, first, "the same photo, untouched");
    assert_eq!(files_in(&s.media), files, "no second copy");
    assert_eq!(photo_count(&s.db_path), 1);
}

#[test]
fn a_failure_after_the_original_is_written_leaves_nothing_behind() {
    let mut s = site();
    // A file where the renditions folder should be: the original is written, then making the
    // renditions' folder fails.
    std::fs::create_dir_all(s.media.root()).unwrap();
    let blocker = s.media.root().join("renditions");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let err =
        s.db.import_photo(&s.media, &fixture("plasma.jpg"), &PhotoInput::default(), t(0))
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    assert_eq!(
        files_in(&s.media),
        vec![blocker.clone()],
        "the original was removed again"
    );
    assert_eq!(photo_count(&s.db_path), 0);
    std::fs::remove_file(&blocker).unwrap();

    // A database failure after every file is in place: the files go too.
    let conn = rusqlite::Connection::open(&s.db_path).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER fail BEFORE INSERT ON photo_renditions BEGIN SELECT RAISE(ABORT, 'injected'); END;",
    )
    .unwrap();
    let err =
        s.db.import_photo(&s.media, &fixture("plasma.jpg"), &PhotoInput::default(), t(0))
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Database, "{err}");
    assert!(files_in(&s.media).is_empty(), "{:?}", files_in(&s.media));
    assert_eq!(
        photo_count(&s.db_path),
        0,
        "the photo row was rolled back with its renditions"
    );

    conn.execute_batch("DROP TRIGGER fail").unwrap();
    let photo = import(&mut s, "plasma.jpg");
    assert_eq!(files_in(&s.media).len(), 4);
    assert_eq!(s.db.photo(&photo.id).unwrap(), photo);
}

#[test]
fn bad_files_get_a_clear_message_and_store_nothing() {
    let mut s = site();
    type Case = (&'static str, fn(&PhotoProblem) -> bool, &'static str);
    let cases: &[Case] = &[
        ("truncated.jpg", |p| matches!(p, PhotoProblem::Truncated), "incomplete"),
        ("text.jpg", |p| matches!(p, PhotoProblem::NotAnImage), "not a JPEG"),
        ("empty.jpg", |p| matches!(p, PhotoProblem::Empty), "empty"),
        (
            "huge.png",
            |p| {
                matches!(
                    p,
                    PhotoProblem::TooManyPixels {
                        width: 100000,
                        height: 100000,
                        ..
                    }
                )
            },
            "100000×100000",
        ),
        (
            "huge.jpg",
            |p| matches!(p, PhotoProblem::TooManyPixels { width: 65535, .. }),
            "65535×65535",
        ),
        ("corrupt.png", |p| matches!(p, PhotoProblem::Damaged(_)), "damaged"),
    ];
    for (name, expected, words) in cases {
        let started = std::time::Instant::now();
        let err =
            s.db.import_photo(&s.media, &fixture(name), &PhotoInput::default(), t(0))
                .unwrap_err();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{name} is refused quickly"
        );
        assert_eq!(err.kind(), ErrorKind::Photo, "{name}: {err}");
        let Error::Photo { problem, .. } = &err else {
            unreachable!()
        };
        assert!(expected(problem), "{name}: {problem:?}");
        let en = err.message(Lang::En);
        assert!(en.contains(words) && en.contains(name), "{name}: {en}");
        assert!(
            en.contains("nothing was imported") || en.contains("not imported"),
            "{en}"
        );
        let zh = err.message(Lang::Zh);
        assert!(zh.contains("未导入"), "{name}: {zh}");
        assert!(files_in(&s.media).is_empty(), "{name} left {:?}", files_in(&s.media));
    }
    assert_eq!(photo_count(&s.db_path), 0);
    let missing =
        s.db.import_photo(&s.media, &fixture("no-such-file.jpg"), &PhotoInput::default(), t(0))
            .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::Io);
}

#[test]
fn cmyk_jpegs_16_bit_pngs_gifs_and_webp_become_8_bit_srgb() {
    let mut s = site();
    for name in ["cmyk.jpg", "upright.png", "upright.webp", "animated.gif"] {
        let photo = import(&mut s, name);
        assert_eq!((photo.width, photo.height), (64, 48), "{name}");
        // The GIF's second frame is all blue: the corners show that the first frame was taken.
        assert_upright(&s.media, &photo.renditions[0].path, name);
    }
    let deep = import(&mut s, "deep16.png");
    let img = pixels(&s.media, &deep.renditions[0].path);
    // 50 %, 25 %, 12.5 % in 16 bits; taking the low byte would give 255s.
    let centre = at(&img, 32, 24);
    assert!(
        near(centre, [128, 64, 32], 4),
        "16-bit colour scaled to 8 bits: {centre:?}"
    );
}

#[test]
fn renditions_are_4_2_0_jpegs_fitted_to_their_long_edges_and_remade_when_settings_change() {
    let mut s = site();
    let photo = import(&mut s, "plasma.jpg");
    let sizes: Vec<_> = photo
        .renditions
        .iter()
        .map(|r| (r.long_edge, r.width, r.height))
        .collect();
    // A 640×480 original is not enlarged for the 1600 and 800 px settings.
    assert_eq!(sizes, vec![(1600, 640, 480), (800, 640, 480), (240, 240, 180)]);
    for r in &photo.renditions {
        let bytes = std::fs::read(s.media.absolute(&r.path)).unwrap();
        assert_eq!(bytes.len() as u64, r.bytes);
        let sof = bytes
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline frame");
        assert_eq!(bytes[sof + 9], 3, "three components");
        assert_eq!(bytes[sof + 11], 0x22, "luma sampled 2×2 against chroma: 4:2:0");
        assert_eq!(pixels(&s.media, &r.path).0, r.width);
    }

    let smaller = sized(&s.media, &[160, 80]);
    let mut seen = Vec::new();
    let remade =
        s.db.remake_renditions(&smaller, &mut |done, total| seen.push((done, total)))
            .unwrap();
    assert_eq!(remade, 1);
    assert_eq!(seen, vec![(0, 1), (1, 1)]);
    let photo = s.db.photo(&photo.id).unwrap();
    let sizes: Vec<_> = photo
        .renditions
        .iter()
        .map(|r| (r.long_edge, r.width, r.height))
        .collect();
    assert_eq!(sizes, vec![(160, 160, 120), (80, 80, 60)]);
    assert_eq!(
        files_in(&s.media).len(),
        3,
        "the old renditions are gone: {:?}",
        files_in(&s.media)
    );
    assert_eq!(
        s.db.remake_renditions(&smaller, &mut |_, _| {}).unwrap(),
        0,
        "nothing left to do"
    );
}

#[test]
fn figures_resolve_from_the_store_with_caller_made_urls() {
    let mut s = site();
    let photo = import(&mut s, "gps.jpg");
    let large = {
        let mut db = Db::open(&s.db_path).unwrap();
        db.import_photo(&s.media, &fixture("plasma.jpg"), &PhotoInput::default(), t(0))
            .unwrap()
    };
    let resolver = StoredPhotos::new(&s.db, |path| format!("media/{path}"));
    let html = markdown_to_html(
        &format!(
            "![走访](photo:{})\n\n![夜景](photo:{})\n\n![?](photo:0000000000000000)",
            photo.id, large.id
        ),
        &resolver,
    );
    assert!(
        html.contains(&format!(
            "src=\"media/renditions/{}/{}-1600q82.jpg\"",
            &photo.id[..2],
            photo.id
        )),
        "{html}"
    );
    assert!(
        html.contains("alt=\"走访\""),
        "the bracket text stands in for missing alt text: {html}"
    );
    assert!(
        html.contains("<figcaption>江勇(右三)走访福建省福清市祥兴箱包厂,与企业共渡难关。 <span class=\"credit\">陈鋆摄</span></figcaption>"),
        "{html}"
    );
    // 640 and 240 px wide: both in the srcset, the one that fills the column as src.
    assert!(html.contains("-240q82.jpg 240w"), "{html}");
    assert!(html.contains("width=\"640\" height=\"480\""), "{html}");
    assert!(html.contains("photo-missing"), "an unknown id stays visible: {html}");
}

/// Found by probing the pull: a portal's caption "甲图。张三摄" on a file whose XMP said 陈鋆摄
/// came in credited to 陈鋆, and the next push changed the credit readers see on the portal.
/// A credit in the caption given (typed, or the portal's) is what the page says.
#[test]
fn a_credit_in_the_caption_given_wins_over_the_files_own() {
    let mut s = site();
    let given = PhotoInput {
        caption: Some("甲图。张三摄".into()),
        ..PhotoInput::default()
    };
    let photo = s.db.import_photo(&s.media, &fixture("gps.jpg"), &given, t(0)).unwrap();
    assert_eq!(
        (
            photo.caption.as_deref(),
            photo.credit.as_deref(),
            photo.photographer.as_deref()
        ),
        (Some("甲图。"), Some("张三摄"), Some("张三"))
    );
    let mut other = site();
    let from_file = import(&mut other, "gps.jpg");
    assert_eq!(
        from_file.credit.as_deref(),
        Some("陈鋆摄"),
        "without a caption given, the file's own credit is the one"
    );
}
