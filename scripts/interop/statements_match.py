"""Checks that the statements a stub Snowflake received (a JSON-lines log of sqlText, see
fake_snowflake.py) are the SQL file's statements byte for byte, in order, and all of them.

Each received statement must occur verbatim in the file after the previous one; what lies between
and after them may only be whitespace and whole `--` comment lines (which `snow sql` strips by
default). A statement that a client rewrote (`&&` -> `&`, a `&name` variable, a `{# #}` comment
removed) is not found, and a statement it dropped leaves SQL text uncovered: both fail.

usage: statements_match.py SQL_FILE LOG_JSONL
"""

import json
import sys


def only_comments(gap: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in gap.splitlines())


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    received = [json.loads(line)["sql"] for line in open(sys.argv[2], encoding="utf-8")]
    pos = 0
    for n, sql in enumerate(received, 1):
        # The connector's splitter keeps the statement's own `;`.
        found = text.find(sql, pos)
        if found < 0 or not only_comments(text[pos:found]):
            preview = sql if len(sql) < 300 else sql[:300] + "..."
            sys.exit(f"statement {n} was not sent as written in {sys.argv[1]}:\n{preview}")
        pos = found + len(sql)
    rest = text[pos:]
    if not only_comments(rest):
        sys.exit(f"{sys.argv[1]}: SQL after the last statement sent was never sent:\n{rest[:300]}")
    print(f"{len(received)} statements arrived byte-identical")


if __name__ == "__main__":
    main()
