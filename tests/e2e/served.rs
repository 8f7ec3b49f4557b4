//! A one-thread web server on 127.0.0.1 for the end-to-end tests: the pages, manifests and
//! packages the app fetches, answered from routes the test may change while it serves, with
//! every path asked for recorded. It serves until dropped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Routes = HashMap<String, (String, Vec<u8>)>;

pub struct Served {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    routes: Arc<Mutex<Routes>>,
    asked: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Served {
    /// Serves nothing yet (every path a 404): routes are added with [`Served::route`], which
    /// may need the address first.
    pub fn start() -> Served {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes = Arc::new(Mutex::new(Routes::new()));
        let asked = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (served, log, stopped) = (routes.clone(), asked.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                let Ok((stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                };
                stream.set_nonblocking(false).unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                // The rest of the request head, up to its blank line.
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                log.lock().unwrap().push(path.clone());
                let found = served.lock().unwrap().get(&path).cloned();
                let (status, (kind, body)) = match found {
                    Some(route) => ("200 OK", route),
                    None => ("404 Not Found", ("text/plain".to_string(), b"missing".to_vec())),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let mut stream = stream;
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        Served {
            base,
            routes,
            asked,
            stop,
        }
    }

    /// Serves `body` as `kind` at `path` from now on (in place of what it served there).
    pub fn route(&self, path: &str, kind: &str, body: Vec<u8>) {
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), (kind.to_string(), body));
    }

    /// The paths asked for so far, in order.
    pub fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap().clone()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
