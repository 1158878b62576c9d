"""A local stand-in for the Snowflake REST endpoints the Python connector (snowflake-connector-python,
under the Snowflake CLI and dbt-snowflake) calls: login, query, session close, telemetry. Every
statement's sqlText is appended, exactly as received, to a JSON-lines log. Answers: `SHOW
PARAMETERS` one row with an empty value (the session has no query tag), any other `SHOW`/`DESCRIBE`
no rows (an empty account: no relation exists yet), everything else one row
`status = 'Statement executed successfully.'`.

The request/response shapes are those the connector's own code reads (connection.py `cmd_query`,
auth/_auth.py, network.py): a gzip'd JSON body, a `{"success": true, "data": {...}}` answer.

usage: fake_snowflake.py LOG_JSONL PORT_FILE   (serves on 127.0.0.1, a free port written to PORT_FILE)
"""

import gzip
import http.server
import json
import sys
import threading
import uuid

LOG_PATH, PORT_FILE = sys.argv[1], sys.argv[2]
lock = threading.Lock()

LOGIN = {
    "token": "stub-session-token",
    "masterToken": "stub-master-token",
    "validityInSeconds": 3600,
    "masterValidityInSeconds": 14400,
    "sessionId": 1,
    "parameters": [],
    "sessionInfo": {
        "databaseName": None,
        "schemaName": None,
        "warehouseName": None,
        "roleName": "SYSADMIN",
    },
    "idToken": None,
    "mfaToken": None,
    "healthCheckInterval": 45,
    "displayUserName": "STUB",
    "serverVersion": "9.30.0",
    "firstLogin": False,
}


def column(name):
    return {
        "name": name,
        "database": "",
        "schema": "",
        "table": "",
        "byteLength": 16777216,
        "length": 16777216,
        "type": "text",
        "scale": None,
        "precision": None,
        "nullable": True,
        "collation": None,
    }


SHOW_COLUMNS = ["created_on", "name", "kind", "database_name", "schema_name", "owner", "comment",
                "is_dynamic", "is_iceberg", "type", "null?", "default", "primary key", "unique key"]


def answer_for(sql):
    """(columns, rows) for a statement."""
    words = (sql or "").strip().lower().split()
    if words[:2] == ["show", "parameters"]:
        return ["key", "value", "default", "level", "description", "type"], [["QUERY_TAG", "", "", "", "", "STRING"]]
    if words[:1] in (["show"], ["describe"], ["desc"]):
        return SHOW_COLUMNS, []
    return ["status"], [["Statement executed successfully."]]


def result(query_id, sql):
    columns, rows = answer_for(sql)
    return {
        "parameters": [],
        "rowtype": [column(c) for c in columns],
        "rowset": rows,
        "total": len(rows),
        "returned": len(rows),
        "queryId": query_id,
        "databaseProvider": None,
        "finalDatabaseName": None,
        "finalSchemaName": None,
        "finalWarehouseName": None,
        "finalRoleName": "SYSADMIN",
        "numberOfBinds": 0,
        "arrayBindSupported": False,
        "statementTypeId": 1,
        "version": 1,
        "sendResultTime": 0,
        "queryResultFormat": "json",
        "queryContext": {"entries": []},
    }


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        request = json.loads(body) if body else {}
        path = self.path.split("?")[0]
        if path == "/session/v1/login-request":
            answer = {"success": True, "code": None, "message": None, "data": LOGIN}
        elif path == "/queries/v1/query-request":
            with lock, open(LOG_PATH, "a", encoding="utf-8") as log:
                log.write(json.dumps({"sql": request.get("sqlText")}) + "\n")
            answer = {
                "success": True,
                "code": None,
                "message": None,
                "data": result(str(uuid.uuid4()), request.get("sqlText")),
            }
        else:  # session close, telemetry, heartbeat
            answer = {"success": True, "code": None, "message": None, "data": {}}
        out = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
