CREATE ROLE IF NOT EXISTS R COMMENT 'missing the equals sign';
