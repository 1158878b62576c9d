//! Snowflake sessions through the `snowflake-api` crate. Each [`Session`] is one Snowflake
//! session (its own login), so `USE ROLE` in it lasts until the next `USE ROLE` in it.

use reqwest_middleware::{Middleware, Next};
use snowflake_api::{AuthArgs, AuthType, CertificateArgs, PasswordArgs, QueryResult};
use snowflake_api::{SnowflakeApi, SnowflakeApiBuilder, SnowflakeApiError};

use super::connection::{Auth, Settings};

/// Rewrites scheme, host and port of every request: the crate's URL is fixed to
/// `https://{account}.snowflakecomputing.com`.
struct Endpoint {
    base: reqwest::Url,
}

#[async_trait::async_trait]
impl Middleware for Endpoint {
    async fn handle(
        &self,
        mut req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let url = req.url_mut();
        // Both are "special" schemes, so the url crate allows the switch; errors cannot occur
        // for a base that parsed as http(s).
        let _ = url.set_scheme(self.base.scheme());
        let _ = url.set_host(self.base.host_str());
        let _ = url.set_port(self.base.port());
        next.run(req, extensions).await
    }
}

/// One logged-in (on first use) Snowflake session.
pub struct Session {
    api: SnowflakeApi,
}

/// Rows of a result as strings, with column names (for SHOW and SELECT).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}

impl Session {
    /// A new session for `settings` (logs in on the first statement).
    pub fn open(settings: &Settings) -> Result<Self, String> {
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
        let mut builder = SnowflakeApiBuilder::new(args);
        if let Some(endpoint) = &settings.endpoint {
            let base = reqwest::Url::parse(endpoint)
                .map_err(|e| format!("connection `{}`: endpoint {endpoint}: {e}", settings.name))?;
            let client = snowflake_api::connection::Connection::default_client_builder()
                .map_err(|e| e.to_string())?
                .with(Endpoint { base })
                .build();
            builder = builder.with_client(client);
        }
        let api = builder.build().map_err(|e| e.to_string())?;
        Ok(Self { api })
    }

    /// Runs one statement; the error is Snowflake's message.
    pub async fn exec(&self, sql: &str) -> Result<(), String> {
        self.api.exec(sql).await.map(|_| ()).map_err(message)
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
            QueryResult::Arrow(batches) => Ok(super::arrow_rows::rows(&batches)),
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
