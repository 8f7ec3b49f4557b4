//! A WordPress portal over REST v2, signed in with an application password (HTTP Basic).
//!
//! Every call maps the portal's answer to the core's errors: no answer is [`Error::Network`]
//! (with whether the request may have gone through), 401 is [`Error::Auth`], any other refusal
//! [`RemoteProblem::Refused`] with WordPress's code. No message carries the password: it is
//! only ever in the Authorization header, which the request log never sees.

use base64::Engine;
use newsdesk_core::Error;
use newsdesk_core::error::RemoteProblem;
use serde_json::Value;

use crate::credentials::Secret;
use crate::http::{Http, NoAnswer, Reply, Request};

/// A failed call, with what the outbox needs to know.
#[derive(Debug)]
pub struct CallError {
    pub error: Error,
    /// The request may have reached the portal and acted.
    pub maybe_sent: bool,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// The refusal's JSON (WordPress's `code`, `message`, `data`).
    pub body: Option<Value>,
}

impl From<CallError> for Error {
    fn from(e: CallError) -> Error {
        e.error
    }
}

pub type Call<T> = Result<T, CallError>;

/// A post as the portal answers with `context=edit`.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub id: i64,
    pub link: Option<String>,
    pub status: String,
    pub slug: String,
    pub modified_gmt: Option<String>,
    pub title_raw: String,
    /// The content a page is made of (see [`content_html`]).
    pub content_html: String,
    pub json: Value,
}

/// A post's content as the HTML a reader's page is made of. That is the stored `raw`, except
/// for a classic-editor post whose `raw` has no paragraphs of its own (blank lines that
/// WordPress's wpautop turns into `<p>` when it shows the post) or `[caption]` shortcodes: then
/// the portal's `rendered`. Read as HTML, such a post came in as one paragraph, its captions as
/// shortcode text. Block-editor posts, and ours (always in `<p>`), keep their `raw`: `rendered`
/// has WordPress's typography applied (curly quotes), which would read as edits.
pub fn content_html(post: &Value) -> String {
    let raw = post.pointer("/content/raw").and_then(Value::as_str).unwrap_or_default();
    let rendered = post.pointer("/content/rendered").and_then(Value::as_str);
    let needs_filters = !raw.contains("<!-- wp:")
        && !raw.trim().is_empty()
        && (!raw.to_ascii_lowercase().contains("<p") || raw.contains("[caption"));
    match rendered {
        Some(html) if needs_filters => html.to_string(),
        _ => raw.to_string(),
    }
}

impl Post {
    fn from_json(v: Value) -> Option<Post> {
        let raw = |k: &str| {
            v.get(k)
                .and_then(|x| x.get("raw").or_else(|| x.get("rendered")))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Some(Post {
            id: v.get("id")?.as_i64()?,
            link: v.get("link").and_then(Value::as_str).map(str::to_string),
            status: v.get("status").and_then(Value::as_str).unwrap_or_default().to_string(),
            slug: v.get("slug").and_then(Value::as_str).unwrap_or_default().to_string(),
            modified_gmt: v.get("modified_gmt").and_then(Value::as_str).map(str::to_string),
            title_raw: raw("title"),
            content_html: content_html(&v),
            json: v,
        })
    }
}

/// A medium on the portal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    pub id: i64,
    pub source_url: String,
    /// Raw caption and alt text (with `context=edit`; empty otherwise).
    pub caption: String,
    pub alt: String,
}

/// What the portal check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalInfo {
    pub name: String,
    pub user: String,
    pub capabilities: Vec<String>,
}

/// The capabilities a push needs: writing and publishing posts, uploading photos, creating
/// categories for new channels.
pub const NEEDED_CAPABILITIES: [&str; 4] = [
    "publish_posts",
    "edit_published_posts",
    "upload_files",
    "manage_categories",
];

/// One portal and one account on it.
#[derive(Clone)]
pub struct WordPress {
    http: Http,
    /// The portal's home, without a trailing slash.
    home: String,
    name: String,
    user: String,
    authorization: String,
}

impl std::fmt::Debug for WordPress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordPress")
            .field("home", &self.home)
            .field("user", &self.user)
            .finish()
    }
}

impl WordPress {
    /// `name` names the target in messages; `home` is the portal's address.
    pub fn new(http: Http, name: &str, home: &str, user: &str, password: &Secret) -> WordPress {
        // WordPress ignores the spaces of an application password's groups; Basic auth carries them fine.
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", password.expose()));
        WordPress {
            http,
            home: home.trim_end_matches('/').to_string(),
            name: name.to_string(),
            user: user.to_string(),
            authorization: format!("Basic {token}"),
        }
    }

    pub fn home(&self) -> &str {
        &self.home
    }

    fn url(&self, route: &str) -> String {
        format!("{}/wp-json/{}", self.home, route.trim_start_matches('/'))
    }

    fn call(
        &self,
        method: &str,
        url: &str,
        auth: bool,
        headers: Vec<(&str, String)>,
        body: Option<&[u8]>,
    ) -> Call<Reply> {
        let reply = self
            .http
            .send(Request {
                method,
                url,
                authorization: auth.then_some(self.authorization.as_str()),
                headers,
                body,
            })
            .map_err(|NoAnswer { detail, maybe_sent }| CallError {
                error: Error::Network {
                    url: url.to_string(),
                    detail,
                },
                maybe_sent: maybe_sent && method != "GET",
                status: None,
                body: None,
            })?;
        if (200..300).contains(&reply.status) {
            return Ok(reply);
        }
        Err(self.refusal(url, &reply))
    }

    fn refusal(&self, url: &str, reply: &Reply) -> CallError {
        let json = reply.json();
        let code = json
            .as_ref()
            .and_then(|j| j.get("code"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let detail = json
            .as_ref()
            .and_then(|j| j.get("message"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let error = if reply.status == 401 {
            Error::Auth {
                target: self.name.clone(),
                detail: format!("HTTP 401 {code}"),
            }
        } else {
            Error::Remote {
                url: url.to_string(),
                problem: RemoteProblem::Refused {
                    status: reply.status,
                    code,
                    detail,
                },
            }
        };
        CallError {
            error,
            // A 5xx may come after WordPress wrote the post; a 4xx other than 400 did nothing.
            maybe_sent: reply.status >= 500 || reply.status == 400,
            status: Some(reply.status),
            body: json,
        }
    }

    fn json_call(&self, method: &str, route: &str, body: Option<&Value>) -> Call<Value> {
        let url = self.url(route);
        let bytes = body.map(|b| serde_json::to_vec(b).expect("JSON serializes"));
        let headers = if bytes.is_some() {
            vec![("Content-Type", "application/json; charset=utf-8".to_string())]
        } else {
            Vec::new()
        };
        let reply = self.call(method, &url, true, headers, bytes.as_deref())?;
        self.parse(&url, &reply)
    }

    fn parse(&self, url: &str, reply: &Reply) -> Call<Value> {
        reply.json().ok_or_else(|| CallError {
            error: Error::Remote {
                url: url.to_string(),
                problem: RemoteProblem::Unreadable(format!("HTTP {} without JSON", reply.status)),
            },
            maybe_sent: false,
            status: Some(reply.status),
            body: None,
        })
    }

    fn unreadable(&self, route: &str, what: &str) -> CallError {
        CallError {
            error: Error::Remote {
                url: self.url(route),
                problem: RemoteProblem::Unreadable(what.to_string()),
            },
            maybe_sent: false,
            status: None,
            body: None,
        }
    }

    /// The REST API's index, checked: it answers as WordPress's `wp/v2` and offers application
    /// passwords. Needs no credentials, so the app can check a portal before authorizing.
    fn rest_index(&self) -> Result<Value, Error> {
        let url = self.url("");
        let no_api = || Error::Remote {
            url: self.home.clone(),
            problem: RemoteProblem::NoRestApi,
        };
        let root = match self.call("GET", &url, false, Vec::new(), None) {
            Ok(reply) => reply.json().ok_or_else(no_api)?,
            Err(CallError { status: Some(_), .. }) => return Err(no_api()),
            Err(e) => return Err(e.error),
        };
        let has_v2 = root
            .get("namespaces")
            .and_then(Value::as_array)
            .is_some_and(|n| n.iter().any(|x| x == "wp/v2"));
        if !has_v2 {
            return Err(no_api());
        }
        if root
            .get("authentication")
            .and_then(|a| a.get("application-passwords"))
            .is_none()
        {
            return Err(Error::Remote {
                url: self.home.clone(),
                problem: RemoteProblem::NoApplicationPasswords,
            });
        }
        Ok(root)
    }

    /// Where the portal approves an application: the address its REST index gives, else the
    /// standard `wp-admin/authorize-application.php`.
    pub fn authorization_page(&self) -> Result<String, Error> {
        let root = self.rest_index()?;
        Ok(root
            .pointer("/authentication/application-passwords/endpoints/authorization")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}/wp-admin/authorize-application.php", self.home)))
    }

    /// Checks the portal before it becomes a target: the REST API answers, application
    /// passwords are on, the credentials work and the user may do what a push does.
    pub fn check(&self) -> Result<PortalInfo, Error> {
        let root = self.rest_index()?;
        let me = match self.json_call("GET", "wp/v2/users/me?context=edit", None) {
            Ok(me) => me,
            Err(CallError { status: Some(401), .. }) => {
                return Err(Error::Remote {
                    url: self.home.clone(),
                    problem: RemoteProblem::CredentialsRefused {
                        user: self.user.clone(),
                    },
                });
            }
            Err(e) => return Err(e.error),
        };
        let capabilities: Vec<String> = me
            .get("capabilities")
            .and_then(Value::as_object)
            .map(|c| {
                c.iter()
                    .filter(|(_, v)| v.as_bool() == Some(true))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        if let Some(missing) = NEEDED_CAPABILITIES
            .iter()
            .find(|c| !capabilities.iter().any(|x| x == *c))
        {
            return Err(Error::Remote {
                url: self.home.clone(),
                problem: RemoteProblem::MissingCapability {
                    user: self.user.clone(),
                    capability: missing.to_string(),
                },
            });
        }
        Ok(PortalInfo {
            name: root.get("name").and_then(Value::as_str).unwrap_or_default().to_string(),
            user: me.get("slug").and_then(Value::as_str).unwrap_or_default().to_string(),
            capabilities,
        })
    }

    pub fn create_post(&self, body: &Value) -> Call<Post> {
        let v = self.json_call("POST", "wp/v2/posts", Some(body))?;
        Post::from_json(v).ok_or_else(|| self.unreadable("wp/v2/posts", "a post without an id"))
    }

    pub fn update_post(&self, id: i64, body: &Value) -> Call<Post> {
        let route = format!("wp/v2/posts/{id}");
        let v = self.json_call("POST", &route, Some(body))?;
        Post::from_json(v).ok_or_else(|| self.unreadable(&route, "a post without an id"))
    }

    /// The post with its raw title and content; None when the portal has no such post.
    ///
    /// Only WordPress's own answer for a missing post counts as gone: a push decides from it
    /// to forget the post or to offer publishing it again, so a proxy's 404 page or an answer
    /// that is no post (a plugin, a cache) is an error, never "deleted".
    pub fn post(&self, id: i64) -> Call<Option<Post>> {
        let route = format!("wp/v2/posts/{id}?context=edit");
        match self.json_call("GET", &route, None) {
            Ok(v) => Post::from_json(v)
                .filter(|p| p.id == id)
                .map(Some)
                .ok_or_else(|| self.unreadable(&route, "an answer that is not the post asked for")),
            Err(CallError {
                status: Some(404 | 410),
                body: Some(body),
                ..
            }) if body.get("code").and_then(Value::as_str) == Some("rest_post_invalid_id") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The post carrying a Newsdesk id (the must-use plugin's filter), trashed ones included.
    /// Without the plugin WordPress ignores the filter and answers every post: only a post whose
    /// meta really holds the id counts.
    pub fn find_by_newsdesk_id(&self, newsdesk_id: &str) -> Call<Option<Post>> {
        let route = format!(
            "wp/v2/posts?newsdesk_id={}&status=publish,future,draft,pending,private,trash&context=edit&per_page=10",
            encode(newsdesk_id)
        );
        let list = self.json_call("GET", &route, None)?;
        Ok(list
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p.pointer("/meta/newsdesk_id").and_then(Value::as_str) == Some(newsdesk_id))
            .find_map(|p| Post::from_json(p.clone())))
    }

    /// The post with this slug in any status but trash (the lookup without the plugin).
    pub fn find_by_slug(&self, slug: &str) -> Call<Option<Post>> {
        let route = format!("wp/v2/posts?slug={}&status=any&context=edit", encode(slug));
        let list = self.json_call("GET", &route, None)?;
        Ok(list
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p.get("slug").and_then(Value::as_str) == Some(slug))
            .and_then(|p| Post::from_json(p.clone())))
    }

    /// A page of posts for pull, oldest first, with the number of pages.
    pub fn posts_page(&self, page: u32, per_page: u32) -> Call<(Vec<Post>, u32)> {
        let route = format!(
            "wp/v2/posts?status=publish,future,draft,pending,private&context=edit&orderby=id&order=asc&page={page}&per_page={per_page}"
        );
        let url = self.url(&route);
        let reply = match self.call("GET", &url, true, Vec::new(), None) {
            Ok(r) => r,
            // Past the last page WordPress answers 400 rest_post_invalid_page_number.
            Err(CallError { status: Some(400), .. }) if page > 1 => return Ok((Vec::new(), page - 1)),
            Err(e) => return Err(e),
        };
        let pages = reply.total_pages.unwrap_or(1);
        let list = self.parse(&url, &reply)?;
        let posts = list
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Post::from_json(p.clone()))
            .collect();
        Ok((posts, pages))
    }

    /// Uploads a photo in one request, with its words as query parameters of the upload.
    pub fn upload_media(
        &self,
        bytes: &[u8],
        file_name: &str,
        content_type: &str,
        title: &str,
        caption: &str,
        alt: &str,
    ) -> Call<Media> {
        let route = format!(
            "wp/v2/media?title={}&caption={}&alt_text={}",
            encode(title),
            encode(caption),
            encode(alt)
        );
        let url = self.url(&route);
        let headers = vec![
            ("Content-Type", content_type.to_string()),
            ("Content-Disposition", format!("attachment; filename=\"{file_name}\"")),
        ];
        let reply = self.call("POST", &url, true, headers, Some(bytes))?;
        let v = self.parse(&url, &reply)?;
        media_from(&v).ok_or_else(|| self.unreadable(&route, "a medium without an id"))
    }

    /// A medium whose title is this hashed name (how uploads are titled), after an upload
    /// that may have gone through.
    pub fn find_media(&self, title: &str) -> Call<Option<Media>> {
        let route = format!("wp/v2/media?search={}&context=edit&per_page=20", encode(title));
        let list = self.json_call("GET", &route, None)?;
        Ok(list
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m.pointer("/title/raw").and_then(Value::as_str) == Some(title))
            .and_then(media_from))
    }

    pub fn media(&self, id: i64) -> Call<Option<Media>> {
        match self.json_call("GET", &format!("wp/v2/media/{id}?context=edit"), None) {
            Ok(v) => Ok(media_from(&v)),
            Err(CallError { status: Some(404), .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The id of the term (category or tag) with this name, created when missing; an existing
    /// one answers 400 term_exists with its id, so this is one request either way.
    pub fn term(&self, taxonomy: &str, name: &str) -> Call<i64> {
        let route = format!("wp/v2/{taxonomy}");
        match self.json_call("POST", &route, Some(&serde_json::json!({ "name": name }))) {
            Ok(v) => v
                .get("id")
                .and_then(Value::as_i64)
                .ok_or_else(|| self.unreadable(&route, "a term without an id")),
            Err(e) if e.status == Some(400) => {
                let existing = e
                    .body
                    .as_ref()
                    .filter(|b| b.get("code").and_then(Value::as_str) == Some("term_exists"))
                    .and_then(|b| b.pointer("/data/term_id"))
                    .and_then(Value::as_i64);
                existing.ok_or(e)
            }
            Err(e) => Err(e),
        }
    }

    /// A term's name by its id (WordPress answers names HTML-escaped: `本地 &amp; 民生`).
    pub fn term_name(&self, taxonomy: &str, id: i64) -> Result<String, Error> {
        let v = self.json_call("GET", &format!("wp/v2/{taxonomy}/{id}"), None)?;
        Ok(unescape(v.get("name").and_then(Value::as_str).unwrap_or_default()))
    }

    /// Raw GET of a path below the portal's home (e.g. a public post URL), with no credentials.
    pub fn public_status(&self, url: &str) -> Result<u16, Error> {
        self.http
            .send(Request {
                method: "GET",
                url,
                authorization: None,
                headers: Vec::new(),
                body: None,
            })
            .map(|r| r.status)
            .map_err(|e| Error::Network {
                url: url.to_string(),
                detail: e.detail,
            })
    }

    /// Downloads a file (a pulled post's photo).
    pub fn download(&self, url: &str) -> Result<Vec<u8>, Error> {
        let reply = self.call("GET", url, false, Vec::new(), None)?;
        Ok(reply.body)
    }
}

fn media_from(v: &Value) -> Option<Media> {
    Some(Media {
        id: v.get("id")?.as_i64()?,
        source_url: v.get("source_url")?.as_str()?.to_string(),
        caption: v
            .pointer("/caption/raw")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        alt: v
            .get("alt_text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    })
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Undoes WordPress's escaping of names (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#039;`).
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
