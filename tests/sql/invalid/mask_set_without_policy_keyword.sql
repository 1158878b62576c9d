ALTER TABLE user_info MODIFY COLUMN email SET MASKING email_mask;
