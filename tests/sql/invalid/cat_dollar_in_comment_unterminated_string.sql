-- near-miss: an unterminated string; the $$ in the comment is not a body [docs.snowflake.com/en/sql-reference/constants]
-- twin: -- costs $$ and $$
-- twin: SELECT 'x'
-- costs $$ and $$
SELECT 'x;
