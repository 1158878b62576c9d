//! The real client: `snowflake-api` over reqwest, built with the `apply` feature.

use reqwest_middleware::{Middleware, Next};
use snowflake_api::{AuthArgs, AuthType, CertificateArgs, PasswordArgs, QueryResult};
use snowflake_api::{SnowflakeApi, SnowflakeApiBuilder, SnowflakeApiError};

use super::{ExecError, Rows};
use crate::apply::connection::{Auth, Settings};

/// Every request goes through this: it rewrites scheme, host and port for a configured endpoint
/// (the crate's URL is fixed to `https://{account}.snowflakecomputing.com`), and follows a query that
/// is still running after Snowflake's synchronous wait. Snowflake then answers code `333334` with a
/// `getResultUrl`; the middleware polls that URL (GET, the same session token) with a growing pause
/// until the result comes or `poll_timeout` passes, and hands the crate the final answer, so such a
/// statement is neither recorded as failed ("error decoding response body") nor sent again.
/// The crate's own client retries transient errors by sending the request again (reqwest-retry,
/// three times); a statement the server may have run must not be resent blind, so this client has
/// no retry: an unknown outcome is resolved from the query history ([`crate::apply::history`]).
struct Endpoint {
    base: Option<reqwest::Url>,
    poll: reqwest::Client,
    poll_timeout: std::time::Duration,
}

/// Snowflake's "statement still running, poll the result URL" code.
const STILL_RUNNING: &str = "333334";

#[async_trait::async_trait]
impl Middleware for Endpoint {
    async fn handle(
        &self,
        mut req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        if let Some(base) = &self.base {
            let url = req.url_mut();
            // Both are "special" schemes, so the url crate allows the switch; errors cannot occur
            // for a base that parsed as http(s).
            let _ = url.set_scheme(base.scheme());
            let _ = url.set_host(base.host_str());
            let _ = url.set_port(base.port());
        }
        let origin = req.url().clone();
        let headers = req.headers().clone();
        let is_query = origin.path().ends_with("/queries/v1/query-request");
        let resp = next.run(req, extensions).await?;
        if !is_query || !resp.status().is_success() {
            return Ok(resp);
        }
        let status = resp.status();
        let mut body = resp.bytes().await?;
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(50);
        loop {
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            if json["code"].as_str() != Some(STILL_RUNNING) {
                break;
            }
            let Some(path) = json["data"]["getResultUrl"].as_str() else {
                break;
            };
            if started.elapsed() >= self.poll_timeout {
                return Err(reqwest_middleware::Error::middleware(
                    std::io::Error::other(format!(
                        "statement still running after {} s (query {}); its outcome is unknown",
                        self.poll_timeout.as_secs(),
                        json["data"]["queryId"].as_str().unwrap_or("?")
                    )),
                ));
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(std::time::Duration::from_secs(2));
            let url = origin.join(path).map_err(|e| {
                reqwest_middleware::Error::middleware(std::io::Error::other(e.to_string()))
            })?;
            let mut get = self.poll.get(url);
            for name in [http::header::AUTHORIZATION, http::header::ACCEPT] {
                if let Some(v) = headers.get(&name) {
                    get = get.header(name, v.clone());
                }
            }
            body = get.send().await?.bytes().await?;
        }
        let rebuilt = http::Response::builder()
            .status(status)
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(body)
            .map_err(|e| reqwest_middleware::Error::middleware(std::io::Error::other(e)))?;
        Ok(reqwest::Response::from(rebuilt))
    }
}

/// One logged-in (on first use) Snowflake session.
pub struct Session {
    api: SnowflakeApi,
}

impl Session {
    /// A new session for `settings` (logs in on the first statement); a running statement is
    /// polled for up to an hour.
    pub fn open(settings: &Settings) -> Result<Self, String> {
        Self::open_with(settings, std::time::Duration::from_secs(3600))
    }

    /// A new session whose running statements are polled for up to `poll_timeout`.
    pub fn open_with(
        settings: &Settings,
        poll_timeout: std::time::Duration,
    ) -> Result<Self, String> {
        let auth_type = match &settings.auth {
            Auth::Password(p) => AuthType::Password(PasswordArgs {
                password: p.clone(),
            }),
            Auth::KeyPair(pem) => AuthType::Certificate(CertificateArgs {
                private_key_pem: pem.clone(),
            }),
        };
        let args = AuthArgs {
            account_identifier: settings.account.clone(),
            warehouse: settings.warehouse.clone(),
            database: settings.database.clone(),
            schema: settings.schema.clone(),
            username: settings.user.clone(),
            role: settings.role.clone(),
            auth_type,
        };
        let base = match &settings.endpoint {
            Some(endpoint) => Some(reqwest::Url::parse(endpoint).map_err(|e| {
                format!("connection `{}`: endpoint {endpoint}: {e}", settings.name)
            })?),
            None => None,
        };
        let http = reqwest::Client::builder()
            .user_agent(concat!("snowtenant/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| e.to_string())?;
        let client = reqwest_middleware::ClientBuilder::new(http.clone())
            .with(Endpoint {
                base,
                poll: http,
                poll_timeout,
            })
            .build();
        let builder = SnowflakeApiBuilder::new(args).with_client(client);
        let api = builder.build().map_err(|e| e.to_string())?;
        Ok(Self { api })
    }

    /// Runs one statement; the error is Snowflake's message.
    pub async fn exec(&self, sql: &str) -> Result<(), String> {
        self.api.exec(sql).await.map(|_| ()).map_err(message)
    }

    /// Runs one statement, telling a failure Snowflake reported from an unknown outcome.
    pub async fn run(&self, sql: &str) -> Result<(), ExecError> {
        match self.api.exec(sql).await {
            Ok(_) => Ok(()),
            Err(e @ SnowflakeApiError::ApiError(..)) => Err(ExecError::Failed(message(e))),
            Err(e) => Err(ExecError::Unknown(message(e))),
        }
    }

    /// Runs one query and returns its rows as text.
    pub async fn query(&self, sql: &str) -> Result<Rows, String> {
        match self.api.exec(sql).await.map_err(message)? {
            QueryResult::Empty => Ok(Rows::default()),
            QueryResult::Json(j) => {
                let columns = j.schema.iter().map(|f| f.name.clone()).collect();
                let rows = j
                    .value
                    .as_array()
                    .map(|rows| {
                        rows.iter()
                            .map(|r| {
                                r.as_array()
                                    .map(|cells| cells.iter().map(cell).collect())
                                    .unwrap_or_default()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Rows { columns, rows })
            }
            QueryResult::Arrow(batches) => Ok(crate::apply::arrow_rows::rows(&batches)),
        }
    }
}

fn cell(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn message(e: SnowflakeApiError) -> String {
    match e {
        SnowflakeApiError::ApiError(code, msg) => format!("Snowflake error {code}: {msg}"),
        other => other.to_string(),
    }
}
