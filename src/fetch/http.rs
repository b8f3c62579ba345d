//! HTTP for fetching: one agent (rustls, gzip and brotli accepted, redirects followed up to a
//! bound, one timeout per request, a User-Agent naming briefing and its version), at most N
//! requests at a time to one host, conditional GET, a cap on how much of a response is read,
//! and the robots.txt of a site for page downloads. Failures come back as a reason a person can
//! read ("HTTP 404 Not Found", "timed out after 30 s"); nothing here panics on what a server
//! sends.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ureq::ResponseExt;

/// How the client behaves; [`Default`] is what `briefing fetch` uses.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Requests in flight to one host at once.
    pub per_host: usize,
    /// The whole of one request: connecting, sending, every redirect and reading the body.
    pub timeout: Duration,
    /// A response larger than this is refused (after decompression).
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            per_host: 2,
            timeout: Duration::from_secs(30),
            max_bytes: 50 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// What a server said about a version of a resource, sent back to ask "changed since?".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A successful answer.
#[derive(Debug)]
pub enum Got {
    /// 304: what was fetched last time is still current.
    NotModified,
    Body {
        bytes: Vec<u8>,
        /// Where the body came from, after redirects.
        final_url: String,
        content_type: Option<String>,
        validators: Validators,
    },
}

pub struct Client {
    agent: ureq::Agent,
    options: HttpOptions,
    busy: Mutex<HashMap<String, usize>>,
    freed: Condvar,
    /// Each site's robots rules, fetched once (other threads wait for the first); `None` when
    /// it has none (or they can't be had).
    robots: Mutex<HashMap<String, Arc<OnceLock<Option<texting_robots::Robot>>>>>,
}

/// The name briefing gives itself to servers, and the agent robots.txt rules are matched on.
pub const AGENT_NAME: &str = "briefing";

pub fn user_agent() -> String {
    format!(
        "{AGENT_NAME}/{} (terminal news reader; +https://crates.io/crates/briefing)",
        env!("CARGO_PKG_VERSION")
    )
}

impl Client {
    pub fn new(options: HttpOptions) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .max_redirects(options.max_redirects)
            .user_agent(user_agent())
            .http_status_as_error(false)
            .build();
        Self {
            agent: config.into(),
            options,
            busy: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
            robots: Mutex::new(HashMap::new()),
        }
    }

    /// GET `url`, sending `known` as If-None-Match / If-Modified-Since.
    pub fn get(&self, url: &str, known: Option<&Validators>) -> Result<Got, String> {
        let parsed = url::Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!(
                "not a web address ({}: is not http or https)",
                parsed.scheme()
            ));
        }
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        let _slot = self.slot(&host);
        let mut request = self.agent.get(url);
        if let Some(v) = known.filter(|v| !v.is_empty()) {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(lm) = &v.last_modified {
                request = request.header("If-Modified-Since", lm);
            }
        }
        let mut response = request.call().map_err(|e| self.reason(e))?;
        let status = response.status();
        if status.as_u16() == 304 {
            return Ok(Got::NotModified);
        }
        if !status.is_success() {
            return Err(format!(
                "HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string());
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let content_type = header("content-type");
        let final_url = response.get_uri().to_string();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(self.options.max_bytes)
            .read_to_vec()
            .map_err(|e| self.reason(e))?;
        Ok(Got::Body {
            bytes,
            final_url,
            content_type,
            validators,
        })
    }

    /// Whether the site's robots.txt lets briefing download `url`. A site without one (or
    /// whose robots.txt can't be read) allows everything, as the convention says.
    pub fn allowed(&self, url: &str) -> bool {
        let Ok(parsed) = url::Url::parse(url) else {
            return false;
        };
        let origin = parsed.origin().ascii_serialization();
        let cell = match self.robots.lock() {
            Ok(mut m) => Arc::clone(m.entry(origin.clone()).or_default()),
            Err(_) => Arc::new(OnceLock::new()),
        };
        let rules = cell.get_or_init(|| match self.get(&format!("{origin}/robots.txt"), None) {
            Ok(Got::Body { bytes, .. }) => texting_robots::Robot::new(AGENT_NAME, &bytes).ok(),
            _ => None,
        });
        rules.as_ref().is_none_or(|r| r.allowed(url))
    }

    fn reason(&self, e: ureq::Error) -> String {
        match e {
            ureq::Error::Timeout(_) => {
                format!("timed out after {} s", self.options.timeout.as_secs_f32())
            }
            ureq::Error::BodyExceedsLimit(_) => format!(
                "the response is larger than {} MB",
                self.options.max_bytes / (1024 * 1024)
            ),
            ureq::Error::TooManyRedirects => {
                format!("more than {} redirects", self.options.max_redirects)
            }
            ureq::Error::HostNotFound => "host not found (DNS)".to_string(),
            ureq::Error::Io(io) => format!("cannot connect: {io}"),
            other => other.to_string(),
        }
    }

    /// Wait for a free request slot on `host`; the slot is given back when the guard drops.
    fn slot(&self, host: &str) -> Slot<'_> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        while busy.get(host).copied().unwrap_or(0) >= self.options.per_host.max(1) {
            busy = self.freed.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        *busy.entry(host.to_string()).or_default() += 1;
        Slot {
            client: self,
            host: host.to_string(),
        }
    }
}

struct Slot<'a> {
    client: &'a Client,
    host: String,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut busy = self.client.busy.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = busy.get_mut(&self.host) {
            *n = n.saturating_sub(1);
        }
        drop(busy);
        self.client.freed.notify_all();
    }
}
