//! `newsdesk photo`: importing photos into the store beside the database.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Subcommand;
use newsdesk_core::media::{MediaFolder, Photo, PhotoInput};
use newsdesk_core::{Db, Error, Lang};
use serde::Serialize;

use crate::{Out, article_id};

#[derive(Subcommand)]
pub enum PhotoCommand {
    /// Import photos (JPEG, PNG, WebP, GIF): store each original once, make its web renditions
    /// and print it. Each file is imported whole or not at all; the first bad file stops the run.
    Add {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Attach the photos to this article's photo strip.
        #[arg(long)]
        article: Option<String>,
        /// The caption; a credit at its end (…陈鋆摄) is split off unless --credit is given.
        #[arg(long)]
        caption: Option<String>,
        /// The credit as the page shows it, e.g. 陈鋆摄.
        #[arg(long)]
        credit: Option<String>,
        /// Alt text for readers who cannot see the photo.
        #[arg(long)]
        alt: Option<String>,
    },
}

/// A photo as `photo add --json` prints it: rendition paths made absolute.
#[derive(Serialize)]
struct Printed {
    id: String,
    sha256: String,
    width: u32,
    height: u32,
    taken_at: Option<String>,
    camera: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
    photographer: Option<String>,
    alt: Option<String>,
    original: PathBuf,
    renditions: Vec<PrintedRendition>,
}

#[derive(Serialize)]
struct PrintedRendition {
    path: PathBuf,
    width: u32,
    height: u32,
}

impl Printed {
    fn new(photo: Photo, media: &MediaFolder) -> Printed {
        Printed {
            original: absolute(&media.absolute(&photo.original)),
            renditions: photo
                .renditions
                .iter()
                .map(|r| PrintedRendition {
                    path: absolute(&media.absolute(&r.path)),
                    width: r.width,
                    height: r.height,
                })
                .collect(),
            id: photo.id,
            sha256: photo.sha256,
            width: photo.width,
            height: photo.height,
            taken_at: photo.taken_at,
            camera: photo.camera,
            caption: photo.caption,
            credit: photo.credit,
            photographer: photo.photographer,
            alt: photo.alt,
        }
    }

    fn human(&self, lang: Lang) -> String {
        let mut s = format!("{}\t{}×{}", self.id, self.width, self.height);
        for (label, value) in [
            (lang.pick("图说", "caption"), &self.caption),
            (lang.pick("署名", "credit"), &self.credit),
            (lang.pick("拍摄时间", "taken"), &self.taken_at),
        ] {
            if let Some(v) = value {
                s.push_str(&format!("\n  {label}: {v}"));
            }
        }
        for r in &self.renditions {
            s.push_str(&format!("\n  {}×{}\t{}", r.width, r.height, r.path.display()));
        }
        s
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

pub fn run(db: &mut Db, db_path: &Path, cmd: PhotoCommand, out: &Out, now: DateTime<Utc>) -> Result<(), Error> {
    match cmd {
        PhotoCommand::Add {
            files,
            article,
            caption,
            credit,
            alt,
        } => {
            let article = article.map(|a| article_id(db, &a)).transpose()?;
            let media = MediaFolder::beside(db_path);
            let input = PhotoInput {
                caption,
                credit,
                alt,
                article,
            };
            let mut printed = Vec::with_capacity(files.len());
            for file in &files {
                let photo = db.import_photo(&media, file, &input, now)?;
                printed.push(Printed::new(photo, &media));
            }
            let human = |l: Lang| printed.iter().map(|p| p.human(l)).collect::<Vec<_>>().join("\n");
            if printed.len() == 1 {
                out.value(&printed[0], human);
            } else {
                out.value(&printed, human);
            }
        }
    }
    Ok(())
}
