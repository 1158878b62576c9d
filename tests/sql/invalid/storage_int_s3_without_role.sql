-- near-miss: an S3 storage integration needs STORAGE_AWS_ROLE_ARN [docs.snowflake.com/en/sql-reference/sql/create-storage-integration]
-- twin: CREATE STORAGE INTEGRATION si TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::001234567890:role/r' ENABLED = TRUE STORAGE_ALLOWED_LOCATIONS = ('s3://b/p/')
CREATE STORAGE INTEGRATION si TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE STORAGE_ALLOWED_LOCATIONS = ('s3://b/p/');
