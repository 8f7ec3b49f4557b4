//! An article's photo strip as the editor works it: import, words, lead photo, figures in the
//! preview at the export's addresses.

use std::path::Path;

use newsdesk_core::media::{PhotoInput, PhotoPatch};
use newsdesk_core::{ErrorKind, Lang};

use super::media::{files_in, fixture, photo_count, site};
use super::support::{id, patch, t};

#[test]
fn an_articles_photo_strip_with_its_lead_photo_and_edited_words() {
    let mut s = site();
    let article = s.db.create_article(id(1), &patch("走访企业"), t(0)).unwrap();
    let input = PhotoInput {
        article: Some(article.id),
        ..PhotoInput::default()
    };
    let a = s.db.import_photo(&s.media, &fixture("gps.jpg"), &input, t(0)).unwrap();
    let b = s.db.import_photo(&s.media, &fixture("iptc.jpg"), &input, t(1)).unwrap();
    let strip = s.db.article_photos(article.id).unwrap();
    assert_eq!(
        strip
            .iter()
            .map(|p| (p.photo.id.as_str(), p.position, p.is_lead))
            .collect::<Vec<_>>(),
        vec![(a.id.as_str(), 0, false), (b.id.as_str(), 1, false)]
    );
    s.db.set_lead_photo(article.id, Some(&b.id)).unwrap();
    s.db.set_lead_photo(article.id, Some(&a.id)).unwrap();
    assert_eq!(s.db.lead_photo(article.id).unwrap().map(|p| p.id), Some(a.id.clone()));
    let leads =
        s.db.article_photos(article.id)
            .unwrap()
            .iter()
            .filter(|p| p.is_lead)
            .count();
    assert_eq!(leads, 1, "one lead photo at a time");

    let edited =
        s.db.update_photo(
            &b.id,
            &PhotoPatch {
                caption: Some("会址前的游客。 图/新华社".into()),
                alt: Some("游客在会址前合影".into()),
                ..PhotoPatch::default()
            },
        )
        .unwrap();
    assert_eq!(edited.caption.as_deref(), Some("会址前的游客。"));
    assert_eq!(edited.credit.as_deref(), Some("图/新华社"));
    assert_eq!(edited.photographer.as_deref(), Some("新华社"));
    assert_eq!(edited.alt.as_deref(), Some("游客在会址前合影"));
    let edited =
        s.db.update_photo(
            &b.id,
            &PhotoPatch {
                credit: Some("（记者 王小明 摄）".into()),
                alt: Some(String::new()),
                ..PhotoPatch::default()
            },
        )
        .unwrap();
    assert_eq!(edited.photographer.as_deref(), Some("王小明"));
    assert_eq!(edited.alt, None, "an empty value clears");
    assert_eq!(s.db.photo(&b.id).unwrap(), edited);

    s.db.detach_photo(article.id, &a.id).unwrap();
    assert_eq!(s.db.lead_photo(article.id).unwrap(), None);
    assert_eq!(s.db.article_photos(article.id).unwrap().len(), 1);
    assert!(s.db.photo(&a.id).is_ok(), "detaching keeps the photo in the store");
    let err = s.db.attach_photo(id(99), &a.id).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = s.db.photo("ffffffffffffffff").unwrap_err();
    assert!(err.message(Lang::Zh).contains("图片"), "{}", err.message(Lang::Zh));
}

#[test]
fn the_editors_strip_imports_edits_leads_and_detaches_answering_with_itself() {
    let mut s = site();
    let article = s.db.create_article(id(1), &patch("走访企业"), t(0)).unwrap();
    let strip =
        s.db.import_into_strip(&s.media, article.id, &fixture("gps.jpg"), t(1))
            .unwrap();
    assert_eq!(strip.len(), 1);
    let photo = &strip[0];
    assert!(!photo.is_lead);
    let thumbnail = photo.thumbnail_file.as_deref().unwrap();
    let view = photo.view_file.as_deref().unwrap();
    assert!(
        thumbnail.ends_with("-240q82.jpg") && Path::new(thumbnail).is_absolute(),
        "{thumbnail}"
    );
    assert!(view.ends_with("-800q82.jpg") && Path::new(view).is_file(), "{view}");
    assert!(Path::new(thumbnail).starts_with(s.media.root()));

    // A bad file changes nothing: no row, no file, the strip as it was.
    let files = files_in(&s.media);
    let err =
        s.db.import_into_strip(&s.media, article.id, &fixture("text.jpg"), t(2))
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Photo);
    assert!(err.message(Lang::Zh).contains("text.jpg"), "{}", err.message(Lang::Zh));
    assert_eq!(files_in(&s.media), files);
    assert_eq!(photo_count(&s.db_path), 1);
    assert_eq!(s.db.photo_strip(&s.media, article.id).unwrap(), strip);
    let err =
        s.db.import_into_strip(&s.media, id(99), &fixture("iptc.jpg"), t(2))
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(photo_count(&s.db_path), 1, "nothing stored for an unknown article");

    // The same file again is the same photo, still once in the strip.
    let again =
        s.db.import_into_strip(&s.media, article.id, &fixture("gps.jpg"), t(3))
            .unwrap();
    assert_eq!(again, strip);

    let pasted = PhotoPatch {
        caption: Some("江勇(右三)走访福建省福清市祥兴箱包厂,与企业共渡难关。陈鋆摄".into()),
        ..PhotoPatch::default()
    };
    let edited = s.db.edit_strip_photo(&s.media, article.id, &photo.id, &pasted).unwrap();
    assert_eq!(
        edited[0].caption.as_deref(),
        Some("江勇(右三)走访福建省福清市祥兴箱包厂,与企业共渡难关。")
    );
    assert_eq!(edited[0].credit.as_deref(), Some("陈鋆摄"));
    assert_eq!(edited[0].photographer.as_deref(), Some("陈鋆"));

    let led = s.db.choose_lead_photo(&s.media, article.id, Some(&photo.id)).unwrap();
    assert!(led[0].is_lead);
    let unled = s.db.choose_lead_photo(&s.media, article.id, None).unwrap();
    assert!(!unled[0].is_lead);

    let emptied = s.db.detach_from_strip(&s.media, article.id, &photo.id).unwrap();
    assert!(emptied.is_empty());
    assert!(s.db.photo(&photo.id).is_ok(), "the photo stays in the store");
}

#[test]
fn the_desktop_preview_shows_figures_at_the_exports_addresses() {
    use newsdesk_core::ArticlePatch;
    use newsdesk_core::preview::{preview_article, preview_as_exported};
    use newsdesk_core::render::NoPhotos;

    let mut s = site();
    let plain = s.db.create_article(id(1), &patch("没有图片"), t(0)).unwrap();
    let with_figure = s.db.create_article(id(2), &patch("走访企业"), t(0)).unwrap();
    let strip =
        s.db.import_into_strip(&s.media, with_figure.id, &fixture("gps.jpg"), t(1))
            .unwrap();
    let body = ArticlePatch {
        body: Some(format!("走访当天。\n\n![走访](photo:{})\n\n企业复工。", strip[0].id)),
        ..ArticlePatch::default()
    };
    let shown = preview_as_exported(&s.db, with_figure.id, &body, Lang::Zh, super::support::later()).unwrap();
    let depth = shown.path.matches('/').count();
    assert!(depth > 0, "an article page lives below the root: {}", shown.path);
    let largest =
        s.db.photo(&strip[0].id)
            .unwrap()
            .renditions
            .into_iter()
            .max_by_key(|r| r.long_edge)
            .unwrap();
    let src = format!("{}media/{}", "../".repeat(depth), largest.path);
    assert!(
        shown.html.contains(&format!("src=\"{src}\"")),
        "{src} in {}",
        shown.html
    );
    assert!(
        shown
            .html
            .contains("与企业共渡难关。 <span class=\"credit\">陈鋆摄</span></figcaption>"),
        "the caption and its credit: {}",
        shown.html
    );

    let no_figures = ArticlePatch::default();
    assert_eq!(
        preview_as_exported(&s.db, plain.id, &no_figures, Lang::Zh, super::support::later()).unwrap(),
        preview_article(
            &s.db,
            plain.id,
            &no_figures,
            &NoPhotos,
            Lang::Zh,
            super::support::later()
        )
        .unwrap(),
        "an article without figures renders as it did without a photo store"
    );
}
