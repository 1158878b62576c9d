CREATE TAG cost_center ALLOWED_VALUES ('finance', 'sales');
