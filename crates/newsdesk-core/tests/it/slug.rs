//! Slugs from titles beyond the model's cases: polyphones by the word they are in, characters
//! outside any word, accented Latin, and the compiled-in table the slug searches.

use newsdesk_core::slug::from_title;

/// Compares every case and lists all that differ, so one run shows the whole picture.
fn check(cases: &[(&str, &str)], why: &str) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(title, want)| {
            let got = from_title(title);
            (got != want).then(|| format!("{title:?}: got {got:?}, want {want:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{why}:\n{}", wrong.join("\n"));
}

#[test]
fn polyphones_are_read_by_the_word_they_are_in() {
    check(
        &[
            // 长 is zhang in 长官 only because 行政 is taken as a word first, though 行政 itself
            // reads as its characters do: every word takes part in the split.
            ("行政长官", "xing-zheng-zhang-guan"),
            ("特区行政长官", "te-qu-xing-zheng-zhang-guan"),
            ("银行行长", "yin-hang-hang-zhang"),
            ("一行人", "yi-xing-ren"),
            ("长江", "chang-jiang"),
            ("长大", "zhang-da"),
            ("音乐会", "yin-yue-hui"),
            ("快乐", "kuai-le"),
            ("重庆", "chong-qing"),
            ("重要", "zhong-yao"),
            ("了解", "liao-jie"),
            ("人参", "ren-shen"),
            ("参加", "can-jia"),
            ("调查", "diao-cha"),
            ("调整", "tiao-zheng"),
            ("便宜", "pian-yi"),
            // Place names a Guizhou portal writes, and others people get wrong.
            ("都匀", "du-yun"),
            ("六盘水", "liu-pan-shui"),
            ("厦门", "xia-men"),
            ("蚌埠", "beng-bu"),
            ("六安", "lu-an"),
            ("番禺", "pan-yu"),
            // Compound surnames and a name with a surname's own reading.
            ("单于", "chan-yu"),
            ("万俟", "mo-qi"),
            ("曾庆红", "zeng-qing-hong"),
        ],
        "polyphones read as in their word",
    );
}

#[test]
fn a_character_outside_any_word_takes_its_most_common_reading() {
    check(
        &[
            // Not its reading as a surname (lu, ou, she): titles use these as words far more.
            ("第六届", "di-liu-jie"),
            ("区", "qu"),
            ("折", "zhe"),
            ("都", "dou"),
            // The data lists 琢's two readings with a comma; 嗯's is a tone-marked n.
            ("琢", "zhuo"),
            ("嗯", "n"),
        ],
        "a lone character reads as most people say it",
    );
}

#[test]
fn latin_letters_keep_their_letters_without_accents() {
    check(
        &[
            ("Café 开业", "cafe-kai-ye"),
            ("Pokémon", "pokemon"),
            ("naïve", "naive"),
            ("Ærø", "aero"),
            ("αβγ", "article"),
        ],
        "accents come off, other scripts are left out",
    );
}

#[test]
fn the_compiled_in_table_is_sorted_and_readable_as_a_slug() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pinyin/readings.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut previous: Option<&str> = None;
    let mut lines = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (key, reading) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{line:?}: a key and its reading, apart by a tab"));
        assert!(
            previous.is_none_or(|p| p.as_bytes() < key.as_bytes()),
            "{previous:?} before {key:?}: the slug binary-searches the table, so it is sorted by bytes, each key once"
        );
        assert!(
            reading
                .split(' ')
                .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
                || (reading.is_empty() && key.chars().count() > 1),
            "{key:?} reads {reading:?}: syllables of lower-case ASCII, or nothing for a word read as its characters"
        );
        previous = Some(key);
        lines += 1;
    }
    assert!(lines > 400_000, "every character and word of the data: {lines} lines");
}
