//! A repost whose title and body nearly copy an article already there is flagged before it is
//! saved; an article that only shares a phrase with one is not.

use newsdesk_core::near_copy::{THRESHOLD, near_copies, probes};
use newsdesk_core::repost::SameBy;
use newsdesk_core::search::fold::fold;
use newsdesk_core::{ArticlePatch, Db, demo};

use super::support::{demo_db, id, t};

fn seed(db: &Db) -> newsdesk_core::Article {
    db.article(demo::SEED_ARTICLE_ID.parse().unwrap()).unwrap()
}

#[test]
fn a_reworded_title_over_the_same_body_is_a_near_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let seed = seed(&db);
    // As another portal reposts it: a new title, its own punctuation, the portrait line cut.
    let body = seed
        .body
        .replace(',', "，")
        .replace("本期人物:江勇\n\n", "")
        .replace("践行共产党员初心和使命", "践行初心使命");
    let title = "迎难而上勇担当——记遵义市就业局局长江勇";
    assert!(
        db.articles_with_title(title).unwrap().is_empty(),
        "not the very title: only the text can tell"
    );
    let same = db.same_repost(None, Some(title), &body).unwrap();
    let hit = same
        .iter()
        .find(|s| s.id == seed.id)
        .expect("the seed article is flagged");
    assert_eq!(hit.by, SameBy::Text);
    assert_eq!(hit.title, seed.title, "named by its own title, to be opened");
    let similarity = hit.similarity.expect("a near copy says how near");
    assert!(
        similarity > 0.9,
        "the same text under another title is well above the threshold ({THRESHOLD}): {similarity}"
    );
    assert_eq!(same.len(), 1, "and nothing else of the demo is: {same:?}");
}

#[test]
fn an_article_sharing_a_set_phrase_is_not_a_near_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let seed = seed(&db);
    // Another story of the same portal that quotes one sentence of the seed article word for word.
    let body = "遵义市今年新建三座跨江桥梁，方便两岸群众出行。\n\n\
                他们充分体现了共产党员对党无限忠诚、对人民认真负责的品质。\n\n\
                三座桥梁预计年底前全部建成通车。";
    let title = "遵义新建三座跨江桥梁";
    let seed_text = fold(&seed.body);
    assert!(
        probes(body).iter().any(|p| seed_text.contains(p.as_str())),
        "one of the probes is the shared sentence, so the seed article is looked at: {:?}",
        probes(body)
    );
    let same = db.same_repost(None, Some(title), body).unwrap();
    assert!(same.is_empty(), "sharing a sentence is not copying: {same:?}");
    assert!(near_copies(&db, title, body).unwrap().is_empty());
}

#[test]
fn the_very_title_is_named_once_and_a_short_body_is_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = demo_db(dir.path());
    let seed = seed(&db);
    let same = db.same_repost(None, Some(&seed.title), &seed.body).unwrap();
    assert_eq!(
        same.len(),
        1,
        "the seed once, though both its title and text match: {same:?}"
    );
    assert_eq!(same[0].by, SameBy::Title);

    // A one-line notice says too little to compare; an identical one is found by its title.
    db.create_article(
        id(900),
        &ArticlePatch {
            title: Some("停水通知".into()),
            channel: Some(db.channels().unwrap()[0].name.clone()),
            body: Some("明日上午停水，请居民提前储水。".into()),
            ..ArticlePatch::default()
        },
        t(1),
    )
    .unwrap();
    assert!(probes("明日上午停水，请居民提前储水。").is_empty());
    assert!(
        db.same_repost(None, Some("停水通知（更正）"), "明日上午停水，请居民提前储水。")
            .unwrap()
            .is_empty()
    );
}
