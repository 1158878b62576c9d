-- near-miss: OAUTH_SCOPES (client credentials) and OAUTH_REFRESH_TOKEN (authorization code) are two flows [docs.snowflake.com/en/sql-reference/sql/create-secret]
-- twin: CREATE SECRET s TYPE = OAUTH2 API_AUTHENTICATION = si OAUTH_SCOPES = ('useraccount')
CREATE SECRET s TYPE = OAUTH2 API_AUTHENTICATION = si OAUTH_SCOPES = ('useraccount') OAUTH_REFRESH_TOKEN = 'r';
